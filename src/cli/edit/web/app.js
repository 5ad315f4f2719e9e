// baocao edit: the page. Plain ES module, no build step, no network but
// this server. Every read carries the session's token in its URL, every
// write in the X-Baocao-Token header.

const TOKEN = document.querySelector('meta[name="baocao-token"]').content;
// This page, among the pages open on the report: the others reload what it
// saves.
const PAGE = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
const LANG = document.documentElement.lang === 'en' ? 'en' : 'vi';

const WORDS = {
  vi: {
    facts: 'Thông tin chung', grid: 'Chỉ tiêu', prose: 'Nội dung', problems: 'Vấn đề',
    build: 'Làm tài liệu (PDF, DOCX)', building: 'Đang làm tài liệu…', built: 'Đã tạo', buildFailed: 'Không làm được tài liệu',
    saving: 'Đang lưu…', saved: 'Đã lưu', notSaved: 'Chưa lưu: còn lỗi', saveFailed: 'Không lưu được',
    compiled: (ms) => `Trang cập nhật sau ${ms} ms`,
    failed: 'Có lỗi: các trang là bản tốt gần nhất', lost: 'Mất kết nối với baocao (đã dừng?)',
    addRow: 'Thêm dòng', up: 'Lên', down: 'Xuống', remove: 'Xóa dòng',
    ratio: 'Tỷ lệ đạt (%)', difference: 'Chênh lệch', status: 'Đánh giá',
    yamlNote: 'Lưu từ đây ghi lại bảng YAML; các dòng chú thích giữa các dòng bảng không giữ được.',
    workbookNote: 'Lưu từ đây ghi lại sổ tính theo mẫu của baocao export-table (định dạng riêng của sổ tính không giữ).',
    noGrid: 'Báo cáo này chưa có bảng chỉ tiêu.', noProblems: 'Không có vấn đề nào.',
    row: (n) => `dòng ${n}`, line: (n, c) => c ? `dòng ${n}, cột ${c}` : `dòng ${n}`,
    reloaded: (f) => `${f} vừa được sửa ở nơi khác (chương trình hay cửa sổ khác): đã tải lại`,
    conflict: (f) => `${f} vừa được sửa ở nơi khác, nhưng ở đây còn thay đổi chưa lưu: giữ bản ở đây`,
    notHere: 'Chỗ này do mẫu của baocao tạo ra, không có trong tệp của báo cáo',
    checking: 'Đang kiểm tra…', yes: 'có', no: 'không', unsaved: 'chưa lưu',
    showInPages: 'Xem trên trang (Ctrl+Enter)',
    noPages: 'Chưa có trang nào: sửa lỗi nêu ở trên thì các trang hiện ra ở đây.',
    labels: {
      party: 'Tiêu đề Đảng', parent_body: 'Cấp ủy cấp trên', issuing_body: 'Cơ quan ban hành', title: 'Tên tài liệu',
      audience: 'Đối tượng sử dụng', short_title: 'Tên ngắn (đầu trang)', place: 'Địa danh', date: 'Ngày ban hành',
      year: 'Năm báo cáo', plan_year: 'Năm kế hoạch', content: 'Các tệp nội dung (mỗi dòng một tệp)', logo: 'Biểu trưng',
      indicators_sheet: 'Trang tính bảng chỉ tiêu', 'settings.paper': 'Khổ giấy', 'settings.duplex': 'In hai mặt',
      'settings.zero_pad_counts': 'Viết số đếm có số 0 (06 nhiệm vụ)', 'settings.ratio_decimals': 'Số chữ số thập phân của tỷ lệ',
    },
  },
  en: {
    facts: 'Facts', grid: 'Indicators', prose: 'Prose', problems: 'Problems',
    build: 'Build PDF and DOCX', building: 'Building…', built: 'Written', buildFailed: 'The build failed',
    saving: 'Saving…', saved: 'Saved', notSaved: 'Not saved: fix the errors', saveFailed: 'Could not save',
    compiled: (ms) => `Pages updated in ${ms} ms`,
    failed: 'Error: the pages are the last good ones', lost: 'Lost the connection to baocao (stopped?)',
    addRow: 'Add row', up: 'Up', down: 'Down', remove: 'Delete row',
    ratio: 'Ratio (%)', difference: 'Difference', status: 'Status',
    yamlNote: 'Saving from here rewrites the YAML table; comment lines between its rows are not kept.',
    workbookNote: 'Saving from here rewrites the workbook in the layout of baocao export-table (its own formatting is not kept).',
    noGrid: 'This report has no indicator table yet.', noProblems: 'No problems.',
    row: (n) => `row ${n}`, line: (n, c) => c ? `line ${n}, column ${c}` : `line ${n}`,
    reloaded: (f) => `${f} was changed elsewhere (another program or window): reloaded`,
    conflict: (f) => `${f} was changed elsewhere, but it has unsaved changes here: keeping these`,
    notHere: 'baocao\'s templates make this part, not a file of the report',
    checking: 'Checking…', yes: 'yes', no: 'no', unsaved: 'not saved',
    showInPages: 'Show in the pages (Ctrl+Enter)',
    noPages: 'No pages yet: put right the error above and the pages show here.',
    labels: {
      party: 'Party header', parent_body: 'Parent body', issuing_body: 'Issuing body', title: 'Title',
      audience: 'Audience', short_title: 'Short title (running header)', place: 'Place', date: 'Date of issue',
      year: 'Year reported on', plan_year: 'Year planned for', content: 'Prose files (one per line)', logo: 'Emblem',
      indicators_sheet: 'Sheet of the indicator table', 'settings.paper': 'Paper', 'settings.duplex': 'Two-sided',
      'settings.zero_pad_counts': 'Counts with a leading zero (06)', 'settings.ratio_decimals': 'Decimals of ratios',
    },
  },
}[LANG];

const $ = (selector, root = document) => root.querySelector(selector);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node[key] = value;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
};

// --- Talking to the server --------------------------------------------------

const withToken = (url) => url + (url.includes('?') ? '&' : '?') + 'token=' + TOKEN;

async function getJson(url) {
  const response = await fetch(withToken(url));
  return { ok: response.ok, status: response.status, body: await response.json() };
}

async function send(method, url, body, type = 'application/json') {
  const response = await fetch(url, {
    method,
    headers: { 'X-Baocao-Token': TOKEN, 'X-Baocao-Page': PAGE, 'Content-Type': type },
    body: type === 'application/json' ? JSON.stringify(body) : body,
  });
  let answer = null;
  try { answer = await response.json(); } catch { answer = null; }
  return { ok: response.ok, status: response.status, body: answer };
}

function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => { timer = null; fn(...args); }, ms); };
  run.pending = () => timer !== null;
  return run;
}

function toast(text) {
  const box = $('#toast');
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

const saveState = (text, bad = false) => {
  const state = $('#save-state');
  state.textContent = text;
  state.classList.toggle('bad', bad);
};

const describe = (problem) => [problem.message, problem.hint].filter(Boolean).join(' — ');

// --- Tabs --------------------------------------------------------------------

function showTab(name) {
  for (const button of document.querySelectorAll('.tabs button')) {
    button.setAttribute('aria-selected', String(button.dataset.tab === name));
  }
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== `tab-${name}`;
  if (name === 'problems') loadProblems();
}

// --- The form: report.yaml ------------------------------------------------------

const state = { facts: [], grid: null, content: [], prose: { file: null, saved: '', dirty: false }, errors: [] };

function renderFacts(facts) {
  const tab = $('#tab-facts');
  tab.replaceChildren();
  if (!Array.isArray(facts)) {
    tab.append(problemList(facts.problems || []));
    return;
  }
  state.facts = facts;
  for (const field of facts) tab.append(factField(field));
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
  const save = debounce(async () => {
    saveState(WORDS.saving);
    const answer = await send('PUT', '/api/fact', { key: field.key, value: input.value });
    wrapper.classList.toggle('bad', !answer.ok);
    problem.hidden = answer.ok;
    if (answer.ok) {
      field.value = input.value;
      saveState(WORDS.saved);
    } else {
      problem.textContent = (answer.body?.problems || []).map(describe).join('\n') || WORDS.saveFailed;
      saveState(WORDS.notSaved, true);
    }
  }, 500);
  input.addEventListener('input', save);
  input.addEventListener('change', save);
  wrapper.save = save;
  return wrapper;
}

function goToFact(key, line) {
  showTab('facts');
  const fields = [...document.querySelectorAll('#tab-facts .field')];
  let field = fields.find((f) => f.dataset.key === key);
  if (!field && line) field = fields.filter((f) => Number(f.dataset.line) <= line).pop();
  if (!field) return;
  field.scrollIntoView({ block: 'center' });
  const input = field.querySelector('input, textarea, select');
  input.focus();
  flash(field);
}

function flash(node) {
  node.classList.remove('flash');
  void node.offsetWidth;
  node.classList.add('flash');
}

// --- The grid: the indicator table ---------------------------------------------

function renderGrid(grid) {
  const tab = $('#tab-grid');
  tab.replaceChildren();
  state.grid = grid;
  if (!grid) {
    tab.append(el('p', { textContent: WORDS.noGrid }));
    return;
  }
  if (grid.problems && !grid.headings) {
    tab.append(problemList(grid.problems));
    return;
  }
  const table = el('table', { class: 'grid', id: 'grid' });
  const head = el('tr', {}, el('th', { textContent: '#' }), grid.headings.map((h) => el('th', { textContent: h })),
    el('th', { textContent: WORDS.ratio }), el('th', { textContent: WORDS.difference }), el('th', { textContent: WORDS.status }), el('th'));
  table.append(el('thead', {}, head), el('tbody'));
  tab.append(...[
    el('div', { class: 'grid-tools' },
      el('strong', { textContent: grid.file }),
      el('span', { class: 'grow' }),
      el('button', { type: 'button', id: 'add-row', textContent: WORDS.addRow, onclick: addRow })),
    grid.form === 'yaml' ? el('p', { class: 'hint', textContent: WORDS.yamlNote }) : null,
    grid.form === 'workbook' ? el('p', { class: 'hint', textContent: WORDS.workbookNote }) : null,
    el('div', { class: 'grid-wrap' }, table),
    el('ul', { class: 'grid-problems', id: 'grid-problems' })].filter(Boolean));
  fillGrid();
}

function fillGrid() {
  const grid = state.grid;
  const body = $('#grid tbody');
  body.replaceChildren();
  grid.rows.forEach((row, r) => {
    const tr = el('tr', { dataset: { row: r } }, el('td', { class: 'computed', textContent: String(r + 1) }));
    row.forEach((cell, c) => {
      const input = el('input', { value: cell, dataset: { row: r, column: c }, size: width(grid, c) });
      input.setAttribute('aria-label', `${grid.headings[c]} ${r + 1}`);
      input.addEventListener('input', () => { grid.rows[r][c] = input.value; saveGrid(); });
      input.addEventListener('focus', () => showCellProblem(input));
      input.addEventListener('blur', hideCellProblem);
      tr.append(el('td', {}, input));
    });
    for (let k = 0; k < 3; k++) tr.append(el('td', { class: 'computed', dataset: { computed: k } }));
    tr.append(el('td', { class: 'row-tools' },
      el('button', { type: 'button', title: WORDS.up, textContent: '↑', disabled: r === 0, onclick: () => moveRow(r, -1) }),
      el('button', { type: 'button', title: WORDS.down, textContent: '↓', disabled: r === grid.rows.length - 1, onclick: () => moveRow(r, 1) }),
      el('button', { type: 'button', title: WORDS.remove, textContent: '✕', onclick: () => removeRow(r) })));
    body.append(tr);
  });
  showGridCheck(grid);
}

/** A column's width in characters: its longest cell, within bounds. */
function width(grid, column) {
  const longest = Math.max(grid.headings[column].length, ...grid.rows.map((row) => row[column].length));
  return Math.max(4, Math.min(36, longest + 1));
}

function showGridCheck(answer) {
  const grid = state.grid;
  grid.computed = answer.computed || [];
  grid.problems = answer.problems || [];
  for (const td of document.querySelectorAll('#grid td.bad')) { td.classList.remove('bad'); td.firstChild.title = ''; }
  for (const tr of document.querySelectorAll('#grid tr.bad-row')) tr.classList.remove('bad-row');
  document.querySelectorAll('#grid tbody tr').forEach((tr, r) => {
    const computed = grid.computed[r];
    tr.querySelectorAll('td[data-computed]').forEach((td, k) => {
      if (computed) td.textContent = computed[k];
      td.classList.toggle('unmet', Boolean(computed) && k === 2 && /không đạt/i.test(computed[2]));
    });
  });
  const list = $('#grid-problems');
  list.replaceChildren();
  for (const problem of grid.problems) {
    const input = problem.row !== null && problem.column !== null ? $(`#grid input[data-row="${problem.row}"][data-column="${problem.column}"]`) : null;
    if (input) {
      input.parentElement.classList.add('bad');
      input.title = describe(problem);
    } else if (problem.row !== null) {
      $(`#grid tr[data-row="${problem.row}"]`)?.classList.add('bad-row');
    }
    const where = problem.row !== null ? `${WORDS.row(problem.row + 1)}: ` : '';
    list.append(el('li', { textContent: where + describe(problem), onclick: () => focusCell(problem.row, problem.column) }));
  }
  const focused = document.activeElement;
  if (focused?.dataset?.column !== undefined) showCellProblem(focused);
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

const saveGrid = debounce(async () => {
  const grid = state.grid;
  saveState(WORDS.saving);
  const answer = await send('PUT', '/api/grid', { headings: grid.headings, rows: grid.rows });
  if (!answer.ok) {
    saveState(WORDS.saveFailed, true);
    toast((answer.body?.problems || []).map(describe).join('\n'));
    return;
  }
  showGridCheck(answer.body);
  saveState(answer.body.saved ? WORDS.saved : WORDS.notSaved, !answer.body.saved);
}, 250);

function addRow() {
  state.grid.rows.push(state.grid.headings.map(() => ''));
  fillGrid();
  focusCell(state.grid.rows.length - 1, 0);
}

function moveRow(r, by) {
  const rows = state.grid.rows;
  [rows[r], rows[r + by]] = [rows[r + by], rows[r]];
  fillGrid();
  saveGrid();
}

function removeRow(r) {
  state.grid.rows.splice(r, 1);
  fillGrid();
  saveGrid();
}

function focusCell(row, column) {
  showTab('grid');
  const input = $(`#grid input[data-row="${row}"][data-column="${column ?? 0}"]`);
  if (!input) return;
  input.scrollIntoView({ block: 'center', inline: 'center' });
  input.focus();
  flash(input.parentElement);
}

function goToCell(id, field) {
  const grid = state.grid;
  if (!grid) return;
  const idColumn = grid.keys.indexOf('id');
  const row = grid.rows.findIndex((r) => r[idColumn] === id);
  const column = grid.keys.indexOf(field);
  if (row >= 0) focusCell(row, column >= 0 ? column : 0);
}

// --- The prose ------------------------------------------------------------------

function renderFiles(files) {
  state.content = files;
  const bar = $('#prose-files');
  bar.replaceChildren(...files.map((name) => el('button', {
    type: 'button', textContent: name, dataset: { file: `content/${name}` }, onclick: () => openFile(`content/${name}`),
  })));
}

async function openFile(file, line, column) {
  showTab('prose');
  if (state.prose.file !== file) {
    if (state.prose.dirty) await writeProse();
    const response = await fetch(withToken(`/api/file?path=${encodeURIComponent(file)}`));
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      toast((body.problems || []).map(describe).join('\n'));
      return;
    }
    const text = await response.text();
    state.prose = { file, saved: text, dirty: false };
    $('#source').value = text;
    for (const button of document.querySelectorAll('#prose-files button')) {
      button.setAttribute('aria-selected', String(button.dataset.file === file));
    }
    refreshProse();
  }
  if (line) goToLine(line, column);
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The prose as highlighted HTML: headings, template syntax, comments,
 * bold, list marks; each line in a span that knows its number. */
function highlight(text) {
  const lines = text.split('\n');
  let inComment = false;
  return lines.map((line, i) => {
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

function refreshProse() {
  const text = $('#source').value;
  $('#highlight').innerHTML = highlight(text);
  // The lines the last layout found wrong, marked where they are.
  for (const problem of state.errors) {
    if (problem.file === state.prose.file && problem.line) {
      $(`#highlight span[data-line="${problem.line}"]`)?.classList.add('error-line');
    }
  }
  const outline = $('#outline');
  outline.replaceChildren();
  text.split('\n').forEach((line, i) => {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      outline.append(el('li', {
        class: `l${heading[1].length}`,
        textContent: heading[2].replace(/\{\{.*?\}\}/g, '…'),
        onclick: () => { goToLine(i + 1); showInPages(state.prose.file, i + 1); },
      }));
    }
  });
  syncScroll();
  showCaret();
}

function syncScroll() {
  $('#highlight').scrollTop = $('#source').scrollTop;
}

function caretLine() {
  const area = $('#source');
  const before = area.value.slice(0, area.selectionStart);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

function showCaret() {
  const { line, column } = caretLine();
  $('#caret-place').textContent = `${state.prose.file || ''} · ${WORDS.line(line, column)}`;
}

/** Scrolls the pages to where line `line` of `file` is printed. */
async function showInPages(file, line) {
  const answer = await getJson(`/api/place?file=${encodeURIComponent(file)}&line=${line}`);
  const place = answer.body.place;
  const page = place && shown[place.page - 1];
  if (!page) return;
  const img = page.img;
  const scale = img.clientWidth / (img.naturalWidth * 0.75 || 1);
  const preview = $('#preview');
  preview.scrollTop = page.node.offsetTop - preview.offsetTop + place.top * scale - 40;
  flash(page.node);
}

function goToLine(line, column = 1) {
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

/** Saves the open prose file. */
async function writeProse() {
  const { file } = state.prose;
  const text = $('#source').value;
  saveState(WORDS.saving);
  const answer = await send('PUT', `/api/file?path=${encodeURIComponent(file)}`, text, 'text/plain; charset=utf-8');
  if (answer.ok) {
    if (state.prose.file === file) {
      state.prose.saved = text;
      state.prose.dirty = $('#source').value !== text;
    }
    saveState(WORDS.saved);
  } else {
    saveState(WORDS.saveFailed, true);
    toast((answer.body?.problems || []).map(describe).join('\n'));
  }
}

const saveProse = debounce(writeProse, 300);

// --- The problems -----------------------------------------------------------------

function problemList(problems) {
  if (!problems.length) return el('p', { class: 'empty', textContent: WORDS.noProblems });
  return el('div', {}, problems.map((p) => el('div', {
    class: `problem-item ${p.severity}`,
    onclick: () => goToPlace(p),
  },
  el('div', { class: 'where', textContent: [p.file, p.line ? WORDS.line(p.line, p.column) : null, p.within].filter(Boolean).join(', ') }),
  el('div', { class: 'message', textContent: p.message }),
  p.hint ? el('div', { class: 'hint', textContent: p.hint }) : null)));
}

async function loadProblems() {
  const tab = $('#tab-problems');
  tab.replaceChildren(el('p', { textContent: WORDS.checking }));
  const answer = await getJson('/api/problems');
  const saved = Array.isArray(answer.body) ? answer.body : answer.body.problems || [];
  // What the grid holds that is not saved yet comes first.
  const unsaved = (state.grid?.problems || []).map((p) => ({
    severity: 'error', file: state.grid.file, message: p.message, hint: p.hint,
    within: p.row !== null ? WORDS.row(p.row + 1) + ` (${WORDS.unsaved})` : WORDS.unsaved, row: p.row, cell: p.column,
  }));
  const problems = [...unsaved, ...saved];
  tab.replaceChildren(problemList(problems));
  setProblemCount(problems.filter((p) => p.severity === 'error').length);
}

function setProblemCount(count) {
  const button = $('.tabs button[data-tab="problems"]');
  button.replaceChildren(WORDS.problems, count ? el('span', { class: 'count', textContent: String(count) }) : '');
}

/** Goes to where a problem is: the field, the cell or the line. */
function goToPlace(problem) {
  const file = problem.file || '';
  if (file === 'report.yaml') {
    goToFact(null, problem.line);
  } else if (state.grid && file === state.grid.file) {
    const row = problem.row ?? (problem.line ? problem.line - 2 : 0);
    focusCell(row, problem.cell ?? 0);
  } else if (file.startsWith('content/')) {
    openFile(file, problem.line, problem.column);
  } else {
    toast(WORDS.notHere + `: ${file}`);
  }
}

/** Goes to what a click on a page points at. */
function goToTarget(target) {
  if (!target) { toast(WORDS.notHere); return; }
  if (target.kind === 'cell') goToCell(target.id, target.field);
  else if (target.kind === 'fact') goToFact(target.key);
  else if (target.kind === 'line') {
    if (target.file === 'report.yaml') goToFact(null, target.line);
    else openFile(target.file, target.line);
  }
}

// --- The pages ----------------------------------------------------------------------

const shown = [];

function showPages(status) {
  const preview = $('#preview');
  preview.classList.toggle('stale', status.failed);
  status.pages.forEach((hash, i) => {
    let page = shown[i];
    if (!page) {
      const img = el('img', { alt: `${i + 1}`, draggable: false });
      img.addEventListener('click', (event) => clickPage(event, i + 1, img));
      page = { node: el('div', { class: 'page', id: `page-${i + 1}` }, img, el('span', { class: 'number', textContent: String(i + 1) })), img, hash: null };
      shown[i] = page;
      preview.append(page.node);
    }
    if (page.hash !== hash) {
      const url = withToken(`/pages/${i + 1}.svg?h=${hash}`);
      const first = page.hash === null;
      page.hash = hash;
      // The new image is swapped in once loaded: no blank page meanwhile.
      const next = new Image();
      next.onload = () => {
        if (page.hash !== hash) return;
        page.img.src = url;
        page.img.dataset.hash = hash;
        if (!first) {
          page.node.classList.add('changed');
          setTimeout(() => page.node.classList.remove('changed'), 900);
        }
      };
      next.src = url;
    }
  });
  while (shown.length > status.pages.length) shown.pop().node.remove();
  let empty = $('#no-pages');
  if (!status.pages.length && !empty) preview.append(el('p', { id: 'no-pages', class: 'empty-pages', textContent: WORDS.noPages }));
  else if (status.pages.length && empty) empty.remove();
  const banner = $('#error-banner');
  const errors = (status.problems || []).filter((p) => p.severity === 'error');
  state.errors = status.failed ? errors : [];
  if (state.prose.file) refreshProse();
  banner.hidden = !status.failed;
  if (status.failed && errors.length) {
    banner.textContent = `${WORDS.failed}\n` + errors.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${describe(p)}`).join('\n');
    banner.onclick = () => goToPlace(errors[0]);
  }
  $('#compile-state').textContent = status.failed ? WORDS.failed : WORDS.compiled(Math.round(status.ms));
  $('#compile-state').classList.toggle('bad', status.failed);
  if (!$('#tab-problems').hidden) loadProblems();
}

async function clickPage(event, page, img) {
  const scale = (img.naturalWidth * 0.75) / img.clientWidth;
  const x = event.offsetX * scale;
  const y = event.offsetY * scale;
  const answer = await getJson(`/api/source?page=${page}&x=${x.toFixed(1)}&y=${y.toFixed(1)}`);
  goToTarget(answer.body.target);
}

// --- Files changed on disk --------------------------------------------------------

async function reloadReport(files) {
  const answer = await getJson('/api/report');
  const report = answer.body;
  if (files.includes('report.yaml')) {
    const focused = document.activeElement?.closest?.('#tab-facts');
    if (!focused) renderFacts(report.facts);
    renderFiles(report.content);
    toast(WORDS.reloaded('report.yaml'));
  }
  if (state.grid && files.includes(state.grid.file)) {
    if (saveGrid.pending()) toast(WORDS.conflict(state.grid.file));
    else { renderGrid(report.grid); toast(WORDS.reloaded(state.grid.file)); }
  }
  const open = state.prose.file;
  if (open && files.includes(open)) {
    if (state.prose.dirty) {
      toast(WORDS.conflict(open));
    } else {
      const area = $('#source');
      const caret = area.selectionStart;
      const scroll = area.scrollTop;
      const text = await (await fetch(withToken(`/api/file?path=${encodeURIComponent(open)}`))).text();
      state.prose.saved = text;
      area.value = text;
      area.setSelectionRange(caret, caret);
      area.scrollTop = scroll;
      refreshProse();
      toast(WORDS.reloaded(open));
    }
  }
}

// --- Start -------------------------------------------------------------------------------

async function start() {
  for (const button of document.querySelectorAll('.tabs button')) {
    button.textContent = WORDS[button.dataset.tab];
    button.addEventListener('click', () => showTab(button.dataset.tab));
  }
  $('#build').textContent = WORDS.build;
  $('#build').addEventListener('click', build);
  const area = $('#source');
  area.addEventListener('input', () => {
    state.prose.dirty = true;
    refreshProse();
    saveProse();
  });
  area.addEventListener('scroll', syncScroll);
  area.addEventListener('keyup', showCaret);
  area.addEventListener('click', showCaret);
  $('#show-in-pages').textContent = WORDS.showInPages;
  $('#show-in-pages').addEventListener('click', () => showInPages(state.prose.file, caretLine().line));
  area.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
      event.preventDefault();
      showInPages(state.prose.file, caretLine().line);
    }
  });
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') event.preventDefault();
  });

  const answer = await getJson('/api/report');
  const report = answer.body;
  $('#report-name').textContent = `baocao · ${report.name}`;
  document.title = `${report.name} · baocao`;
  renderFacts(report.facts);
  renderGrid(report.grid);
  renderFiles(report.content);
  if (report.content.length) await openFile(`content/${report.content[0]}`);
  showTab('facts');

  const events = new EventSource(withToken('/events'));
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'pages') showPages(event);
    else if (event.type === 'files' && event.page !== PAGE) reloadReport(event.files);
  };
  events.onerror = () => { $('#compile-state').textContent = WORDS.lost; $('#compile-state').classList.add('bad'); };
  events.onopen = () => $('#compile-state').classList.remove('bad');
  document.body.dataset.ready = 'true';
}

async function build() {
  const button = $('#build');
  button.disabled = true;
  button.textContent = WORDS.building;
  const answer = await send('POST', '/api/build', {});
  button.disabled = false;
  button.textContent = WORDS.build;
  if (answer.ok) toast(`${WORDS.built}: ${answer.body.files.join(', ')}`);
  else toast(`${WORDS.buildFailed}\n` + (answer.body?.problems || []).map(describe).join('\n'));
}

start();
