// The text files: the prose (content/*.md) and report.yaml as text. Each
// open file is a document that knows the text it started from (`base`, as
// last read from or saved to disk) and its version. A save sends both the
// base and the text; the server merges what changed on disk meanwhile, or
// answers with a conflict, which is shown side by side. A file that cannot
// be read is shown read-only with the reason, never loaded as its text.

import { $, el, toast, saveState, describe, keepCaret, hooks, WORDS } from './ui.js';
import { call, keepDraft, dropDraft, connection } from './net.js';

/** The documents opened, by file. */
export const docs = {};
/** The file shown. */
export let shown = null;
/** The problems of the last layout, for marking lines. */
export const marks = { errors: [] };

let composing = false;

function doc(file) {
  if (!docs[file]) docs[file] = { file, base: null, text: '', version: null, dirty: false, saving: false, again: false, unreadable: null, conflict: null, missing: false };
  return docs[file];
}

/** Whether any text file has changes the server does not have. */
export const unsaved = () => Object.values(docs).filter((d) => d.dirty);

export function renderFiles(files) {
  const bar = $('#prose-files');
  const names = [...files.map((name) => `content/${name}`), 'report.yaml'];
  bar.replaceChildren(...names.map((file) => el('button', {
    type: 'button', textContent: file === 'report.yaml' ? WORDS.asText : file.slice('content/'.length), dataset: { file },
    onclick: () => openFile(file),
  })));
  markSelected();
}

function markSelected() {
  for (const button of document.querySelectorAll('#prose-files button')) {
    button.setAttribute('aria-selected', String(button.dataset.file === shown));
    button.classList.toggle('dirty', Boolean(docs[button.dataset.file]?.dirty));
  }
}

/** Reads `file` from disk into its document (unless it has unsaved text).
 * A failed read marks the document unreadable, its text untouched. */
async function load(file) {
  const d = doc(file);
  const answer = await call('GET', `/api/file?path=${encodeURIComponent(file)}`);
  if (answer.status === 0 || answer.status === 403) return false;
  if (!answer.ok) {
    d.unreadable = (answer.body?.problems || []).map(describe).join('\n') || WORDS.saveFailed;
    // What is on disk now is not known: the next change reads it again.
    d.version = null;
    return true;
  }
  d.unreadable = null;
  d.missing = false;
  d.version = answer.body.version;
  if (!d.dirty) {
    d.base = answer.body.text;
    d.text = answer.body.text;
  }
  return true;
}

/** Shows `file`, at `line` and `column` when given. */
export async function openFile(file, line, column) {
  hooks.showTab('prose');
  if (shown !== file) {
    const d = doc(file);
    if (d.base === null) await load(file);
    shown = file;
    show(d);
  }
  if (line) goToLine(line, column);
}

/** Puts document `d` in the text area, with its notices. */
function show(d) {
  const area = $('#source');
  area.value = d.text;
  area.readOnly = Boolean(d.unreadable) && !d.dirty;
  markSelected();
  notice(d);
  refresh();
}

/** The notice above the text: why the file cannot be read, that it is
 * gone, or the conflict to settle. */
function notice(d) {
  const box = $('#prose-notice');
  box.replaceChildren();
  box.hidden = true;
  if (d.conflict) {
    box.hidden = false;
    box.append(conflictPanel(d));
  } else if (d.unreadable) {
    box.hidden = false;
    box.append(el('strong', { textContent: WORDS.unreadable(d.file) }), el('div', { textContent: d.unreadable }), el('div', { class: 'hint', textContent: WORDS.unreadableHelp }),
      el('button', { type: 'button', textContent: WORDS.retry, onclick: () => reload(d.file, null, true) }));
    if (d.dirty) box.append(el('button', { type: 'button', textContent: WORDS.overwrite, onclick: () => save(d, { force: true }) }));
  } else if (d.missing) {
    box.hidden = false;
    box.append(el('strong', { textContent: WORDS.missing(d.file) }),
      el('button', { type: 'button', textContent: WORDS.recreate, onclick: () => save(d, { force: true }) }));
  }
}

/** The two texts side by side: the disk's, its lines that differ from the
 * page's marked, and the page's, editable. */
function conflictPanel(d) {
  const ours = new Set(d.text.split('\n'));
  const theirs = el('pre', { class: 'theirs' }, d.conflict.theirs.split('\n').map((line) => el('span', { class: ours.has(line) ? '' : 'differs', textContent: `${line}\n` })));
  const mine = el('textarea', { class: 'ours', value: d.text, spellcheck: false });
  mine.addEventListener('input', () => { d.text = mine.value; keepDraft('prose', d.file, { base: d.base, text: d.text }); });
  return el('div', { class: 'conflict' },
    el('strong', { textContent: WORDS.conflictTitle(d.file) }),
    el('p', { class: 'hint', textContent: WORDS.conflictHelp }),
    el('div', { class: 'sides' },
      el('div', {}, el('div', { class: 'side', textContent: WORDS.theirs }), theirs),
      el('div', {}, el('div', { class: 'side', textContent: WORDS.ours }), mine)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'keep-mine', textContent: WORDS.keepMine, onclick: () => {
        d.text = mine.value;
        d.base = d.conflict.theirs;
        d.conflict = null;
        if (shown === d.file) show(d);
        save(d);
      } }),
      el('button', { type: 'button', id: 'take-theirs', textContent: WORDS.takeTheirs, onclick: () => {
        if (!confirm(WORDS.dropMine)) return;
        d.text = d.conflict.theirs;
        d.base = d.conflict.theirs;
        d.version = d.conflict.version;
        d.conflict = null;
        d.dirty = false;
        dropDraft('prose', d.file);
        previewSoon(d);
        if (shown === d.file) show(d);
        hooks.refreshUnsaved();
      } }),
      el('button', { type: 'button', textContent: WORDS.later, onclick: () => { $('#prose-notice').hidden = true; } })));
}

/** Typing in the text area. */
export function typed() {
  const d = docs[shown];
  if (!d) return;
  d.text = $('#source').value;
  d.dirty = d.text !== d.base;
  keepDraft('prose', d.file, { base: d.base, text: d.text });
  if (!d.dirty) dropDraft('prose', d.file);
  markSelected();
  hooks.refreshUnsaved();
  refresh();
  previewSoon(d);
  saveSoon(d);
}

/** How long typing pauses before the pages show it (the save waits
 * longer, SAVE_DELAY). */
const PREVIEW_DELAY = 40;
const SAVE_DELAY = 300;

const previews = {};
/** Sends the text as typed for the pages to show before it is saved
 * (nothing is written: the server lays it out in place of the file's),
 * or, when nothing is unsaved, takes it back. */
function previewSoon(d) {
  clearTimeout(previews[d.file]);
  previews[d.file] = setTimeout(() => {
    if (connection.state !== 'online') return;
    call('PUT', `/api/preview?path=${encodeURIComponent(d.file)}`, { text: d.dirty ? d.text : null });
  }, PREVIEW_DELAY);
}

const timers = {};
function saveSoon(d) {
  clearTimeout(timers[d.file]);
  timers[d.file] = setTimeout(() => save(d), SAVE_DELAY);
}

/** Saves document `d`: its text with the base it started from. */
export async function save(d, { force = false } = {}) {
  if (d.saving) { d.again = true; return; }
  if (!d.dirty || (d.conflict && !force) || connection.state === 'expired') return;
  if ((d.unreadable || d.missing) && !force) return;
  d.saving = true;
  const sent = d.text;
  saveState(WORDS.saving);
  const answer = await call('PUT', `/api/file?path=${encodeURIComponent(d.file)}`, { base: d.base ?? '', text: sent, force });
  d.saving = false;
  if (answer.status === 0 || answer.status === 403) {
    hooks.refreshUnsaved();
    return;
  }
  const body = answer.body || {};
  if (answer.ok) {
    d.version = body.version;
    d.unreadable = null;
    d.missing = false;
    const disk = body.merged ?? sent;
    if (d.text === sent && !composing) {
      if (body.merged !== null && body.merged !== undefined) {
        d.text = disk;
        if (shown === d.file) keepCaret($('#source'), disk);
        toast(WORDS.mergedHere(d.file));
      }
      d.base = disk;
      d.dirty = false;
      dropDraft('prose', d.file);
      saveState(WORDS.saved);
    } else {
      // Typed on meanwhile: what was sent is on disk (with the other
      // side's edits, if merged); the next save merges from there.
      d.base = sent;
      keepDraft('prose', d.file, { base: d.base, text: d.text });
      if (!d.again) saveSoon(d);
    }
    hooks.fileSaved(d.file, d.version);
  } else if (answer.status === 409) {
    if (body.outcome === 'conflict') d.conflict = { theirs: body.theirs, version: body.version };
    else if (body.outcome === 'missing') d.missing = true;
    else if (body.outcome === 'unreadable') d.unreadable = body.problem;
    saveState(WORDS.saveFailed, true);
  } else {
    saveState(WORDS.saveFailed, true);
    toast((body.problems || []).map(describe).join('\n') || WORDS.saveFailed);
  }
  if (shown === d.file) { notice(d); $('#source').readOnly = Boolean(d.unreadable) && !d.dirty; }
  markSelected();
  hooks.refreshUnsaved();
  if (d.again) {
    d.again = false;
    save(d);
  } else if (d.announced !== undefined) {
    // Changed elsewhere while the save was on its way.
    const announced = d.announced;
    delete d.announced;
    if (announced !== d.version) reload(d.file, announced);
  }
}

/** Saves every document with unsaved text (after the connection is back). */
export function saveAll() {
  for (const d of unsaved()) save(d);
}

/** `file` changed on disk (to `version`, or unreadable when null): an
 * untouched document takes the new text; one with unsaved text keeps it
 * and merges when saved. */
export async function reload(file, version, asked = false) {
  const d = docs[file];
  if (!d || (version && d.version === version && !asked)) return;
  if (d.saving) {
    // Looked at again once the save on its way is answered.
    d.announced = version;
    return;
  }
  if (d.dirty) {
    // The server tells again, when saving, whether the file reads now.
    d.unreadable = null;
    d.missing = false;
    toast(WORDS.willMerge(file));
    save(d);
    return;
  }
  const read = await load(file);
  if (!read) return;
  if (shown === file) {
    if (!d.unreadable) keepCaret($('#source'), d.text);
    $('#source').readOnly = Boolean(d.unreadable);
    notice(d);
    refresh();
    if (!d.unreadable && !asked) toast(WORDS.reloaded(file));
  }
}

/** Takes back drafts left by a page that is gone: each file's text, to be
 * merged with the file when saved. */
export function restore(file, draft) {
  const d = doc(file);
  d.base = draft.base;
  d.text = draft.text;
  d.dirty = d.text !== d.base;
  keepDraft('prose', file, { base: d.base, text: d.text });
  if (shown === file) show(d);
  previewSoon(d);
  save(d);
}

// --- Showing the text ------------------------------------------------------------

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown as highlighted HTML: headings, template syntax, comments,
 * bold, list marks; each line in a span that knows its number. */
function highlightMarkdown(text) {
  let inComment = false;
  return text.split('\n').map((line, i) => {
    let html = escapeHtml(line);
    if (inComment || line.includes('{#')) {
      const ends = line.includes('#}');
      html = `<span class="c">${html}</span>`;
      inComment = !ends && (inComment || line.includes('{#'));
    } else if (/^#{1,6}\s/.test(line)) {
      html = `<span class="h">${html}</span>`;
    } else {
      html = html
        .replace(/(\{\{.*?\}\}|\{%.*?%\})/g, '<span class="x">$1</span>')
        .replace(/(\*\*[^*]+\*\*)/g, '<span class="b">$1</span>')
        .replace(/^(\s*)(-|\d+\.)(\s)/, '$1<span class="m">$2</span>$3');
    }
    return `<span data-line="${i + 1}">${html}</span>`;
  }).join('\n') + '\n';
}

/** YAML as highlighted HTML: comments and keys. */
function highlightYaml(text) {
  return text.split('\n').map((line, i) => {
    let html = escapeHtml(line);
    if (/^\s*#/.test(line)) html = `<span class="c">${html}</span>`;
    else html = html.replace(/^(\s*-?\s*)([\w.]+)(:)/, '$1<span class="h">$2</span>$3').replace(/(\s#.*)$/, '<span class="c">$1</span>');
    return `<span data-line="${i + 1}">${html}</span>`;
  }).join('\n') + '\n';
}

/** Redraws the highlighting, the error marks and the outline. */
export function refresh() {
  const text = $('#source').value;
  $('#highlight').innerHTML = shown === 'report.yaml' ? highlightYaml(text) : highlightMarkdown(text);
  for (const problem of marks.errors) {
    if (problem.file === shown && problem.line) $(`#highlight span[data-line="${problem.line}"]`)?.classList.add('error-line');
  }
  const outline = $('#outline');
  outline.replaceChildren();
  if (shown !== 'report.yaml') {
    text.split('\n').forEach((line, i) => {
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      if (heading) {
        outline.append(el('li', {
          class: `l${heading[1].length}`,
          textContent: heading[2].replace(/\{\{.*?\}\}/g, '…'),
          onclick: () => { goToLine(i + 1); hooks.showInPages(shown, i + 1); },
        }));
      }
    });
  }
  syncScroll();
  showCaret();
}

export function syncScroll() {
  $('#highlight').scrollTop = $('#source').scrollTop;
}

export function caretLine() {
  const area = $('#source');
  const before = area.value.slice(0, area.selectionStart);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

export function showCaret() {
  const { line, column } = caretLine();
  $('#caret-place').textContent = `${shown || ''} · ${WORDS.line(line, column)}`;
}

export function goToLine(line, column = 1) {
  const area = $('#source');
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, (column || 1) - 1);
  area.focus();
  area.setSelectionRange(start, start);
  const target = $(`#highlight span[data-line="${line}"]`);
  if (target) {
    area.scrollTop = Math.max(0, target.offsetTop - 60);
    syncScroll();
    target.classList.add('target');
    setTimeout(() => target.classList.remove('target'), 1500);
  }
  showCaret();
}

/** Wires the text area. */
export function startProse() {
  const area = $('#source');
  area.addEventListener('input', typed);
  area.addEventListener('compositionstart', () => { composing = true; });
  area.addEventListener('compositionend', () => { composing = false; });
  area.addEventListener('scroll', syncScroll);
  area.addEventListener('keyup', showCaret);
  area.addEventListener('click', showCaret);
  area.addEventListener('blur', () => { const d = docs[shown]; if (d?.dirty) save(d); });
}
