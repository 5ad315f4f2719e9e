// The pages as they will print. Each page comes as drawing instructions
// (its glyphs placed by number, its rules as paths) and is drawn on a
// canvas; the outline of every glyph is fetched once and kept, shared by
// all pages. A page the instructions cannot draw (one with an image) is
// shown as an SVG image instead. Only the pages in view, and those next
// to them, are fetched and drawn; the others when scrolled to.

import { $, el, flash } from './ui.js';
import { call, withToken } from './net.js';

/** Each glyph's outline, by number, in font units (y up). */
const outlines = [];

/** The pages shown: `{ node, hash, drawn, size, near, drawing }`. */
export const shown = [];

/** When a page comes into view (or near it), it is drawn. */
let watcher = null;

function watch(page) {
  if (!watcher) {
    watcher = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const page = shown.find((p) => p.node === entry.target);
        if (!page) continue;
        page.near = entry.isIntersecting;
        if (page.near) update(page);
        else forget(page);
      }
    }, { root: $('#preview'), rootMargin: '100% 0px' });
  }
  watcher.observe(page.node);
}

/** Shows the pages of a layout: `status.pages` their hashes, `status.sizes`
 * their sizes in points. */
export function showPages(status) {
  const preview = $('#preview');
  preview.classList.toggle('stale', status.failed);
  status.pages.forEach((hash, i) => {
    let page = shown[i];
    if (!page) {
      const node = el('div', { class: 'page', id: `page-${i + 1}` }, el('span', { class: 'number', textContent: String(i + 1) }));
      node.addEventListener('click', (event) => clickPage(event, i + 1));
      page = { node, number: i + 1, hash: null, drawn: null, near: false, drawing: null, size: [595.28, 841.89] };
      shown[i] = page;
      preview.append(node);
      watch(page);
    }
    const size = status.sizes?.[i];
    if (size && (size[0] !== page.size[0] || size[1] !== page.size[1] || !page.node.style.aspectRatio)) {
      page.size = size;
      page.node.style.aspectRatio = `${size[0]} / ${size[1]}`;
    }
    page.hash = hash;
    page.node.dataset.layout = hash;
    if (page.near) update(page);
  });
  while (shown.length > status.pages.length) {
    const page = shown.pop();
    watcher?.unobserve(page.node);
    page.node.remove();
  }
}

/** Fetches and draws `page` when what is drawn is not its latest
 * layout. */
async function update(page) {
  if (page.hash === page.drawn || page.fetching === page.hash) return;
  const hash = page.hash;
  page.fetching = hash;
  let drawing = page.drawing?.hash === hash ? page.drawing : null;
  if (!drawing) {
    const answer = await call('GET', `/pages/${page.number}.json?h=${hash}`);
    if (!answer.ok || page.hash !== hash) { page.fetching = null; return; }
    drawing = { ...answer.body, hash };
  }
  if (!drawing.svg && !(await haveGlyphs(drawing.glyphs))) { page.fetching = null; return; }
  page.fetching = null;
  page.drawing = drawing;
  if (page.hash !== hash || !page.near) return;
  if (drawing.svg) showSvg(page, hash);
  else paint(page, drawing, hash);
}

/** Gets the glyph outlines up to number `count`. */
async function haveGlyphs(count) {
  while (outlines.length < count) {
    const answer = await call('GET', `/api/glyphs?from=${outlines.length}`);
    if (!answer.ok || !answer.body.glyphs.length) return false;
    // Another page's answer may have come first.
    if (answer.body.from !== outlines.length) continue;
    for (const d of answer.body.glyphs) outlines.push(new Path2D(d));
  }
  return true;
}

/** Draws `drawing` on the page's canvas, at the screen's resolution. */
function paint(page, drawing, hash) {
  let canvas = page.node.querySelector('canvas');
  if (!canvas) {
    page.node.querySelector('img')?.remove();
    canvas = el('canvas');
    page.node.prepend(canvas);
  }
  const scale = (page.node.clientWidth / drawing.w) * (window.devicePixelRatio || 1);
  canvas.width = Math.max(1, Math.round(drawing.w * scale));
  canvas.height = Math.max(1, Math.round(drawing.h * scale));
  const ctx = canvas.getContext('2d');
  const base = [scale, 0, 0, scale, 0, 0];
  ctx.setTransform(...base);
  if (drawing.bg) {
    ctx.fillStyle = drawing.bg;
    ctx.fillRect(0, 0, drawing.w, drawing.h);
  } else {
    ctx.clearRect(0, 0, drawing.w, drawing.h);
  }
  items(ctx, drawing.items, base);
  shownAs(page, hash);
}

/** `m` followed by the transform `[a, b, c, d, e, f]`. */
const times = (m, [a, b, c, d, e, f]) => [
  m[0] * a + m[2] * b, m[1] * a + m[3] * b,
  m[0] * c + m[2] * d, m[1] * c + m[3] * d,
  m[0] * e + m[2] * f + m[4], m[1] * e + m[3] * f + m[5],
];

function items(ctx, list, m) {
  for (const item of list) {
    if (item[0] === 't') {
      const [, x, y, k, fill, glyphs] = item;
      ctx.fillStyle = fill;
      for (let i = 0; i < glyphs.length; i += 3) {
        const tx = x + glyphs[i + 1];
        const ty = y + glyphs[i + 2];
        ctx.setTransform(m[0] * k, m[1] * k, -m[2] * k, -m[3] * k, m[0] * tx + m[2] * ty + m[4], m[1] * tx + m[3] * ty + m[5]);
        ctx.fill(outlines[glyphs[i]]);
      }
    } else if (item[0] === 's') {
      const [, x, y, d, fill, rule, stroke, width, cap, join, dash, phase, miter] = item;
      ctx.setTransform(...times(m, [1, 0, 0, 1, x, y]));
      const path = new Path2D(d);
      if (fill) {
        ctx.fillStyle = fill;
        ctx.fill(path, rule);
      }
      if (stroke && width > 0) {
        ctx.strokeStyle = stroke;
        ctx.lineWidth = width;
        ctx.lineCap = cap;
        ctx.lineJoin = join;
        ctx.miterLimit = miter;
        ctx.setLineDash(dash || []);
        ctx.lineDashOffset = phase;
        ctx.stroke(path);
      }
    } else if (item[0] === 'g') {
      const [, x, y, transform, clip, children] = item;
      const inner = times(times(m, [1, 0, 0, 1, x, y]), transform);
      if (clip) {
        ctx.save();
        ctx.setTransform(...inner);
        ctx.clip(new Path2D(clip));
        items(ctx, children, inner);
        ctx.restore();
      } else {
        items(ctx, children, inner);
      }
    }
  }
}

/** Shows the page as its SVG image, swapped in once loaded. */
function showSvg(page, hash) {
  const url = withToken(`/pages/${page.number}.svg?h=${hash}`);
  const next = new Image();
  next.alt = String(page.number);
  next.draggable = false;
  next.onload = () => {
    if (page.hash !== hash) return;
    page.node.querySelector('canvas')?.remove();
    page.node.querySelector('img')?.remove();
    page.node.prepend(next);
    shownAs(page, hash);
  };
  next.src = url;
}

/** Marks the page as showing `hash` (its `data-hash`; `data-layout` is
 * the latest layout's) once the new picture is on the screen; a page that
 * changed is outlined for a moment. */
function shownAs(page, hash) {
  const first = page.drawn === null && !page.node.dataset.hash;
  page.drawn = hash;
  requestAnimationFrame(() => setTimeout(() => {
    if (page.drawn !== hash) return;
    const changed = !first && page.node.dataset.hash !== hash;
    page.node.dataset.hash = hash;
    if (changed) {
      page.node.classList.add('changed');
      setTimeout(() => page.node.classList.remove('changed'), 900);
    }
  }, 0));
}

/** Lets the canvas of a page far from view go; it is drawn again when
 * scrolled back to. */
function forget(page) {
  const canvas = page.node.querySelector('canvas');
  if (canvas) {
    canvas.width = 0;
    canvas.height = 0;
    page.drawn = null;
    delete page.node.dataset.hash;
  }
}

/** Draws the pages again at the new size when the window changes. */
export function redraw() {
  for (const page of shown) {
    if (page.near && page.drawing && !page.drawing.svg && page.drawn === page.drawing.hash) paint(page, page.drawing, page.drawing.hash);
  }
}

/** The point clicked on page `number`, in points from its top left. */
function pointOf(event, number) {
  const page = shown[number - 1];
  const box = page.node.getBoundingClientRect();
  const scale = page.size[0] / (box.width || 1);
  return { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale };
}

/** What a click on a page goes to is the caller's (`onSource`). */
export const hooks = { onSource: () => {} };

async function clickPage(event, number) {
  const { x, y } = pointOf(event, number);
  const answer = await call('GET', `/api/source?page=${number}&x=${x.toFixed(1)}&y=${y.toFixed(1)}`);
  if (answer.ok) hooks.onSource(answer.body.target);
}

/** Scrolls the pages to where line `line` of `file` is printed. */
export async function showInPages(file, line) {
  const answer = await call('GET', `/api/place?file=${encodeURIComponent(file)}&line=${line}`);
  const place = answer.body?.place;
  const page = place && shown[place.page - 1];
  if (!page) return;
  const scale = page.node.clientWidth / page.size[0];
  const preview = $('#preview');
  preview.scrollTop = page.node.offsetTop - preview.offsetTop + place.top * scale - 40;
  flash(page.node);
}
