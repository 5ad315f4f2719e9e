// Drives Debian's Chromium against a running `baocao edit` (started by
// tests/it/editor.rs): types into the prose and the grid and watches the
// pages change. Environment: BAOCAO_URL (the address the editor printed),
// BAOCAO_SHOT (where to keep a screenshot), BAOCAO_PROFILE (a fresh
// profile folder). Prints one JSON line of what it saw; exits non-zero
// with the reason when something does not hold.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const url = process.env.BAOCAO_URL;
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
const seen = {};
try {
  const page = context.pages()[0] || await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForSelector('#page-3 img[data-hash]');
  const hashes = () => page.$$eval('.page img', (imgs) => imgs.map((i) => i.dataset.hash || ''));
  const before = await hashes();
  seen.pages = before.length;

  // The form: report.yaml's facts with the hints of their comments.
  const label = await page.textContent('label[for="fact-title"]');
  assert.match(label, /Tên tài liệu/);
  seen.form_hint = await page.textContent('.field[data-key="date"] .hint');
  assert.match(seen.form_hint, /Ngày ban hành/);

  // The prose: one word typed at the end of a paragraph of ket-qua.md.
  await page.click('.tabs button[data-tab="prose"]');
  await page.click('#prose-files button[data-file="content/ket-qua.md"]');
  await page.waitForFunction(() => document.querySelector('#source').value.includes('BTVTU đã ban hành'));
  await page.evaluate(() => {
    const area = document.querySelector('#source');
    const at = area.value.indexOf('\n', area.value.indexOf('BTVTU đã ban hành'));
    area.focus();
    area.setSelectionRange(at, at);
  });
  await page.keyboard.type(' Thêm chữ thử nghiệm.');
  await page.waitForFunction((old) => {
    const now = [...document.querySelectorAll('.page img')].map((i) => i.dataset.hash || '');
    return now.some((h, i) => h !== old[i]);
  }, before, { timeout: 15000 });
  const afterProse = await hashes();
  seen.prose_changed = afterProse.map((h, i) => (h !== before[i] ? i + 1 : 0)).filter(Boolean);
  assert.ok(!seen.prose_changed.includes(1), 'the cover does not change with the prose');
  await page.waitForFunction(() => document.querySelector('#save-state').textContent.length > 0);
  // An edit with an error: the last good pages stay, the error is shown
  // with its place and the line is marked; taking it back clears it.
  const good = await hashes();
  const broken = ' {{ ind.khong_co_chi_tieu.achieved }}';
  await page.keyboard.type(broken);
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 15000 });
  seen.error_banner = await page.textContent('#error-banner');
  assert.match(seen.error_banner, /content\/ket-qua\.md:\d+/);
  await page.waitForSelector('#highlight .error-line');
  assert.deepEqual(await hashes(), good, 'the last good pages stay');
  for (let i = 0; i < broken.length; i++) await page.keyboard.press('Backspace');
  await page.waitForSelector('#error-banner', { state: 'hidden', timeout: 15000 });
  seen.outline = await page.$$eval('#outline li', (items) => items.length);
  assert.ok(seen.outline > 3, 'the outline lists the headings');

  // The grid: "68.5" is not a Vietnamese number; the error is at its cell.
  await page.click('.tabs button[data-tab="grid"]');
  const cell = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#grid tbody tr')];
    const headings = [...document.querySelectorAll('#grid thead th')].map((th) => th.textContent);
    const column = headings.indexOf('thực hiện') - 1;
    const row = rows.findIndex((tr) => tr.querySelector('input').value === 'viec_lam_moi');
    return { row, column };
  });
  assert.ok(cell.row >= 0 && cell.column >= 0, 'the grid has viec_lam_moi and its achieved column');
  const selector = `#grid input[data-row="${cell.row}"][data-column="${cell.column}"]`;
  const ratio = `#grid tr[data-row="${cell.row}"] td[data-computed="0"]`;
  seen.ratio_before = await page.textContent(ratio);
  await page.fill(selector, '');
  await page.type(selector, '68.5');
  await page.waitForSelector(`#grid td.bad ${selector.replace('#grid ', '')}`);
  seen.cell_error = await page.getAttribute(selector, 'title');
  assert.match(seen.cell_error, /68\.5/);
  seen.cell_popup = await page.textContent('#cell-problem');
  await page.fill(selector, '');
  await page.type(selector, '16.500');
  await page.waitForFunction((s) => !document.querySelector(s).parentElement.classList.contains('bad'), selector);
  await page.waitForFunction(([s, old]) => document.querySelector(s).textContent !== old, [ratio, seen.ratio_before]);
  seen.ratio_after = await page.textContent(ratio);
  await page.waitForFunction(() => document.querySelector('#save-state').textContent.match(/Đã lưu/));
  const beforeFigure = afterProse;
  await page.waitForFunction((old) => {
    const now = [...document.querySelectorAll('.page img')].map((i) => i.dataset.hash || '');
    return now.some((h, i) => h !== old[i]);
  }, beforeFigure, { timeout: 15000 });
  const afterFigure = await hashes();
  seen.figure_changed = afterFigure.map((h, i) => (h !== beforeFigure[i] ? i + 1 : 0)).filter(Boolean);

  // A click on a page goes to its source.
  const box = await page.$eval('#page-3 img', (img) => { const r = img.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
  await page.mouse.click(box.x + box.w * 0.5, box.y + box.h * 0.45);
  await page.waitForFunction(() => !document.querySelector('#tab-prose').hidden || !document.querySelector('#tab-grid').hidden || !document.querySelector('#tab-facts').hidden);
  await page.waitForTimeout(300);
  seen.clicked = await page.textContent('#caret-place');
  assert.match(seen.clicked, /content\/.+\.md · dòng \d+/);

  // The problems, with their places.
  await page.click('.tabs button[data-tab="problems"]');
  await page.waitForFunction(() => !document.querySelector('#tab-problems').textContent.includes('Đang kiểm tra'));
  seen.problems = await page.$$eval('#tab-problems .problem-item', (items) => items.length);

  // Back to the paragraph typed into, and the pages scrolled to it.
  await page.click('.tabs button[data-tab="prose"]');
  await page.click('#prose-files button[data-file="content/ket-qua.md"]');
  await page.evaluate(() => {
    const area = document.querySelector('#source');
    const at = area.value.indexOf('Thêm chữ thử nghiệm');
    area.focus();
    area.setSelectionRange(at, at);
  });
  await page.click('#show-in-pages');
  await page.waitForFunction(() => document.querySelector('#preview').scrollTop > 0);
  seen.shown_page = await page.evaluate(() => {
    const preview = document.querySelector('#preview');
    const middle = preview.getBoundingClientRect().top + preview.clientHeight / 2;
    const pages = [...document.querySelectorAll('.page')];
    const page = pages.find((p) => { const r = p.getBoundingClientRect(); return r.top <= middle && r.bottom >= middle; });
    return page ? Number(page.id.replace('page-', '')) : 0;
  });
  assert.ok(seen.prose_changed.includes(seen.shown_page), `the pages show the edited paragraph's page (${seen.shown_page})`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: process.env.BAOCAO_SHOT });
  assert.deepEqual(failures, [], 'no script errors on the page');
} finally {
  await context.close();
}
console.log(JSON.stringify(seen));
