// Small helpers of the page: building elements, the toast, the save state.

import { WORDS } from './words.js';

export const $ = (selector, root = document) => root.querySelector(selector);

export const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node[key] = value;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
};

export function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => { timer = null; fn(...args); }, ms); };
  run.pending = () => timer !== null;
  run.now = (...args) => { clearTimeout(timer); timer = null; return fn(...args); };
  return run;
}

export function toast(text, action) {
  const box = $('#toast');
  box.replaceChildren(text);
  if (action) box.append(' ', el('button', { type: 'button', textContent: action.label, onclick: () => { box.hidden = true; action.run(); } }));
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, action ? 8000 : 4000);
}

/** What the save state says: the last word of a save, or how many
 * changes wait. */
export function saveState(text, bad = false) {
  const state = $('#save-state');
  state.textContent = text;
  state.classList.toggle('bad', bad);
}

export const describe = (problem) => [problem.message, problem.hint].filter(Boolean).join(' — ');

export function flash(node) {
  node.classList.remove('flash');
  void node.offsetWidth;
  node.classList.add('flash');
}

/** The caret of a text field kept across a change of its whole text:
 * where the text before it (or, else, after it) is unchanged, the caret
 * stays with it. */
export function keepCaret(area, text) {
  const old = area.value;
  const at = area.selectionStart;
  let prefix = 0;
  while (prefix < old.length && prefix < text.length && old[prefix] === text[prefix]) prefix++;
  let caret = at;
  if (at > prefix) {
    const fromEnd = old.length - at;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < text.length - prefix && old[old.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;
    caret = fromEnd <= suffix ? text.length - fromEnd : Math.min(at, text.length);
  }
  const scroll = area.scrollTop;
  area.value = text;
  area.setSelectionRange(caret, caret);
  area.scrollTop = scroll;
}

/** What the parts of the page ask of each other (filled in by app.js). */
export const hooks = {
  goToPlace: () => {},
  openFile: () => {},
  refreshUnsaved: () => {},
};

export { WORDS };
