// The grid: the indicator table. Each change is an edit of one cell or
// row, keyed by the row's indicator id and naming the value it changed
// from, sent to the server until it is saved: a cell another window or
// program changed meanwhile is a conflict shown at the cell; a row that a
// change makes wrong (a half-typed new row) waits, marked, while the other
// changes are saved; a deleted row can be taken back.

import { $, el, debounce, toast, saveState, describe, flash, hooks, WORDS } from './ui.js';
import { call, keepDraft, dropDraft, connection } from './net.js';

const grid = { table: null, ops: [], problems: [], saving: false, again: false, undo: null, note: null };
let nextId = 1;
const newKey = () => `new-${Math.random().toString(36).slice(2, 10)}`;

/** The changes the server does not have yet. */
export const unsaved = () => grid.ops;

/** The file of the table, when there is one. */
export const file = () => grid.table?.file;

export function renderGrid(report) {
  const tab = $('#tab-grid');
  if (!report) {
    grid.table = null;
    tab.replaceChildren(el('p', { textContent: WORDS.noGrid }));
    return;
  }
  if (!report.table) {
    grid.table = null;
    tab.replaceChildren(hooks.problemList(report.problems || []));
    return;
  }
  grid.table = report.table;
  if (!grid.ops.length && report.problems) grid.problems = report.problems.map((p) => ({ ...p, row: p.row !== null ? report.table.keys[p.row] : null, column: p.column !== null ? report.table.headings[p.column] : null }));
  const t = grid.table;
  const head = el('tr', {}, el('th', { textContent: '#' }), t.headings.map((h) => el('th', { textContent: h })),
    el('th', { textContent: WORDS.ratio }), el('th', { textContent: WORDS.difference }), el('th', { textContent: WORDS.status }), el('th'));
  tab.replaceChildren(...[
    el('div', { class: 'grid-tools' },
      el('strong', { textContent: t.file }),
      el('span', { class: 'grow' }),
      el('button', { type: 'button', id: 'add-row', textContent: WORDS.addRow, onclick: addRow })),
    t.form === 'yaml' ? el('p', { class: 'hint', textContent: WORDS.yamlNote }) : null,
    t.form === 'workbook' ? el('p', { class: 'hint', textContent: WORDS.workbookNote }) : null,
    el('div', { class: 'grid-wrap' }, el('table', { class: 'grid', id: 'grid' }, el('thead', {}, head), el('tbody'))),
    el('ul', { class: 'grid-problems', id: 'grid-problems' })].filter(Boolean));
  fill();
}

/** The rows as the page shows them: the table on disk with the changes
 * not saved yet. */
function view() {
  const t = grid.table;
  const rows = t.rows.map((cells, i) => ({ key: t.keys[i], cells: [...cells], computed: t.computed[i] || null, pending: false, isNew: false }));
  const at = (key) => rows.findIndex((r) => r.key === key);
  const after = (key) => (key === null || key === undefined ? 0 : at(key) + 1 || rows.length);
  for (const op of grid.ops) {
    const i = at(op.row);
    if (op.op === 'set' && i >= 0) {
      const c = t.headings.indexOf(op.column);
      if (c >= 0) { rows[i].cells[c] = op.to; rows[i].pending = true; }
    } else if (op.op === 'add' && i < 0) {
      const cells = t.headings.map((h, c) => op.cells[c] ?? '');
      rows.splice(after(op.after), 0, { key: op.row, cells, computed: null, pending: true, isNew: true });
    } else if (op.op === 'delete' && i >= 0) {
      rows.splice(i, 1);
    } else if (op.op === 'move' && i >= 0) {
      const [row] = rows.splice(i, 1);
      rows.splice(after(op.after), 0, row);
    }
  }
  return rows;
}

/** Fills the table's body: in place when the rows are the same ones (the
 * cell being typed in is left alone), else anew, the focus kept. */
function fill() {
  const t = grid.table;
  const rows = view();
  const body = $('#grid tbody');
  if (!body) return;
  const same = body.children.length === rows.length && rows.every((r, i) => body.children[i].dataset.key === r.key);
  const focused = document.activeElement?.closest?.('#grid') ? { key: document.activeElement.dataset.key, column: document.activeElement.dataset.column, at: document.activeElement.selectionStart } : null;
  if (!same) {
    body.replaceChildren(...rows.map((row, r) => el('tr', { dataset: { key: row.key } },
      el('td', { class: 'computed', textContent: String(r + 1) }),
      row.cells.map((cell, c) => {
        const input = el('input', { value: cell, dataset: { key: row.key, column: c }, size: width(rows, c) });
        input.setAttribute('aria-label', `${t.headings[c]} ${r + 1}`);
        input.addEventListener('input', () => edit(row.key, c, input.value));
        input.addEventListener('focus', () => showCellProblem(input));
        input.addEventListener('blur', hideCellProblem);
        return el('td', {}, input);
      }),
      [0, 1, 2].map((k) => el('td', { class: 'computed', dataset: { computed: k } })),
      el('td', { class: 'row-tools' },
        el('button', { type: 'button', title: WORDS.up, textContent: '↑', disabled: r === 0, onclick: () => moveRow(row.key, -1) }),
        el('button', { type: 'button', title: WORDS.down, textContent: '↓', disabled: r === rows.length - 1, onclick: () => moveRow(row.key, 1) }),
        el('button', { type: 'button', title: WORDS.remove, textContent: '✕', onclick: () => removeRow(row.key) })))));
    if (focused) {
      const input = $(`#grid input[data-key="${CSS.escape(focused.key)}"][data-column="${focused.column}"]`);
      if (input) { input.focus(); input.setSelectionRange(focused.at, focused.at); }
    }
  }
  rows.forEach((row, r) => {
    const tr = body.children[r];
    tr.classList.toggle('pending', row.pending);
    tr.classList.remove('held');
    row.cells.forEach((cell, c) => {
      const input = tr.children[c + 1].firstChild;
      if (input !== document.activeElement && input.value !== cell) input.value = cell;
      input.parentElement.classList.remove('bad', 'conflict');
      input.title = '';
    });
    tr.querySelectorAll('td[data-computed]').forEach((td, k) => {
      td.textContent = row.pending ? '…' : row.computed?.[k] ?? '';
      td.classList.toggle('unmet', !row.pending && k === 2 && /không đạt/i.test(row.computed?.[2] || ''));
    });
  });
  mark(rows);
}

/** A column's width in characters: its longest cell, within bounds. */
function width(rows, column) {
  const longest = Math.max(grid.table.headings[column].length, ...rows.map((row) => row.cells[column].length));
  return Math.max(4, Math.min(36, longest + 1));
}

/** Marks the cells with problems, conflicts and changes that wait, and
 * lists them under the table. */
function mark(rows) {
  const t = grid.table;
  const list = $('#grid-problems');
  list.replaceChildren();
  const cell = (key, heading) => {
    const c = heading === null || heading === undefined ? 0 : t.headings.indexOf(heading);
    return $(`#grid input[data-key="${CSS.escape(String(key))}"][data-column="${Math.max(0, c)}"]`);
  };
  const name = (key) => rows.find((r) => r.key === key)?.cells[t.columns.indexOf('id')] || key;
  for (const problem of grid.problems) {
    const input = problem.row !== null ? cell(problem.row, problem.column) : null;
    if (input) {
      input.parentElement.classList.add('bad');
      input.title = describe(problem);
    }
    list.append(el('li', { textContent: `${problem.row !== null ? `${name(problem.row)}: ` : ''}${describe(problem)}`, onclick: () => input && focusInput(input) }));
  }
  for (const op of grid.ops) {
    if (op.conflict !== undefined && op.op === 'set') {
      const input = cell(op.row, op.column);
      if (input) { input.parentElement.classList.add('conflict'); input.title = WORDS.cellConflict(op.conflict); }
      list.append(el('li', { class: 'conflict' }, `${WORDS.cell(name(op.row), op.column)}: ${WORDS.cellConflict(op.conflict)} `,
        el('button', { type: 'button', textContent: WORDS.keep, onclick: () => { op.from = op.conflict; delete op.conflict; changed(); } }),
        el('button', { type: 'button', textContent: WORDS.takeTheirs, onclick: () => { drop(op); changed(); } })));
    } else if (op.conflict !== undefined || op.gone) {
      list.append(el('li', { class: 'conflict' }, `${name(op.row)}: ${op.gone ? WORDS.rowGone : WORDS.cellConflict(op.conflict)} `,
        op.rowCells ? el('button', { type: 'button', textContent: WORDS.addBack, onclick: () => { drop(op); grid.ops.push(add(op.rowCells, null)); changed(); } }) : null,
        el('button', { type: 'button', textContent: WORDS.drop, onclick: () => { drop(op); changed(); } })));
    }
  }
  for (const row of rows.filter((r) => r.pending)) {
    const held = grid.ops.some((o) => o.held && o.row === row.key);
    if (held) rowOf(row.key)?.classList.add('held');
  }
}

const rowOf = (key) => $(`#grid tr[data-key="${CSS.escape(String(key))}"]`);

function focusInput(input) {
  input.scrollIntoView({ block: 'center', inline: 'center' });
  input.focus();
  flash(input.parentElement);
}

function showCellProblem(input) {
  hideCellProblem();
  if (!input.title) return;
  const box = el('div', { class: 'cell-problem', id: 'cell-problem', textContent: input.title });
  const rect = input.getBoundingClientRect();
  box.style.left = `${rect.left}px`;
  box.style.top = `${rect.bottom + 4}px`;
  document.body.append(box);
}

function hideCellProblem() {
  $('#cell-problem')?.remove();
}

// --- Changes ---------------------------------------------------------------------

const add = (cells, after) => ({ id: nextId++, op: 'add', row: newKey(), after, cells: [...cells] });

function drop(op) {
  grid.ops = grid.ops.filter((o) => o !== op);
}

/** A change was made: kept in the browser and saved soon. */
function changed() {
  if (grid.ops.length) keepDraft('grid', 'ops', { headings: grid.table.headings, ops: grid.ops.map(plain) });
  else dropDraft('grid', 'ops');
  fill();
  hooks.refreshUnsaved();
  saveSoon();
}

/** Cell `c` of row `key` typed to `value`. */
function edit(key, c, value) {
  const heading = grid.table.headings[c];
  const adding = grid.ops.find((o) => o.op === 'add' && o.row === key && !o.sent);
  if (adding) {
    adding.cells[c] = value;
  } else {
    // The cell's last change, unless it is on its way: then a new one,
    // from the value it sends.
    let op = grid.ops.findLast((o) => o.op === 'set' && o.row === key && o.column === heading);
    if (!op || op.sent) {
      const before = view().find((r) => r.key === key)?.cells[c] ?? '';
      op = { id: nextId++, op: 'set', row: key, column: heading, from: before, to: value };
      grid.ops.push(op);
    }
    op.to = value;
    delete op.held;
    coalesce();
  }
  keepDraft('grid', 'ops', { headings: grid.table.headings, ops: grid.ops.map(plain) });
  if (!grid.ops.length) dropDraft('grid', 'ops');
  hooks.refreshUnsaved();
  saveSoon();
}

/** Joins the changes of one cell that follow each other and are not on
 * their way (from a to b, then b to c: from a to c), and drops a change
 * back to where it started. */
function coalesce() {
  const kept = [];
  for (const op of grid.ops) {
    if (op.op === 'set' && !op.sent && op.conflict === undefined && !op.gone) {
      const before = kept.findLast((o) => o.op === 'set' && o.row === op.row && o.column === op.column);
      if (before && !before.sent && before.conflict === undefined && !before.gone && before.to === op.from) {
        before.to = op.to;
        delete before.held;
        continue;
      }
    }
    kept.push(op);
  }
  grid.ops = kept.filter((o) => !(o.op === 'set' && !o.sent && o.to === o.from && o.conflict === undefined && !o.gone));
}

function addRow() {
  const rows = view();
  const op = add(grid.table.headings.map(() => ''), rows.length ? rows[rows.length - 1].key : null);
  grid.ops.push(op);
  changed();
  const input = $(`#grid input[data-key="${op.row}"][data-column="0"]`);
  if (input) focusInput(input);
}

function moveRow(key, by) {
  const rows = view();
  const i = rows.findIndex((r) => r.key === key);
  const to = i + by;
  if (i < 0 || to < 0 || to >= rows.length) return;
  const order = rows.map((r) => r.key);
  order.splice(i, 1);
  order.splice(to, 0, key);
  grid.ops.push({ id: nextId++, op: 'move', row: key, after: to === 0 ? null : order[to - 1] });
  changed();
}

function removeRow(key) {
  const rows = view();
  const i = rows.findIndex((r) => r.key === key);
  if (i < 0) return;
  const row = rows[i];
  const removed = grid.ops.filter((o) => o.row === key && !o.sent && o.op !== 'move');
  grid.ops = grid.ops.filter((o) => !removed.includes(o));
  let deletion = null;
  const known = grid.table.keys.indexOf(key);
  if (!row.isNew || grid.ops.some((o) => o.row === key)) {
    deletion = { id: nextId++, op: 'delete', row: key, cells: known >= 0 ? [...grid.table.rows[known]] : [...row.cells] };
    grid.ops.push(deletion);
  }
  grid.undo = { row, after: i > 0 ? rows[i - 1].key : null, removed, deletion };
  changed();
  const id = grid.table.columns.indexOf('id');
  toast(WORDS.removed(row.cells[id] || row.cells.find(Boolean) || `${i + 1}`), { label: WORDS.undo, run: undoRemove });
}

function undoRemove() {
  const undo = grid.undo;
  if (!undo) return;
  grid.undo = null;
  if (undo.deletion && grid.ops.includes(undo.deletion) && !undo.deletion.sent) {
    drop(undo.deletion);
    grid.ops.push(...undo.removed);
  } else {
    grid.ops.push(add(undo.row.cells, undo.after));
  }
  changed();
}

// --- Saving ---------------------------------------------------------------------

/** An edit as the server takes it. */
const plain = ({ op, row, column, from, to, after, cells }) => ({ op, row, column, from, to, after, cells });

const saveSoon = debounce(() => save(), 400);

/** Sends every change not in conflict; the answer says what became of
 * each. */
export async function save() {
  if (!grid.table || connection.state === 'expired') return;
  if (grid.saving) { grid.again = true; return; }
  const rows = view();
  const batch = grid.ops.filter((o) => o.conflict === undefined && !o.gone && !(o.op === 'add' && o.cells.every((c) => !c.trim())));
  if (!batch.length) return;
  for (const op of batch) {
    op.sent = true;
    if (op.op !== 'add') op.rowCells = rows.find((r) => r.key === op.row)?.cells;
  }
  const sent = batch.map((op) => [op, structuredClone(plain(op))]);
  grid.saving = true;
  saveState(WORDS.saving);
  const answer = await call('PUT', '/api/grid', { headings: grid.table.headings, ops: sent.map(([, copy]) => copy) });
  grid.saving = false;
  for (const op of batch) op.sent = false;
  if (answer.status === 0 || answer.status === 403) { hooks.refreshUnsaved(); return; }
  if (!answer.ok) {
    saveState(WORDS.saveFailed, true);
    toast((answer.body?.problems || []).map(describe).join('\n') || WORDS.saveFailed);
    return;
  }
  const { outcomes, table, problems } = answer.body;
  const renamed = {};
  sent.forEach(([live, copy], i) => {
    const outcome = outcomes[i] || { outcome: 'held' };
    delete live.held;
    if (outcome.outcome === 'applied') {
      if (copy.op === 'add') {
        const at = table.rows.findIndex((r) => r.every((cell, c) => cell.trim() === (copy.cells[grid.table.headings.indexOf(table.headings[c])] ?? '').trim()));
        const key = at >= 0 ? table.keys[at] : null;
        if (key) renamed[copy.row] = key;
        drop(live);
        // Typed on meanwhile: the rest as changes of the saved row.
        if (key) live.cells.forEach((cell, c) => {
          if (cell !== copy.cells[c]) grid.ops.push({ id: nextId++, op: 'set', row: key, column: grid.table.headings[c], from: copy.cells[c], to: cell });
        });
      } else if (copy.op === 'set' && live.to !== copy.to) {
        live.from = copy.to;
      } else {
        drop(live);
      }
    } else if (outcome.outcome === 'held') {
      live.held = true;
    } else if (outcome.outcome === 'conflict') {
      live.conflict = outcome.theirs;
    } else if (outcome.outcome === 'gone') {
      live.gone = true;
    }
  });
  for (const op of grid.ops) {
    if (renamed[op.row]) op.row = renamed[op.row];
    if (op.after && renamed[op.after]) op.after = renamed[op.after];
  }
  grid.table = table;
  grid.problems = problems;
  coalesce();
  const waiting = grid.ops.some((o) => o.held || o.conflict !== undefined || o.gone);
  saveState(waiting ? WORDS.notSaved : WORDS.saved, waiting);
  if (grid.ops.length) keepDraft('grid', 'ops', { headings: table.headings, ops: grid.ops.map(plain) });
  else dropDraft('grid', 'ops');
  fill();
  hooks.fileSaved(table.file, table.version);
  hooks.refreshUnsaved();
  const announced = grid.announced;
  delete grid.announced;
  if (grid.again) {
    grid.again = false;
    save();
  } else if (announced !== undefined && announced !== table.version) {
    reload(announced);
  }
}

/** The table changed on disk (to `version`): shown anew, the changes not
 * saved yet laid over it, and sent again. */
export async function reload(version) {
  if (!grid.table || grid.table.version === version) return;
  if (grid.saving) {
    // Looked at again once the save on its way is answered.
    grid.announced = version;
    return;
  }
  const answer = await call('GET', '/api/report');
  if (!answer.ok) return;
  renderGrid(answer.body.grid);
  if (grid.ops.length) save();
  else toast(WORDS.reloaded(grid.table?.file || ''));
}

/** Takes back the changes left by a page that is gone. */
export function restore(draft) {
  if (!grid.table) return false;
  for (const op of draft.ops) grid.ops.push({ ...op, id: nextId++ });
  changed();
  return true;
}

/** Goes to the cell of indicator `id`, column `field` (a column key). */
export function goToCell(id, field) {
  if (!grid.table) return;
  hooks.showTab('grid');
  const idColumn = grid.table.columns.indexOf('id');
  const row = view().find((r) => r.cells[idColumn] === id);
  const c = grid.table.columns.indexOf(field);
  const input = row && $(`#grid input[data-key="${CSS.escape(row.key)}"][data-column="${Math.max(0, c)}"]`);
  if (input) focusInput(input);
}

/** Goes to the cell of row `r` (from 0, as in the file) and column `c`. */
export function goToRow(r, c) {
  if (!grid.table) return;
  hooks.showTab('grid');
  const key = grid.table.keys[r];
  const input = key && $(`#grid input[data-key="${CSS.escape(key)}"][data-column="${c ?? 0}"]`);
  if (input) focusInput(input);
}

/** Saves after the connection is back. */
export const saveAll = () => save();
