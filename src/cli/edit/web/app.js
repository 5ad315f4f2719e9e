// baocao edit: the page. Plain ES modules, no build step, no network but
// this server: the form (facts.js), the grid (grid.js), the text files
// (prose.js), the problems and the live pages (here). Nothing typed is
// lost: each change is kept in the browser until the server has it
// (net.js), a change made elsewhere meanwhile is merged or shown beside
// the page's, and a closed, reloaded or disconnected page offers its
// unsaved changes back.

import { $, el, toast, saveState, describe, hooks, WORDS } from './ui.js';
import { PAGE, call, connection, startDrafts, orphanDrafts, forgetDrafts, withToken } from './net.js';
import * as facts from './facts.js';
import * as grid from './grid.js';
import * as prose from './prose.js';
import * as pages from './pages.js';

// --- Tabs --------------------------------------------------------------------

function showTab(name) {
  for (const button of document.querySelectorAll('.tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === name));
  }
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== `tab-${name}`;
  if (name === 'problems') loadProblems();
}

/** How many changes the server does not have yet, said in the bar. */
function refreshUnsaved() {
  const count = prose.unsaved().length + facts.unsaved().length + grid.unsaved().length;
  document.body.dataset.unsaved = String(count);
  if (count && connection.state !== 'online') saveState(WORDS.unsavedCount(count), true);
}

// --- The problems -----------------------------------------------------------------

function problemList(problems) {
  if (!problems.length) return el('p', { class: 'empty', textContent: WORDS.noProblems });
  return el('div', {}, problems.map((p) => el('div', {
    class: `problem-item ${p.severity || 'error'}`,
    onclick: () => goToPlace(p),
  },
  el('div', { class: 'where', textContent: [p.file, p.line ? WORDS.line(p.line, p.column) : null, p.within].filter(Boolean).join(', ') }),
  el('div', { class: 'message', textContent: p.message }),
  p.hint ? el('div', { class: 'hint', textContent: p.hint }) : null)));
}

async function loadProblems() {
  const tab = $('#tab-problems');
  tab.replaceChildren(el('p', { textContent: WORDS.checking }));
  const answer = await call('GET', '/api/problems', undefined, { timeout: 60000 });
  if (!answer.ok) return;
  const saved = Array.isArray(answer.body) ? answer.body : answer.body.problems || [];
  tab.replaceChildren(problemList(saved));
  setProblemCount(saved.filter((p) => p.severity === 'error').length);
}

function setProblemCount(count) {
  const button = $('.tabs button[data-tab="problems"]');
  button.replaceChildren(WORDS.problems, count ? el('span', { class: 'count', textContent: String(count) }) : '');
}

/** Goes to where a problem is: the field, the cell or the line. */
function goToPlace(problem) {
  const file = problem.file || '';
  if (file === 'report.yaml') {
    facts.goToFact(null, problem.line);
  } else if (grid.file() && file === grid.file()) {
    grid.goToRow(problem.line ? problem.line - 2 : 0, problem.cell ?? 0);
  } else if (file.startsWith('content/')) {
    prose.openFile(file, problem.line, problem.column);
  } else {
    toast(WORDS.notHere + `: ${file}`);
  }
}

/** Goes to what a click on a page points at. */
function goToTarget(target) {
  if (!target) { toast(WORDS.notHere); return; }
  if (target.kind === 'cell') grid.goToCell(target.id, target.field);
  else if (target.kind === 'fact') facts.goToFact(target.key);
  else if (target.kind === 'line') {
    if (target.file === 'report.yaml') facts.goToFact(null, target.line);
    else prose.openFile(target.file, target.line);
  }
}

// --- The pages ----------------------------------------------------------------------

/** A layout's result: its pages, and its problems, shown. */
function showStatus(status) {
  pages.showPages(status);
  const preview = $('#preview');
  const empty = $('#no-pages');
  if (!status.pages.length && !empty) preview.append(el('p', { id: 'no-pages', class: 'empty-pages', textContent: WORDS.noPages }));
  else if (status.pages.length && empty) empty.remove();
  const banner = $('#error-banner');
  const errors = (status.problems || []).filter((p) => p.severity === 'error');
  prose.marks.errors = status.failed ? errors : [];
  if (prose.shown) prose.refresh();
  banner.hidden = !status.failed;
  if (status.failed && errors.length) {
    banner.textContent = `${WORDS.failed}\n` + errors.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${describe(p)}`).join('\n');
    banner.onclick = () => goToPlace(errors[0]);
  }
  $('#compile-state').textContent = status.failed ? WORDS.failed : WORDS.compiled(Math.round(status.ms));
  $('#compile-state').classList.toggle('bad', status.failed);
  if (!$('#tab-problems').hidden) loadProblems();
}

// --- Files changed elsewhere ------------------------------------------------------

/** The versions this page knows of each file, as last read or saved. */
const versions = {};

function fileSaved(file, version) {
  versions[file] = version;
  // The same file in another part of this page (report.yaml in the form
  // and as text) follows.
  if (file === 'report.yaml') {
    prose.reload('report.yaml', version);
    reloadFacts();
  }
}

async function reloadFacts() {
  const answer = await call('GET', '/api/report');
  if (!answer.ok) return;
  facts.renderFacts(answer.body.facts);
  prose.renderFiles(answer.body.content);
}

/** Files changed by another page or program: `[{ file, version }]`. */
async function changedElsewhere(files) {
  for (const { file, version } of files) {
    if (version && versions[file] === version) continue;
    versions[file] = version;
    if (file === 'report.yaml') await reloadFacts();
    if (file === grid.file()) await grid.reload(version);
    if (prose.docs[file]) await prose.reload(file, version);
  }
}

/** Events were missed: every file is checked against its version. */
async function resync() {
  const answer = await call('GET', '/api/report');
  if (!answer.ok) return;
  const files = [{ file: 'report.yaml', version: answer.body.facts?.version }];
  if (answer.body.grid?.table) files.push({ file: answer.body.grid.table.file, version: answer.body.grid.table.version });
  for (const file of Object.keys(prose.docs)) files.push({ file, version: null });
  await changedElsewhere(files);
}

// --- Unsaved changes from before ------------------------------------------------------

/** Offers back what pages that are gone did not save. */
function offerDrafts() {
  const drafts = orphanDrafts();
  if (!drafts.length) return;
  const box = $('#drafts');
  const describeDraft = (d) => {
    const when = new Date(d.value.t).toLocaleString(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN');
    if (d.kind === 'prose') return `${d.name} (${when})`;
    if (d.kind === 'fact') return `report.yaml: ${d.name} → «${d.value.to}» (${when})`;
    return `${grid.file() || 'indicators'}: ${d.value.ops.length} (${when})`;
  };
  box.hidden = false;
  box.replaceChildren(
    el('div', { textContent: WORDS.drafts(drafts.length) }),
    el('ul', {}, drafts.map((d) => el('li', { textContent: describeDraft(d) }))),
    el('button', { type: 'button', id: 'restore-drafts', textContent: WORDS.restore, onclick: async () => {
      box.hidden = true;
      for (const d of drafts) {
        if (d.kind === 'prose') {
          await prose.openFile(d.name);
          prose.restore(d.name, d.value);
        } else if (d.kind === 'fact') {
          facts.restore(d.name, d.value);
        } else if (d.kind === 'grid') {
          grid.restore(d.value);
        }
      }
      forgetDrafts(drafts);
      toast(WORDS.restored);
    } }),
    el('button', { type: 'button', textContent: WORDS.discard, onclick: () => {
      if (!confirm(WORDS.discardAsk)) return;
      forgetDrafts(drafts);
      box.hidden = true;
    } }));
}

// --- Start -------------------------------------------------------------------------------

hooks.showTab = showTab;
hooks.goToPlace = goToPlace;
hooks.openFile = prose.openFile;
hooks.problemList = problemList;
hooks.refreshUnsaved = refreshUnsaved;
hooks.fileSaved = fileSaved;
hooks.showInPages = pages.showInPages;
pages.hooks.onSource = goToTarget;

async function start() {
  for (const button of document.querySelectorAll('.tabs button')) {
    button.textContent = WORDS[button.dataset.tab];
    button.addEventListener('click', () => showTab(button.dataset.tab));
  }
  $('#build').textContent = WORDS.build;
  $('#build').addEventListener('click', build);
  prose.startProse();
  $('#show-in-pages').textContent = WORDS.showInPages;
  $('#show-in-pages').addEventListener('click', () => pages.showInPages(prose.shown, prose.caretLine().line));
  $('#source').addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      pages.showInPages(prose.shown, prose.caretLine().line);
    }
  });
  window.addEventListener('resize', pages.redraw);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') {
      event.preventDefault();
      saveAll();
    }
  });
  // Closing or reloading the page with changes the server does not have
  // asks first (they are kept in the browser either way).
  window.addEventListener('beforeunload', (event) => {
    if (Number(document.body.dataset.unsaved || 0) > 0) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  connection.listeners.push((state) => {
    if (state === 'online') { saveAll(); resync(); }
    refreshUnsaved();
  });

  const answer = await call('GET', '/api/report');
  if (!answer.ok) return;
  const report = answer.body;
  startDrafts(report.id);
  $('#report-name').textContent = `baocao · ${report.name}`;
  document.title = `${report.name} · baocao`;
  versions['report.yaml'] = report.facts?.version;
  facts.renderFacts(report.facts);
  grid.renderGrid(report.grid);
  if (report.grid?.table) versions[report.grid.table.file] = report.grid.table.version;
  prose.renderFiles(report.content);
  if (report.content.length) await prose.openFile(`content/${report.content[0]}`);
  showTab('facts');
  offerDrafts();

  const events = new EventSource(withToken(`/events?page=${PAGE}`));
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'pages') showStatus(event);
    else if (event.type === 'files' && event.page !== PAGE) changedElsewhere(event.files);
    else if (event.type === 'resync') resync();
  };
  events.onerror = () => {
    // The stream ended: the server stopped, or restarted (a new token).
    call('GET', '/api/ping', undefined, { timeout: 3000 });
  };
  document.body.dataset.ready = 'true';
}

function saveAll() {
  prose.saveAll();
  facts.saveAll();
  grid.saveAll();
}

async function build() {
  const button = $('#build');
  button.disabled = true;
  button.textContent = WORDS.building;
  const answer = await call('POST', '/api/build', {}, { timeout: 300000 });
  button.disabled = false;
  button.textContent = WORDS.build;
  if (answer.ok) toast(`${WORDS.built}: ${answer.body.files.join(', ')}`);
  else if (answer.status) toast(`${WORDS.buildFailed}\n` + (answer.body?.problems || []).map(describe).join('\n'));
}

start();
