//! The booklet as a tree of blocks and inline text.

use serde::Serialize;

use crate::date::Date;
use crate::source::Origin;
use crate::style::{HouseStyle, PageFormat};

/// A whole booklet: its metadata and its blocks in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Title, author, date and language.
    pub meta: Meta,
    /// The content, cover first.
    pub blocks: Vec<Block>,
}

/// Document metadata, written into the PDF's and the DOCX's properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// The booklet's title.
    pub title: String,
    /// The issuing body.
    pub author: String,
    /// What the booklet is about.
    pub subject: String,
    /// Search keywords.
    pub keywords: Vec<String>,
    /// The document date (from the data, never the clock).
    pub date: Date,
    /// BCP 47 language tag of the text, "vi".
    pub lang: String,
    /// The short title in the running header.
    pub short_title: String,
    /// The paper format.
    pub page: PageFormat,
    /// Printed on both sides: inner and outer margins alternate.
    pub duplex: bool,
    /// The house style: heading ladder, list marks, font, spacing, running
    /// header.
    pub style: HouseStyle,
    /// A draft: every page carries the house style's draft mark.
    pub draft: bool,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Inline {
    /// Text in one style.
    Text {
        /// The characters; in the JSON form that the page design reads,
        /// `pieces`: the text cut where lines may not break.
        #[serde(rename = "pieces", serialize_with = "super::keep::serialize_pieces")]
        text: String,
        /// Bold.
        strong: bool,
        /// Italic.
        emph: bool,
        /// The figures in this text that the templates anchored, each
        /// with what it is (`viec_lam_moi.achieved`).
        #[serde(skip)]
        anchors: Vec<Anchor>,
    },
    /// A forced line break within the paragraph.
    LineBreak,
}

/// Text with inline styles.
pub type Inlines = Vec<Inline>;

/// A figure inside a run of text: its byte range and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Where it starts in the run's text, in bytes.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// What it is: `id.field` of the indicator table.
    pub label: String,
}


/// A block of the booklet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// The cover page.
    Cover(Cover),
    /// The Party header block at the top of a page, then the place and
    /// date, the title and the line under it, the content following on the
    /// same page: how a document that is not a booklet (the table of
    /// comments) opens. Its emblem is not shown.
    Masthead(Cover),
    /// The table of contents: the headings of the levels the house style
    /// lists in it.
    Contents {
        /// Its title ("MỤC LỤC").
        title: Inlines,
        /// The room the widest label of each level takes, in points, as
        /// the fonts measure it (see `crate::fit`); empty until then.
        #[serde(skip)]
        label_widths: Vec<f64>,
    },
    /// A heading of the ladder.
    Heading {
        /// From 1 (a part) to the house style's number of levels; the
        /// writers draw the labels (style.yaml), the data never holds them.
        level: u8,
        /// The heading text, without its label.
        text: Inlines,
        /// Whether it takes its label in the ladder; an appendix does not.
        numbered: bool,
        /// Where it came from.
        #[serde(skip)]
        origin: Option<Origin>,
    },
    /// A body paragraph.
    Paragraph {
        /// Its text.
        text: Inlines,
        /// Where it came from.
        #[serde(skip)]
        origin: Option<Origin>,
    },
    /// A list: "-" items, or numbered.
    List {
        /// Numbered (1., 2., ...) rather than "-" items.
        numbered: bool,
        /// The items, each a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A table with a header row.
    Table(Table),
    /// Start a new page.
    PageBreak,
}

/// The cover page's parts. Each is optional so a template may leave one out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cover {
    /// "ĐẢNG CỘNG SẢN VIỆT NAM", top right.
    pub party: Option<Inlines>,
    /// The parent body, top left.
    pub parent_body: Option<Inlines>,
    /// The issuing body under it, with a "*" below.
    pub issuing_body: Option<Inlines>,
    /// The title, set large.
    pub title: Option<Inlines>,
    /// The audience line under the title.
    pub audience: Option<Inlines>,
    /// Place and date at the foot ("Trà Vinh, tháng 01 năm 2021").
    pub place_date: Option<Inlines>,
    /// An emblem or logo above the title: a PNG, JPEG or SVG file in the
    /// report folder.
    pub logo: Option<String>,
}

/// A table: header cells, body rows and column alignment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The header row.
    pub header: Vec<Inlines>,
    /// The body rows; each has as many cells as the header.
    pub rows: Vec<Vec<Inlines>>,
    /// How each column is aligned.
    pub align: Vec<Align>,
    /// The share of the text width each column takes (summing to 1),
    /// decided once for both writers (see `crate::fit`); empty until then.
    pub widths: Vec<f64>,
    /// Where it came from.
    #[serde(skip)]
    pub origin: Option<Origin>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// Left (the default).
    Left,
    /// Centred.
    Center,
    /// Right, for figures.
    Right,
}

/// The plain text of `inlines`, line breaks as spaces.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.as_str(),
            Inline::LineBreak => " ",
        })
        .collect()
}

/// What laying the booklet out in pages found, that the DOCX follows so
/// that it paginates like the PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pagination {
    /// The page of each heading the table of contents lists, in order.
    pub heading_pages: Vec<usize>,
    /// Where the cover's blocks stand, when the booklet has a cover.
    pub cover: Option<CoverMarks>,
    /// For each table, in reading order (the order of
    /// [`Document::blocks_in_order`]), the rows the layout broke it before
    /// so that no page holds fewer of its rows than the house style's
    /// `table.min_rows`: 0 when the whole table went on to the next page.
    pub table_breaks: Vec<Vec<usize>>,
}

/// Where the cover's blocks stand on the page, in points from its top edge
/// (a baseline is the line its letters sit on).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoverMarks {
    /// How many lines the Party header block takes (three, or more when a
    /// body's name wraps).
    pub header_lines: usize,
    /// The top of the logo, when there is one.
    pub logo: Option<f64>,
    /// The baseline of the title's first line.
    pub title_baseline: f64,
    /// The baseline of the title's last line.
    pub title_end_baseline: f64,
    /// The baseline of the audience line, when there is one.
    pub audience_baseline: Option<f64>,
    /// The baseline of the place-and-date line.
    pub date_baseline: f64,
}

/// A heading as the table of contents lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry<'a> {
    /// Its level, from 1.
    pub level: u8,
    /// Its text.
    pub text: &'a Inlines,
    /// Its label on one line ("PHẦN THỨ NHẤT:", "I-"), as the house
    /// style numbers it; empty when it has none.
    pub label: String,
}

impl Document {
    /// Every block in reading order, each list's items' blocks after the
    /// list itself.
    pub fn blocks_in_order(&self) -> Vec<&Block> {
        fn walk<'a>(blocks: &'a [Block], all: &mut Vec<&'a Block>) {
            for block in blocks {
                all.push(block);
                if let Block::List { items, .. } = block {
                    items.iter().for_each(|item| walk(item, all));
                }
            }
        }
        let mut all = Vec::new();
        walk(&self.blocks, &mut all);
        all
    }

    /// The headings the table of contents lists, in order, with their
    /// labels.
    pub fn outline(&self) -> Vec<OutlineEntry<'_>> {
        let style = &self.meta.style;
        let mut counts = vec![0usize; style.headings.len()];
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text, numbered, .. } => {
                    let index = usize::from(*level).checked_sub(1).filter(|i| *i < counts.len())?;
                    let label = if *numbered {
                        counts[index] += 1;
                        counts[index + 1..].fill(0);
                        style.headings[index].label.format_on_one_line(counts[index])
                    } else {
                        String::new()
                    };
                    (usize::from(*level) <= style.contents_depth()).then_some(OutlineEntry { level: *level, text, label })
                }
                _ => None,
            })
            .collect()
    }

    /// Calls `visit` with every run of text, the origin of the block it
    /// is in (when known) and the heading it stands under (`None` before
    /// the first heading), for checks over the whole text such as the font
    /// coverage check.
    pub fn visit_text<'a>(&'a self, mut visit: impl FnMut(&TextRun<'a>)) {
        let mut heading = None;
        for block in &self.blocks {
            visit_block(block, &mut heading, &mut visit);
        }
    }
}

/// One run of text as [`Document::visit_text`] shows it.
#[derive(Debug, Clone, Copy)]
pub struct TextRun<'a> {
    /// The text.
    pub text: &'a str,
    /// The origin of its block.
    pub origin: Option<Origin>,
    /// The heading it stands under.
    pub heading: Option<&'a Inlines>,
    /// The figures in the run.
    pub anchors: &'a [Anchor],
}

fn visit_block<'a>(block: &'a Block, heading: &mut Option<&'a Inlines>, visit: &mut impl FnMut(&TextRun<'a>)) {
    let mut runs = |inlines: &'a Inlines, origin: Option<Origin>, heading: Option<&'a Inlines>| {
        for inline in inlines {
            if let Inline::Text { text, anchors, .. } = inline {
                visit(&TextRun { text, origin, heading, anchors });
            }
        }
    };
    match block {
        Block::Cover(c) | Block::Masthead(c) => {
            let parts = [&c.party, &c.parent_body, &c.issuing_body, &c.title, &c.audience, &c.place_date];
            for part in parts.into_iter().flatten() {
                runs(part, None, *heading);
            }
        }
        Block::Contents { title, .. } => runs(title, None, *heading),
        Block::Heading { text, origin, .. } => {
            *heading = Some(text);
            runs(text, *origin, *heading);
        }
        Block::Paragraph { text, origin } => runs(text, *origin, *heading),
        Block::List { items, .. } => {
            for block in items.iter().flatten() {
                visit_block(block, heading, visit);
            }
        }
        Block::Table(t) => {
            for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                runs(cell, t.origin, *heading);
            }
        }
        Block::PageBreak => {}
    }
}
