// The form: report.yaml's facts. Each field is saved on its own, naming
// the value it was changed from: a value changed on disk meanwhile to a
// third one is shown beside the page's, for the person to choose.

import { $, el, debounce, saveState, describe, flash, hooks, WORDS } from './ui.js';
import { call, keepDraft, dropDraft, connection } from './net.js';

/** Each field shown, by key: `{ field, input, wrapper, from, dirty }`. */
export const fields = {};

/** Whether any fact has changes the server does not have. */
export const unsaved = () => Object.values(fields).filter((f) => f.dirty);

export function renderFacts(facts) {
  const tab = $('#tab-facts');
  if (!facts || !Array.isArray(facts.fields)) {
    // report.yaml does not read: its problems, and the way to fix it as
    // text where it broke.
    tab.replaceChildren(
      hooks.problemList(facts?.problems || []),
      el('button', { type: 'button', id: 'edit-yaml', textContent: WORDS.editAsText, onclick: () => {
        const line = (facts?.problems || []).find((p) => p.file === 'report.yaml' && p.line)?.line;
        hooks.openFile('report.yaml', line);
      } }));
    for (const key of Object.keys(fields)) if (!fields[key].dirty) delete fields[key];
    return;
  }
  const keep = new Set();
  const nodes = [];
  for (const field of facts.fields) {
    keep.add(field.key);
    const known = fields[field.key];
    if (known && (known.dirty || document.activeElement === known.input)) {
      // What is being typed stays; the value on disk is what it will be
      // checked against when saved.
      known.field = field;
      nodes.push(known.wrapper);
      continue;
    }
    nodes.push(factField(field).wrapper);
  }
  // A fact gone from the file with unsaved typing in it stays shown.
  for (const [key, known] of Object.entries(fields)) {
    if (!keep.has(key) && known.dirty) nodes.push(known.wrapper);
    else if (!keep.has(key)) delete fields[key];
  }
  tab.replaceChildren(...nodes, el('button', { type: 'button', class: 'link', textContent: WORDS.editAsText, onclick: () => hooks.openFile('report.yaml') }));
}

function factField(field) {
  const id = `fact-${field.key}`;
  let input;
  if (field.kind === 'bool') {
    input = el('select', { id }, el('option', { value: 'true', textContent: WORDS.yes }), el('option', { value: 'false', textContent: WORDS.no }));
    input.value = field.value;
  } else if (field.kind === 'lines' || field.value.length > 70) {
    input = el('textarea', { id, value: field.value, rows: Math.min(6, field.value.split('\n').length + 1) });
  } else {
    const type = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
    input = el('input', { id, type, value: field.value });
  }
  const problem = el('div', { class: 'problem', hidden: true });
  const wrapper = el('div', { class: 'field', dataset: { key: field.key, line: field.line } },
    el('label', { htmlFor: id }, WORDS.labels[field.key] || field.key, el('span', { class: 'key', textContent: field.key })),
    input,
    field.hint ? el('div', { class: 'hint', textContent: field.hint }) : null,
    problem);
  const state = { field, input, wrapper, problem, from: field.value, dirty: false, saving: false };
  fields[field.key] = state;
  const changed = () => {
    state.dirty = input.value !== state.from;
    if (state.dirty) keepDraft('fact', field.key, { from: state.from, to: input.value });
    else dropDraft('fact', field.key);
    wrapper.classList.toggle('dirty', state.dirty);
    hooks.refreshUnsaved();
    state.save();
  };
  state.save = debounce(() => saveFact(state), 500);
  input.addEventListener('input', changed);
  input.addEventListener('change', changed);
  return state;
}

async function saveFact(state, { from = state.from } = {}) {
  if (!state.dirty || connection.state === 'expired') return;
  if (state.saving) { state.again = true; return; }
  state.saving = true;
  const to = state.input.value;
  saveState(WORDS.saving);
  const answer = await call('PUT', '/api/fact', { key: state.field.key, from, to });
  state.saving = false;
  const { wrapper, problem } = state;
  if (answer.status === 0 || answer.status === 403) { hooks.refreshUnsaved(); return; }
  wrapper.classList.remove('bad', 'conflict');
  problem.hidden = true;
  if (answer.ok) {
    state.from = to;
    state.dirty = state.input.value !== to;
    if (!state.dirty) dropDraft('fact', state.field.key);
    wrapper.classList.toggle('dirty', state.dirty);
    saveState(WORDS.saved);
    hooks.fileSaved('report.yaml', answer.body.version);
  } else if (answer.status === 409) {
    const theirs = answer.body.theirs;
    wrapper.classList.add('conflict');
    problem.hidden = false;
    problem.replaceChildren(WORDS.factConflict(theirs), ' ',
      el('button', { type: 'button', textContent: WORDS.keep, onclick: () => saveFact(state, { from: theirs }) }),
      ' ',
      el('button', { type: 'button', textContent: WORDS.takeTheirs, onclick: () => {
        state.input.value = theirs;
        state.from = theirs;
        state.dirty = false;
        dropDraft('fact', state.field.key);
        wrapper.classList.remove('conflict', 'dirty');
        problem.hidden = true;
        hooks.refreshUnsaved();
      } }));
    saveState(WORDS.saveFailed, true);
  } else {
    wrapper.classList.add('bad');
    problem.hidden = false;
    problem.textContent = (answer.body?.problems || []).map(describe).join('\n') || WORDS.saveFailed;
    saveState(WORDS.notSaved, true);
  }
  hooks.refreshUnsaved();
  if (state.again) { state.again = false; saveFact(state); }
}

/** Saves every fact with unsaved changes (after the connection is back). */
export function saveAll() {
  for (const state of unsaved()) saveFact(state);
}

/** Takes back a fact's draft left by a page that is gone. */
export function restore(key, draft) {
  const state = fields[key];
  if (!state) return false;
  state.input.value = draft.to;
  state.from = draft.from;
  state.dirty = draft.to !== draft.from;
  state.wrapper.classList.toggle('dirty', state.dirty);
  if (state.dirty) keepDraft('fact', key, { from: state.from, to: draft.to });
  saveFact(state);
  return true;
}

export function goToFact(key, line) {
  hooks.showTab('facts');
  const wrappers = [...document.querySelectorAll('#tab-facts .field')];
  let wrapper = wrappers.find((f) => f.dataset.key === key);
  if (!wrapper && line) wrapper = wrappers.find((f) => Number(f.dataset.line) === line);
  if (!wrapper) {
    // Not a field of the form (or the form cannot read the file): the
    // line in report.yaml as text.
    hooks.openFile('report.yaml', line);
    return;
  }
  wrapper.scrollIntoView({ block: 'center' });
  wrapper.querySelector('input, textarea, select').focus();
  flash(wrapper);
}
