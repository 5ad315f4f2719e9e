// Drives Debian's Chromium against `baocao edit` as a person uses it
// (started by tests/it/editor_browser.rs): the editor started the way the
// README shows, with a relative folder; words and keys typed at human
// speed, with pauses; two windows on one file and on the table; files
// changed on disk meanwhile, one saved as UTF-16; the server stopped and
// started again (a new token) in the middle of typing. Every character
// typed must be on disk or visibly offered back in a page.
//
// Environment: BAOCAO_BIN (the program), BAOCAO_CWD (the folder it is
// started in), BAOCAO_DATA (the report folder, relative to BAOCAO_CWD),
// BAOCAO_OUT, BAOCAO_SHOT (a screenshot to keep), BAOCAO_PROFILE (a fresh
// profile folder). Prints one JSON line of what it saw; exits non-zero
// with the reason when something does not hold.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const cwd = process.env.BAOCAO_CWD;
const data = process.env.BAOCAO_DATA;
const disk = (file) => readFileSync(join(cwd, data, file), 'utf8').replace(/^\uFEFF/, '');
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seen = {};

/** Starts the editor as a person does; its address and process. */
async function startEditor() {
  const child = spawn(process.env.BAOCAO_BIN, ['edit', data, '--no-open', '--out', process.env.BAOCAO_OUT], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`baocao edit ended (${code})`)));
  });
  return { url: line.trim(), child };
}

async function stopEditor(editor) {
  const ended = new Promise((resolve) => editor.child.once('exit', resolve));
  editor.child.kill('SIGTERM');
  await ended;
}

function resident(editor) {
  const status = readFileSync(`/proc/${editor.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const context = await chromium.launchPersistentContext(process.env.BAOCAO_PROFILE, {
  executablePath: process.env.BAOCAO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: flags,
  viewport: { width: 1500, height: 950 },
});
const failures = [];
// An editor left running when the script fails is stopped with it.
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

async function open(url) {
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/403|Failed to load resource|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE/.test(m.text())) failures.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** The hash of what each page shows ('' for a page not drawn: out of
 * view). */
const hashes = (page) => page.$$eval('.page', (pages) => pages.map((p) => p.dataset.hash || ''));
/** The hash of each page's latest layout, drawn or not. */
const layouts = (page) => page.$$eval('.page', (pages) => pages.map((p) => p.dataset.layout || ''));
const unsaved = (page) => page.evaluate(() => Number(document.body.dataset.unsaved || 0));
const waitSaved = (page, timeout = 15000) => page.waitForFunction(() => document.body.dataset.unsaved === '0', null, { timeout });

async function openProse(page, file, needle) {
  await page.click('.tabs button[data-tab="prose"]');
  await page.click(`#prose-files button[data-file="${file}"]`);
  await page.waitForFunction((n) => document.querySelector('#source').value.includes(n), needle);
}

/** Puts the caret at the end of the line holding `needle`. */
async function caretAfterLine(page, needle) {
  await page.evaluate((n) => {
    const area = document.querySelector('#source');
    const at = area.value.indexOf('\n', area.value.indexOf(n));
    area.focus();
    area.setSelectionRange(at, at);
  }, needle);
}

/** Types `words` as a person does: each word key by key, a pause after it. */
async function typeWords(page, words, pause = 350) {
  for (const word of words) {
    await page.keyboard.type(word, { delay: 35 });
    await wait(pause);
  }
}

const source = (page) => page.inputValue('#source');

try {
  let editor = await startEditor();
  const page = await open(editor.url);
  await page.waitForSelector('#page-1[data-hash]');
  seen.pages = (await hashes(page)).length;
  const label = await page.textContent('label[for="fact-title"]');
  assert.match(label, /Tên tài liệu/);

  // --- Prose at human speed: words with pauses, saved as typed. -------------
  await openProse(page, 'content/ket-qua.md', 'BTVTU đã ban hành');
  const before = await layouts(page);
  await caretAfterLine(page, 'BTVTU đã ban hành');
  const words = [' Đồng', ' chí', ' Bí', ' thư', ' nhấn', ' mạnh.'];
  await typeWords(page, words);
  const typed = words.join('');
  await waitSaved(page);
  assert.ok(disk('content/ket-qua.md').includes(`đạt được một số kết quả sau:${typed}\n`), 'every word on disk, in order');
  assert.ok((await source(page)).includes(`đạt được một số kết quả sau:${typed}\n`), 'and in the page, the caret never moved');
  await page.waitForFunction((old) => [...document.querySelectorAll('.page')].some((p, i) => p.dataset.layout !== old[i]), before);
  const after = await layouts(page);
  seen.prose_changed = after.map((h, i) => (h !== before[i] ? i + 1 : 0)).filter(Boolean);
  assert.ok(!seen.prose_changed.includes(1), 'the cover does not change with the prose');
  // The page being typed on is shown, drawn as laid out.
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.page')].every((p) => !p.dataset.hash || p.dataset.hash === p.dataset.layout));

  // Keystroke to page: one more word, timed from its last key to the
  // changed page on the screen (drawn, and a frame shown after it), as a
  // person sees it. The pages do not wait for the save.
  const latencies = [];
  await page.evaluate(() => document.querySelector('#source').addEventListener('input', () => { window.lastKey = performance.now(); }));
  for (let i = 0; i < Number(process.env.BAOCAO_LATENCY_WORDS || 9); i++) {
    await wait(700);
    const old = await hashes(page);
    await page.keyboard.type(i % 2 ? ' hai' : ' Một', { delay: 35 });
    const shown = await page.waitForFunction((o) => {
      const pages = [...document.querySelectorAll('.page')];
      const settled = pages.every((p) => !p.dataset.hash || p.dataset.hash === p.dataset.layout);
      return settled && pages.some((p, i) => (p.dataset.hash || '') !== o[i]) && performance.now() - window.lastKey;
    }, old, { timeout: 15000, polling: 'raf' });
    latencies.push(Math.round(await shown.jsonValue()));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  seen.keystroke_to_page_ms = { median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1], each: latencies };
  // Bound for any machine CI runs on (the goal, 150 ms on a quiet 2-core
  // machine with a release build, is measured for the README).
  const bound = Number(process.env.BAOCAO_LATENCY_BOUND || 400);
  assert.ok(seen.keystroke_to_page_ms.median <= bound, `keystroke to page: median ${seen.keystroke_to_page_ms.median} ms over ${bound} ms`);
  await waitSaved(page);

  // An error typed: the last good pages stay, the line is marked; taken
  // back, it clears.
  // The layouts of the typing done, the pages drawn as laid out.
  await wait(1000);
  await page.waitForFunction(() => [...document.querySelectorAll('.page')].every((p) => !p.dataset.hash || p.dataset.hash === p.dataset.layout));
  const good = await hashes(page);
  const broken = ' {{ ind.khong_co_chi_tieu.achieved }}';
  // Pasted at once: each state typed on the way would be laid out.
  await page.keyboard.insertText(broken);
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 15000 });
  seen.error_banner = await page.textContent('#error-banner');
  assert.match(seen.error_banner, /content\/ket-qua\.md:\d+/);
  await page.waitForSelector('#highlight .error-line');
  assert.deepEqual(await hashes(page), good, 'the last good pages stay');
  for (let i = 0; i < broken.length; i++) await page.keyboard.press('Backspace');
  await page.waitForSelector('#error-banner', { state: 'hidden', timeout: 15000 });
  await waitSaved(page);

  // --- The grid, a key every 0,45 s: focus kept, every key saved. -----------
  await page.click('.tabs button[data-tab="grid"]');
  const column = await page.evaluate(() => [...document.querySelectorAll('#grid thead th')].map((th) => th.textContent).indexOf('thực hiện') - 1);
  const cell = (key) => `#grid input[data-key="${key}"][data-column="${column}"]`;
  const ratio = '#grid tr[data-key="viec_lam_moi"] td[data-computed="0"]';
  seen.ratio_before = await page.textContent(ratio);
  await page.click(cell('viec_lam_moi'), { clickCount: 3 });
  await page.keyboard.press('Backspace');
  for (const key of '5.123,4') {
    await page.keyboard.type(key);
    await wait(450);
  }
  await waitSaved(page);
  assert.equal(await page.inputValue(cell('viec_lam_moi')), '5.123,4');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.key), 'viec_lam_moi', 'the cell keeps the focus');
  assert.match(disk('indicators.csv'), /;23\.000;5\.123,4;/);
  // "68.5" is not a Vietnamese number: the error at the cell, nothing saved.
  await page.click(cell('viec_lam_moi'), { clickCount: 3 });
  await page.keyboard.type('68.5', { delay: 60 });
  await page.waitForSelector(`#grid td.bad ${cell('viec_lam_moi').replace('#grid ', '')}`, { timeout: 15000 });
  seen.cell_error = await page.getAttribute(cell('viec_lam_moi'), 'title');
  assert.match(seen.cell_error, /68\.5/);
  assert.doesNotMatch(disk('indicators.csv'), /;68\.5;/, 'a wrong value is not saved');
  await page.click(cell('viec_lam_moi'), { clickCount: 3 });
  await page.keyboard.type('16.500', { delay: 60 });
  await waitSaved(page);
  await page.waitForFunction(([s, old]) => document.querySelector(s).textContent !== old && document.querySelector(s).textContent !== '…', [ratio, seen.ratio_before]);
  seen.ratio_after = await page.textContent(ratio);
  assert.match(disk('indicators.csv'), /;23\.000;16\.500;/);

  // A new row half typed waits, marked, while another cell is saved.
  await page.click('#add-row');
  await page.keyboard.type('chi_tieu_moi', { delay: 40 });
  await page.click(cell('do_thi_hoa'), { clickCount: 3 });
  await page.keyboard.type('30,15', { delay: 80 });
  await page.waitForFunction(() => document.querySelector('#grid tr.held'), null, { timeout: 15000 });
  await page.waitForFunction(() => document.body.dataset.unsaved === '1', null, { timeout: 15000 });
  assert.match(disk('indicators.csv'), /;30,15;/);
  assert.ok(!disk('indicators.csv').includes('chi_tieu_moi'), 'the unfinished row is not written');
  // Deleted, then taken back, then deleted for good.
  const rows = () => page.$$eval('#grid tbody tr', (trs) => trs.map((tr) => tr.dataset.key));
  const held = (await rows()).find((k) => k.startsWith('new-'));
  await page.click(`#grid tr[data-key="${held}"] .row-tools button[title="Xóa dòng"]`);
  await page.click('#toast button');
  assert.ok((await rows()).includes(held) || (await rows()).some((k) => k.startsWith('new-')), 'undo brings the row back');
  await page.click(`#grid tr[data-key^="new-"] .row-tools button[title="Xóa dòng"]`);
  await waitSaved(page);
  // A saved row deleted and taken back: the table as it was.
  const tableBefore = disk('indicators.csv');
  await page.click('#grid tr[data-key="that_nghiep"] .row-tools button[title="Xóa dòng"]');
  await page.click('#toast button');
  await waitSaved(page);
  await wait(800);
  assert.equal(disk('indicators.csv'), tableBefore, 'the deleted row is back');

  // --- Two windows on one file, typing at once in different paragraphs. ----
  const second = await open(editor.url);
  await openProse(page, 'content/ket-qua.md', 'Tiếp tục chỉ đạo đẩy mạnh');
  await openProse(second, 'content/ket-qua.md', 'Tiếp tục chỉ đạo đẩy mạnh');
  await caretAfterLine(page, 'Vận động Quỹ');
  await caretAfterLine(second, 'phục vụ tốt nhân sự Đại hội');
  for (const [a, b] of [[' Một', ' Bốn'], [' hai', ' năm'], [' ba.', ' sáu.']]) {
    await page.keyboard.type(a, { delay: 35 });
    await second.keyboard.type(b, { delay: 35 });
    await wait(400);
  }
  await waitSaved(page);
  await waitSaved(second);
  await wait(1000);
  const both = disk('content/ket-qua.md');
  assert.ok(both.includes('263 tỷ đồng. Một hai ba.\n'), 'the first window\'s words');
  assert.ok(both.includes('ngũ cán bộ các cấp') && both.includes(' Bốn năm sáu.\n'), 'the second window\'s words');
  await page.waitForFunction((t) => document.querySelector('#source').value === t, both, { timeout: 10000 });
  await second.waitForFunction((t) => document.querySelector('#source').value === t, both, { timeout: 10000 });

  // Both change the same line before either is saved: one window is shown
  // the two texts side by side; keeping its own after merging them by hand
  // saves it; the other window follows.
  await caretAfterLine(page, 'Tập trung chỉ đạo tái CCKT');
  await caretAfterLine(second, 'Tập trung chỉ đạo tái CCKT');
  // Each put in at once: typed key by key on a loaded machine, a pause
  // longer than the save delay would save half of it.
  await page.keyboard.insertText(' (cửa sổ một)');
  await second.keyboard.insertText(' (cửa sổ hai)');
  const conflicted = await Promise.race([
    page.waitForSelector('#prose-notice .conflict', { timeout: 15000 }).then(() => page),
    second.waitForSelector('#prose-notice .conflict', { timeout: 15000 }).then(() => second),
  ]);
  const theirs = await conflicted.textContent('#prose-notice pre.theirs');
  const ours = await conflicted.inputValue('#prose-notice textarea.ours');
  seen.conflict_both_shown = /cửa sổ (một|hai)/.test(theirs) && /cửa sổ (một|hai)/.test(ours) && theirs !== ours;
  assert.ok(seen.conflict_both_shown, 'both texts are shown');
  await conflicted.fill('#prose-notice textarea.ours', ours.replace(/ \(cửa sổ (một|hai)\)/, ' (cửa sổ một) (cửa sổ hai)'));
  await conflicted.click('#keep-mine');
  await waitSaved(conflicted);
  await wait(800);
  assert.ok(disk('content/ket-qua.md').includes('BĐKH và xâm nhập mặn. Chỉ đạo đẩy mạnh SXNN theo hướng hữu cơ, CNC và liên kết sản xuất. (cửa sổ một) (cửa sổ hai)\n'));
  const other = conflicted === page ? second : page;
  await other.waitForFunction((t) => document.querySelector('#source').value === t, disk('content/ket-qua.md'), { timeout: 10000 });

  // Two windows on the table, two cells: both saved.
  await page.click('.tabs button[data-tab="grid"]');
  await second.click('.tabs button[data-tab="grid"]');
  await page.click(cell('lao_dong_nuoc_ngoai'), { clickCount: 3 });
  await second.click(cell('that_nghiep'), { clickCount: 3 });
  await page.keyboard.type('1.234', { delay: 120 });
  await second.keyboard.type('2,5', { delay: 120 });
  await waitSaved(page);
  await waitSaved(second);
  await wait(800);
  assert.match(disk('indicators.csv'), /^lao_dong_nuoc_ngoai;.*;1\.234;/m);
  assert.match(disk('indicators.csv'), /^that_nghiep;.*;2,5;/m);
  await second.close();

  // --- A file changed on disk while its page has unsaved typing. -----------
  await openProse(page, 'content/nhiem-vu.md', 'Kết nạp');
  await caretAfterLine(page, 'Kết nạp');
  await page.keyboard.type(' Câu gõ trong trang.', { delay: 30 });
  const outside = disk('content/nhiem-vu.md').replace('Triển khai có hiệu quả hoạt động đối ngoại', 'Triển khai có hiệu quả hoạt động đối ngoại (sửa bằng chương trình khác)');
  writeFileSync(join(cwd, data, 'content/nhiem-vu.md'), outside);
  await waitSaved(page);
  await wait(1200);
  const merged = disk('content/nhiem-vu.md');
  assert.ok(merged.includes('đảng viên. Câu gõ trong trang.\n') && merged.includes('(sửa bằng chương trình khác)'), 'both edits stay');
  await page.waitForFunction((t) => document.querySelector('#source').value === t, merged, { timeout: 10000 });

  // --- A file saved as UTF-16 by another program. --------------------------
  await openProse(page, 'content/nhiem-vu.md', 'CÁC CHỈ TIÊU');
  const nhiemVu = disk('content/nhiem-vu.md');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nhiemVu, 'utf16le')]);
  writeFileSync(join(cwd, data, 'content/nhiem-vu.md'), utf16);
  await page.waitForSelector('#prose-notice:not([hidden])', { timeout: 15000 });
  seen.unreadable = await page.textContent('#prose-notice');
  assert.match(seen.unreadable, /UTF-16/);
  assert.equal(await source(page), nhiemVu, 'the text stays, never the error');
  assert.ok(await page.$eval('#source', (a) => a.readOnly), 'shown read-only');
  writeFileSync(join(cwd, data, 'content/nhiem-vu.md'), nhiemVu);
  await page.waitForSelector('#prose-notice', { state: 'hidden', timeout: 15000 });
  assert.ok(!(await page.$eval('#source', (a) => a.readOnly)));

  // --- The server stopped, then started again with a new token, while
  // typing. ---------------------------------------------------------------
  await openProse(page, 'content/mo-dau.md', 'Năm qua');
  await caretAfterLine(page, 'Năm qua');
  await typeWords(page, [' Trước', ' khi']);
  await waitSaved(page);
  await stopEditor(editor);
  await typeWords(page, [' dừng', ' lại', ' rồi.']);
  await page.waitForSelector('#connection:not([hidden])', { timeout: 15000 });
  seen.offline = await page.textContent('#connection');
  assert.ok(await unsaved(page) > 0, 'the page says what is not saved');
  assert.ok(!disk('content/mo-dau.md').includes('dừng'), 'the stopped server wrote nothing');
  editor = await startEditor();
  seen.same_port = new URL(editor.url).port === new URL(page.url()).port;
  assert.ok(seen.same_port, 'the editor of the same folder comes back on the same port');
  await typeWords(page, [' Vẫn', ' gõ.']);
  await page.waitForFunction(() => /chạy lại/.test(document.querySelector('#connection').textContent), null, { timeout: 15000 });
  const third = await open(editor.url);
  await third.waitForSelector('#drafts:not([hidden])', { timeout: 10000 });
  seen.drafts = await third.textContent('#drafts');
  assert.match(seen.drafts, /content\/mo-dau\.md/);
  await third.click('#restore-drafts');
  await waitSaved(third);
  await wait(800);
  assert.ok(disk('content/mo-dau.md').endsWith(' Trước khi dừng lại rồi. Vẫn gõ.\n'), 'every word typed before, during and after the stop');
  // The old page, reloaded: told what to do, nothing shown as lost.
  page.on('dialog', (dialog) => dialog.accept());
  await page.reload();
  seen.expired_page = await page.textContent('body');
  assert.match(seen.expired_page, /Phiên soạn này đã hết/);
  await page.close();

  // --- Closing a page with unsaved typing asks first. ----------------------
  await openProse(third, 'content/mo-dau.md', 'Năm qua');
  await caretAfterLine(third, 'Vẫn gõ.');
  await third.keyboard.type(' Cuối.');
  const asked = new Promise((resolve) => third.once('dialog', (dialog) => { resolve(dialog.type()); dialog.dismiss(); }));
  await third.close({ runBeforeUnload: true });
  seen.close_asked = await Promise.race([asked, wait(5000).then(() => 'no')]);
  assert.equal(seen.close_asked, 'beforeunload');
  await waitSaved(third);
  assert.ok(disk('content/mo-dau.md').includes('Vẫn gõ. Cuối.\n'));

  // --- report.yaml as text: broken where it breaks, put right there. -------
  await openProse(third, 'report.yaml', 'place: Trà Vinh');
  await third.evaluate(() => {
    const area = document.querySelector('#source');
    const at = area.value.indexOf('place: ') + 'place: '.length;
    area.focus();
    area.setSelectionRange(at, at);
  });
  await third.keyboard.type('"');
  await third.waitForSelector('#error-banner:not([hidden])', { timeout: 15000 });
  seen.yaml_error = await third.textContent('#error-banner');
  assert.match(seen.yaml_error, /report\.yaml:14: dấu ngoặc kép mở ở đây không được đóng/, 'told where the quote opens, in Vietnamese');
  await third.waitForSelector('#highlight span[data-line="14"].error-line');
  await third.keyboard.press('Backspace');
  await third.waitForSelector('#error-banner', { state: 'hidden', timeout: 15000 });
  await waitSaved(third);

  seen.resident_mb = Math.round(resident(editor) / 1048576);

  // A page drawn on its canvas looks as its SVG (typst-svg's) does: the
  // pixels that differ by more than a quarter of black are a sliver of
  // the edges.
  await third.click('.tabs button[data-tab="prose"]');
  await openProse(third, 'content/ket-qua.md', 'BTVTU');
  await third.evaluate(() => { document.querySelector('#preview').scrollTop = document.querySelector('#page-3').offsetTop - 20; });
  await third.waitForSelector('#page-3[data-hash] canvas');
  seen.canvas_against_svg = await third.evaluate(async () => {
    const canvas = document.querySelector('#page-3 canvas');
    const token = document.querySelector('meta[name="baocao-token"]').content;
    const image = new Image();
    image.src = `/pages/3.svg?token=${token}`;
    await image.decode();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(image, 0, 0, copy.width, copy.height);
    const a = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const b = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let differ = 0;
    let ink = 0;
    for (let i = 0; i < a.length; i += 4) {
      const la = (a[i] + a[i + 1] + a[i + 2]) / 3;
      const lb = (b[i] + b[i + 1] + b[i + 2]) / 3;
      if (Math.abs(la - lb) > 64) differ++;
      if (lb < 128) ink++;
    }
    return { differ, ink, pixels: a.length / 4 };
  });
  assert.ok(seen.canvas_against_svg.ink > 10000, 'the SVG has text');
  assert.ok(seen.canvas_against_svg.differ < seen.canvas_against_svg.pixels * 0.01, `canvas against SVG: ${JSON.stringify(seen.canvas_against_svg)}`);
  await third.click('.tabs button[data-tab="prose"]');
  await openProse(third, 'content/ket-qua.md', 'BTVTU');
  await wait(1000);
  await third.screenshot({ path: process.env.BAOCAO_SHOT });
  await stopEditor(editor);
  assert.deepEqual(failures, [], 'no script errors on the page');
} finally {
  await context.close();
}
console.log(JSON.stringify(seen));
