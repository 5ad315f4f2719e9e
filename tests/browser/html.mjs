// Opens the booklet's web page (made by `baocao build --format html`) in
// Debian's Chromium, as a reader of the portal does, and reports what it
// finds: the headings with their labels, the contents' links (each clicked
// lands on its heading), the appendix table. Environment: BAOCAO_PAGE (the
// page's path), BAOCAO_PROFILE. Prints one JSON line.

import { chromium } from 'playwright-core';

const context = await chromium.launchPersistentContext(process.env.BAOCAO_PROFILE, {
  executablePath: process.env.BAOCAO_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const seen = { errors: [] };
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('requestfailed', (r) => seen.errors.push(`request ${r.url()}`));
  await page.goto('file://' + process.env.BAOCAO_PAGE);
  seen.lang = await page.getAttribute('html', 'lang');
  seen.h1 = await page.$$eval('h1', (hs) => hs.map((h) => h.innerText));
  seen.headings = await page.$$eval('h2, h3, h4, h5, h6', (hs) => hs.map((h) => h.innerText.replace(/\s+/g, ' ').trim()));
  seen.links = await page.$$eval('nav a', (as) => as.length);
  // Each link of the contents lands on its heading.
  const hrefs = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')));
  seen.landed = 0;
  for (const [i, href] of hrefs.entries()) {
    if (i % 7 !== 0) continue;
    await page.click(`nav a[href="${href}"]`);
    const at = await page.evaluate((h) => {
      const target = document.querySelector(h);
      return target ? Math.abs(target.getBoundingClientRect().top) : null;
    }, href);
    if (at !== null && at < 5 && (await page.evaluate(() => location.hash)) === href) seen.landed += 1;
  }
  seen.clicked = hrefs.filter((_, i) => i % 7 === 0).length;
  seen.table = await page.$$eval('table', (ts) => ts.map((t) => ({ heads: t.querySelectorAll('thead th').length, rows: t.querySelectorAll('tbody tr').length })));
  seen.scripts = await page.$$eval('script', (s) => s.length);
  seen.text = await page.evaluate(() => document.body.innerText);
} finally {
  await context.close();
}
console.log(JSON.stringify(seen));
