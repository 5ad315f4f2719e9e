//! The editor's preview: the booklet's pages as drawing instructions for
//! the page's canvas (see [`super::draw`]; as SVG where those cannot draw
//! a page), each made again only when its frame changed (a page's frame is
//! hashed, as typst-cli's export cache does), and what a click on a page
//! points at.

use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use typst::layout::{Frame, FrameItem, Point};

use super::draw::{self, Glyphs};
use crate::doc::{Block, Document, Inline};
use crate::render::pdf::{Layout, Mark};

/// One page of the preview.
#[derive(Debug, Clone)]
pub struct Page {
    /// The hash of its frame: equal hashes, equal pages.
    pub hash: u128,
    /// The page as drawing instructions (JSON), or `None` when they
    /// cannot draw it: then its SVG is shown.
    pub drawing: Option<Arc<str>>,
    /// The laid-out page, for its SVG.
    laid_out: typst_layout::Page,
    /// Its SVG, made when first asked for.
    svg: OnceLock<Arc<str>>,
    /// The text on the page: each run's place and characters.
    texts: Arc<Vec<TextAt>>,
}

impl Page {
    /// Its width and height in points.
    pub fn size(&self) -> [f64; 2] {
        let size = self.laid_out.frame.size();
        [size.x.to_pt(), size.y.to_pt()]
    }

    /// The page as an SVG image, made by typst-svg.
    pub fn svg(&self) -> Arc<str> {
        Arc::clone(self.svg.get_or_init(|| typst_svg::svg(&self.laid_out, &typst_svg::SvgOptions::default()).into()))
    }
}

/// A run of text on a page: where it stands (points from the top left)
/// and each character's left edge.
#[derive(Debug, Clone)]
struct TextAt {
    left: f64,
    baseline: f64,
    size: f64,
    /// Each character with the left edge of its glyph.
    chars: Vec<(f64, char)>,
    right: f64,
}

/// The pages of the booklet as last laid out, and where its blocks stand.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// The pages, first to last.
    pub pages: Vec<Page>,
    marks: Vec<Mark>,
    /// The glyph outlines the drawings use, kept from one layout to the
    /// next.
    pub glyphs: Arc<Mutex<Glyphs>>,
}

impl Pages {
    /// The pages of `layout`, the pages of `previous` reused where the
    /// frame is the same; also the numbers (from 1) of the pages rendered
    /// anew.
    pub fn update(previous: &Pages, layout: &Layout) -> (Pages, Vec<usize>) {
        let laid_out = layout.pages();
        let hashes: Vec<u128> = laid_out.iter().map(typst::utils::hash128).collect();
        let kept: Vec<Option<&Page>> = hashes.iter().map(|hash| previous.pages.iter().find(|p| p.hash == *hash)).collect();
        let changed: Vec<usize> = (0..laid_out.len()).filter(|i| kept[*i].is_none()).collect();
        // The changed pages are drawn side by side, a share per core.
        let glyphs = &previous.glyphs;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(changed.len()).max(1);
        let mut rendered: Vec<(usize, Page)> = std::thread::scope(|scope| {
            let workers: Vec<_> = changed
                .chunks(changed.len().div_ceil(threads).max(1))
                .map(|share| scope.spawn(|| share.iter().map(|&i| (i, render(&laid_out[i], hashes[i], glyphs))).collect::<Vec<_>>()))
                .collect();
            workers.into_iter().flat_map(|w| w.join().expect("a page drawer")).collect()
        });
        rendered.sort_by_key(|(i, _)| *i);

        let mut rendered = rendered.into_iter().map(|(_, page)| page);
        let pages = kept.into_iter().map(|same| same.cloned().unwrap_or_else(|| rendered.next().expect("a rendered page"))).collect();
        (Pages { pages, marks: layout.marks(), glyphs: Arc::clone(glyphs) }, changed.into_iter().map(|i| i + 1).collect())
    }

    /// Where block `block` (by its place in [`Document::blocks_in_order`])
    /// stands.
    pub fn mark_of(&self, block: usize) -> Option<Mark> {
        self.marks.iter().find(|m| m.block == block).copied()
    }

    /// What stands at `x`, `y` (points from the top left) of page `page`
    /// (from 1): the block (by its place in
    /// [`Document::blocks_in_order`]) and the text of the run clicked with
    /// the character offset clicked in it.
    pub fn at(&self, page: usize, x: f64, y: f64) -> Option<Spot> {
        let block = self.marks.iter().rfind(|m| m.page < page || (m.page == page && m.top <= y + 2.0)).map(|m| m.block);
        let texts = &self.pages.get(page.checked_sub(1)?)?.texts;
        let run = texts
            .iter()
            .filter(|t| y >= t.baseline - t.size && y <= t.baseline + t.size * 0.35)
            .min_by(|a, b| distance(a, x).total_cmp(&distance(b, x)))
            .filter(|t| distance(t, x) < 12.0);
        let (text, offset) = match run {
            Some(run) => {
                let text: String = run.chars.iter().map(|(_, c)| c).collect();
                let offset = run.chars.iter().rposition(|(left, _)| *left <= x).unwrap_or(0);
                (text, offset)
            }
            None => (String::new(), 0),
        };
        Some(Spot { block, text, offset })
    }
}

/// Page `page` as the preview shows it: its drawing (or its SVG, when the
/// drawing cannot show it) and its text.
fn render(page: &typst_layout::Page, hash: u128, glyphs: &Mutex<Glyphs>) -> Page {
    let drawing = draw::drawing(page, glyphs).map(Arc::from);
    let svg = OnceLock::new();
    if drawing.is_none() {
        let _ = svg.set(typst_svg::svg(page, &typst_svg::SvgOptions::default()).into());
    }
    let mut texts = Vec::new();
    collect_text(&page.frame, Point::zero(), &mut texts);
    Page { hash, drawing, laid_out: page.clone(), svg, texts: Arc::new(texts) }
}

/// How far `x` is from the run `text`, 0 when inside it.
fn distance(text: &TextAt, x: f64) -> f64 {
    if x < text.left {
        text.left - x
    } else if x > text.right {
        x - text.right
    } else {
        0.0
    }
}

/// A place clicked on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spot {
    /// The block it is in, when the page design marks its blocks.
    pub block: Option<usize>,
    /// The run of text clicked ("" when the click fell beside the text).
    pub text: String,
    /// The character clicked in it.
    pub offset: usize,
}

/// The indicator figure the click at `spot` fell on in `block`: the
/// anchored figure of the block whose text holds the clicked character.
pub fn figure_at(block: &Block, spot: &Spot) -> Option<String> {
    let runs: Vec<&Inline> = match block {
        Block::Paragraph { text, .. } | Block::Heading { text, .. } => text.iter().collect(),
        Block::Table(table) => table.rows.iter().flatten().flatten().collect(),
        _ => return None,
    };
    let clicked: Vec<char> = spot.text.chars().collect();
    for run in runs {
        let Inline::Text { text, anchors, .. } = run else { continue };
        for anchor in anchors {
            let figure: Vec<char> = text[anchor.start..anchor.end].chars().collect();
            if figure.is_empty() || figure.len() > clicked.len() {
                continue;
            }
            let hit = (0..=clicked.len() - figure.len())
                .any(|at| clicked[at..at + figure.len()] == figure[..] && (at..at + figure.len()).contains(&spot.offset));
            if hit {
                return Some(anchor.label.clone());
            }
        }
    }
    None
}

/// The block `index` of `document` in reading order.
pub fn block(document: &Document, index: usize) -> Option<&Block> {
    document.blocks_in_order().get(index).copied()
}

/// Collects the runs of text of `frame`, placed at `at`.
fn collect_text(frame: &Frame, at: Point, texts: &mut Vec<TextAt>) {
    for (point, item) in frame.items() {
        let here = at + *point;
        match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                collect_text(&group.frame, here + shift, texts);
            }
            FrameItem::Text(text) => {
                let size = text.size.to_pt();
                let mut x = here.x.to_pt();
                let mut chars = Vec::new();
                let mut last = None;
                for glyph in &text.glyphs {
                    // The glyphs of one cluster share its characters.
                    let range = glyph.range();
                    if last.as_ref() != Some(&range) {
                        chars.extend(text.text.get(range.clone()).unwrap_or("").chars().map(|c| (x, c)));
                        last = Some(range);
                    }
                    x += glyph.x_advance.at(text.size).to_pt();
                }
                texts.push(TextAt { left: here.x.to_pt(), baseline: here.y.to_pt(), size, chars, right: x });
            }
            _ => {}
        }
    }
}
