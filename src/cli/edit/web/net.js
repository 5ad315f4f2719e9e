// Talking to the server, knowing when it is gone, and keeping what was
// typed in the browser until the server has it. Every read carries the
// session's token in its URL, every write in the X-Baocao-Token header.
//
// Drafts: each change not yet confirmed saved is kept in localStorage,
// under the report's id, the kind of change and this page's id, at once
// on every keystroke. A page that is open says so every two seconds; the
// drafts of a page that is closed, or that lost its server, are offered
// back when the report is opened again (after a reload, a closed tab, a
// stopped or restarted server).

import { $, el, WORDS } from './ui.js';

const TOKEN = document.querySelector('meta[name="baocao-token"]').content;

/** This page, among the pages open on the report. */
export const PAGE = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');

export const withToken = (url) => url + (url.includes('?') ? '&' : '?') + 'token=' + TOKEN;

/** The connection: 'online', 'offline' (no answer) or 'expired' (the
 * server was started again with another token). */
export const connection = { state: 'online', listeners: [] };

function setConnection(state) {
  if (connection.state === state || connection.state === 'expired') return;
  connection.state = state;
  const banner = $('#connection');
  banner.hidden = state === 'online';
  if (state === 'offline') banner.replaceChildren(WORDS.offline);
  if (state === 'expired') {
    banner.replaceChildren(WORDS.expired, ' ', el('button', { type: 'button', textContent: WORDS.download, onclick: downloadDrafts }));
    heartbeat();
  }
  if (state === 'offline') pingUntilBack();
  for (const listener of connection.listeners) listener(state);
}

async function pingUntilBack() {
  while (connection.state === 'offline') {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await call('GET', '/api/ping', undefined, { timeout: 3000 });
  }
}

/** One request; `{ ok, status, body }`, status 0 when the server did not
 * answer in time. Never throws. */
export async function call(method, url, body, { timeout = 15000, text = false } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  let response;
  try {
    const reads = method === 'GET';
    response = await fetch(reads ? withToken(url) : url, {
      method,
      signal: controller.signal,
      headers: reads ? {} : { 'X-Baocao-Token': TOKEN, 'X-Baocao-Page': PAGE, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    setConnection('offline');
    return { ok: false, status: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 403) {
    setConnection('expired');
    return { ok: false, status: 403, body: null };
  }
  setConnection('online');
  let answer = null;
  try { answer = text ? await response.text() : await response.json(); } catch { answer = null; }
  return { ok: response.ok, status: response.status, body: answer };
}

// --- Drafts --------------------------------------------------------------------

let prefix = null;

/** Starts keeping drafts for the report `id`. */
export function startDrafts(id) {
  prefix = `baocao:${id}:`;
  heartbeat();
  setInterval(heartbeat, 2000);
}

function heartbeat() {
  if (!prefix) return;
  try {
    localStorage.setItem(`${prefix}alive:${PAGE}`, JSON.stringify({ t: Date.now(), expired: connection.state === 'expired' }));
  } catch { /* storage full or refused: the page still holds the text */ }
}

/** Keeps `value` as this page's draft of `kind`/`name`. */
export function keepDraft(kind, name, value) {
  if (!prefix) return;
  try {
    localStorage.setItem(`${prefix}draft:${PAGE}:${kind}:${name}`, JSON.stringify({ ...value, t: Date.now() }));
  } catch { /* as above */ }
}

/** Drops this page's draft of `kind`/`name`: the server has it. */
export function dropDraft(kind, name) {
  if (prefix) localStorage.removeItem(`${prefix}draft:${PAGE}:${kind}:${name}`);
}

/** The drafts of pages that are gone (closed, reloaded, or expired), each
 * `{ key, page, kind, name, value }`. */
export function orphanDrafts() {
  if (!prefix) return [];
  const found = [];
  const alive = (page) => {
    try {
      const beat = JSON.parse(localStorage.getItem(`${prefix}alive:${page}`) || 'null');
      return beat && !beat.expired && Date.now() - beat.t < 6000;
    } catch { return false; }
  };
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key.startsWith(`${prefix}draft:`)) continue;
    const [page, kind, ...name] = key.slice(prefix.length + 6).split(':');
    if (page === PAGE || alive(page)) continue;
    try { found.push({ key, page, kind, name: name.join(':'), value: JSON.parse(localStorage.getItem(key)) }); } catch { /* skip */ }
  }
  return found.sort((a, b) => a.value.t - b.value.t);
}

/** Forgets drafts once taken over or discarded. */
export function forgetDrafts(drafts) {
  for (const draft of drafts) localStorage.removeItem(draft.key);
}

/** This page's drafts, as a text file to download (when the page can no
 * longer save and the new page would not find them). */
function downloadDrafts() {
  const parts = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key.startsWith(`${prefix}draft:${PAGE}:`)) continue;
    const [kind, ...name] = key.slice(`${prefix}draft:${PAGE}:`.length).split(':');
    const value = JSON.parse(localStorage.getItem(key));
    parts.push(`===== ${kind}: ${name.join(':')} =====\n${value.text ?? JSON.stringify(value, null, 2)}\n`);
  }
  const link = el('a', { href: URL.createObjectURL(new Blob([parts.join('\n')], { type: 'text/plain' })), download: 'baocao-chua-luu.txt' });
  document.body.append(link);
  link.click();
  link.remove();
}
