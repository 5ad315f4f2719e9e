//! The DOCX writer: the document model as a Word document that opens cleanly
//! in Word and LibreOffice and looks like the printed booklet: named styles
//! and real numbering built from the house style, a running header like the
//! PDF's, a pre-filled table of contents in a section of its own, tables
//! with the PDF's column widths, the cover's blocks where the PDF has them.
//!
//! docx-rs writes the body's paragraphs, runs and tables; this module and
//! its parts write the rest of the package themselves ([`package`]):
//! styles ([`styles`]), numbering ([`numbering`]), headers ([`header`]),
//! sections, the logo ([`image`]), the embedded fonts ([`embed`]), each part
//! in the schema's element order ([`ooxml`]).

mod anchors;
mod embed;
mod header;
pub mod image;
mod numbering;
mod ooxml;
mod package;
pub mod reference;
mod styles;
mod theme;

use docx_rs::{
    BreakType, Docx, FieldCharType, Hyperlink, HyperlinkType, IndentLevel, InstrText, NumberingId, Paragraph, Run, Table as DocxTable,
    TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

pub use self::anchors::Provenance;
use self::anchors::AnchorBook;
pub use self::image::Image;
use self::numbering::{LIST_LEVELS, Lists, list_style};
use self::styles::{CoverSpacing, Geometry};
use crate::doc::{Align, Block, Cover, CoverMarks, Document, Inline, Inlines, Pagination, Table, nonbreaking};
use crate::error::Result;
use crate::fonts::Family;

/// The character style of a heading's label written as text.
pub const HEADING_LABEL: &str = "HeadingLabel";

/// The name of the bookmark of the `n`th heading the contents list.
fn toc_bookmark(n: usize) -> String {
    format!("_Toc{:08}", n + 1)
}

/// What the DOCX is made with, beyond the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The font family to embed, when the DOCX carries its font.
    pub embed: Option<&'a Family>,
    /// The cover's emblem, ready to place.
    pub logo: Option<&'a Image>,
    /// A DOCX whose Word styles (fonts, colours, spacing) replace the
    /// house style's look.
    pub reference: Option<&'a [u8]>,
    /// Where the booklet came from, recorded with its anchors.
    pub provenance: Option<&'a Provenance<'a>>,
}

/// The DOCX writer, with what the DOCX is made with.
pub struct DocxRenderer<'a> {
    /// The font to embed, the emblem, a reference DOCX, the provenance.
    pub extras: Extras<'a>,
}

impl super::Renderer for DocxRenderer<'_> {
    fn stage(&self) -> crate::timing::Stage {
        crate::timing::Stage::Docx
    }

    /// Where the pages fall, for a booklet with contents (their page
    /// numbers, shown until Word updates the field) or a cover (its
    /// blocks where the PDF has them).
    fn needs(&self, doc: &Document) -> super::Needs {
        match doc.blocks.iter().any(|b| matches!(b, Block::Contents { .. } | Block::Cover(_))) {
            true => super::Needs::Pagination,
            false => super::Needs::Nothing,
        }
    }

    fn render(&self, context: &super::RenderContext<'_>) -> Result<super::Rendered> {
        let doc = context.document;
        let levels = doc.blocks.iter().filter_map(|b| if let Block::Heading { level, numbered: true, .. } = b { Some(usize::from(*level)) } else { None });
        let warnings = doc.meta.style.labels_word_cannot_number(levels);
        let docx = render(doc, context.pagination, self.extras)?;
        Ok(super::Rendered { files: vec![(super::Output::Docx, docx)], warnings })
    }
}

/// Renders `doc` as the bytes of a DOCX file. `pagination` is what laying
/// the PDF out found: the page of each heading the contents list (shown
/// until Word updates the field) and where the cover's blocks stand.
pub fn render(doc: &Document, pagination: &Pagination, extras: Extras<'_>) -> Result<Vec<u8>> {
    let geometry = Geometry::of(&doc.meta.page);
    let font = extras.embed.map_or(doc.meta.style.font.docx.as_str(), |f| f.name.as_str());
    let cover = cover_spacing(&geometry, doc, pagination.cover.as_ref());
    let mut writer = Writer {
        doc,
        pagination,
        geometry,
        docx: Docx::new(),
        lists: Lists::default(),
        fresh_section: true,
        headings_seen: 0,
        heading_counts: vec![0; doc.meta.style.headings.len()],
        tables_seen: 0,
        logo: extras.logo,
        anchors: AnchorBook::default(),
    };
    for block in &doc.blocks {
        writer.block(block, 0);
    }
    let Writer { docx, lists, geometry, anchors, .. } = writer;
    let contents_labels = doc.blocks.iter().find_map(|b| if let Block::Contents { label_widths, .. } = b { Some(label_widths.as_slice()) } else { None });
    let masthead = doc.blocks.iter().any(|b| matches!(b, Block::Masthead(_)));
    let styles = styles::xml(&geometry, &doc.meta.style, font, &cover, contents_labels.unwrap_or_default(), masthead);
    let styles = match extras.reference {
        Some(reference) => reference::apply(&styles, reference)?,
        None => styles,
    };
    let numbering = lists.xml(&doc.meta.style, geometry.indent);
    let properties = anchors.properties(extras.provenance);
    package::assemble(package::Parts {
        body: docx.build().document,
        styles,
        numbering,
        geometry: &geometry,
        meta: &doc.meta,
        embed: extras.embed,
        logo: extras.logo,
        properties,
    })
}

struct Writer<'a> {
    doc: &'a Document,
    pagination: &'a Pagination,
    geometry: Geometry,
    docx: Docx,
    lists: Lists,
    /// Nothing was written since the last section break.
    fresh_section: bool,
    /// How many headings the contents list were met in the body.
    headings_seen: usize,
    /// The count of the headings of each level, as the ladder numbers them.
    heading_counts: Vec<usize>,
    /// How many tables were met.
    tables_seen: usize,
    logo: Option<&'a Image>,
    /// The source and figure anchors given out.
    anchors: AnchorBook,
}

impl Writer<'_> {
    fn paragraph(&mut self, p: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
        self.fresh_section = false;
    }

    /// Ends the current section: the next content starts on a new page.
    /// A section with nothing in it yet is not ended again (a page break
    /// right after the contents, which end their own section).
    fn section_break(&mut self) {
        if !self.fresh_section {
            self.paragraph(Paragraph::new().style(package::SECTION_BREAK));
            self.fresh_section = true;
        }
    }

    fn block(&mut self, block: &Block, depth: usize) {
        match block {
            Block::Cover(cover) => self.cover(cover),
            Block::Masthead(masthead) => self.masthead(masthead),
            Block::Contents { title, .. } => self.contents(title),
            Block::Heading { level, text, numbered, origin } => {
                // An unnumbered heading (an appendix) has a style of its own.
                let style = if *numbered { format!("Heading{level}") } else { format!("Heading{level}Unnumbered") };
                let mut p = Paragraph::new().style(&style);
                let index = usize::from(*level) - 1;
                if *numbered && index < self.heading_counts.len() {
                    self.heading_counts[index] += 1;
                    self.heading_counts[index + 1..].fill(0);
                    let label = &self.doc.meta.style.headings[index].label;
                    if !label.in_word() {
                        p = literal_label(p, &label.format(self.heading_counts[index]));
                    }
                }
                let listed = usize::from(*level) <= self.doc.meta.style.contents_depth();
                if listed {
                    let n = self.headings_seen;
                    self.headings_seen += 1;
                    p = p.add_bookmark_start(n + 1, toc_bookmark(n));
                    p = anchored(p, text, *origin, &mut self.anchors);
                    p = p.add_bookmark_end(n + 1);
                } else {
                    p = anchored(p, text, *origin, &mut self.anchors);
                }
                self.paragraph(p);
            }
            Block::Paragraph { text, origin } => {
                let p = anchored(Paragraph::new().style("Normal"), text, *origin, &mut self.anchors);
                self.paragraph(p);
            }
            Block::List { numbered, items } => {
                let instance = numbered.then(|| self.lists.add());
                let base = if *numbered { "ListNumber" } else { "ListBullet" };
                let level = depth.min(LIST_LEVELS - 1);
                for item in items {
                    let mut first = true;
                    for b in item {
                        match b {
                            Block::Paragraph { text, origin } if first => {
                                let mut p = Paragraph::new().style(&list_style(base, level));
                                if let Some(id) = instance {
                                    // Its own instance, so that it restarts at 1.
                                    p = p.numbering(NumberingId::new(id), IndentLevel::new(level));
                                }
                                let p = anchored(p, text, *origin, &mut self.anchors);
                                self.paragraph(p);
                            }
                            other => self.block(other, depth + 1),
                        }
                        first = false;
                    }
                }
            }
            Block::Table(table) => self.table(table),
            Block::PageBreak => self.section_break(),
        }
    }

    /// The Party header block: two borderless columns, the issuing body
    /// with the house style's mark under it on the left, the Party name
    /// over a short rule on the right.
    fn party_header(&mut self, cover: &Cover) {
        let part = |style: &str, text: &Option<Inlines>| text.as_ref().map(|t| runs(Paragraph::new().style(style), t));
        let half = self.geometry.text_width as usize / 2;
        let mark = &self.doc.meta.style.cover.issuer_mark;
        let left = [
            part("CoverHeader", &cover.parent_body),
            part("CoverIssuer", &cover.issuing_body),
            (!mark.is_empty()).then(|| Paragraph::new().style("CoverHeader").add_run(Run::new().add_text(mark))),
        ];
        let right = [part("CoverParty", &cover.party), Some(Paragraph::new().style("CoverRule"))];
        let cell = |paragraphs: &mut dyn Iterator<Item = Paragraph>| {
            paragraphs.fold(TableCell::new().width(half, WidthType::Dxa), TableCell::add_paragraph)
        };
        let header = DocxTable::without_borders(vec![TableRow::new(vec![
            cell(&mut left.into_iter().flatten()),
            cell(&mut right.into_iter().flatten()),
        ])])
        .set_grid(vec![half; 2])
        .width(half * 2, WidthType::Dxa)
        .layout(TableLayoutType::Fixed);
        self.docx = std::mem::take(&mut self.docx).add_table(header);
        self.fresh_section = false;
    }

    /// A page opening with the Party header block, the place and date, the
    /// title and the line under it, the content following (see
    /// [`Block::Masthead`]).
    fn masthead(&mut self, masthead: &Cover) {
        self.party_header(masthead);
        let part = |style: &str, text: &Option<Inlines>| text.as_ref().map(|t| runs(Paragraph::new().style(style), t));
        let parts = [part("MastheadDate", &masthead.place_date), part("MastheadTitle", &masthead.title), part("MastheadSubtitle", &masthead.audience)];
        for p in parts.into_iter().flatten() {
            self.paragraph(p);
        }
    }

    fn cover(&mut self, cover: &Cover) {
        let part = |style: &str, text: &Option<Inlines>| text.as_ref().map(|t| runs(Paragraph::new().style(style), t));
        self.party_header(cover);
        if cover.logo.is_some() && self.logo.is_some() {
            // The drawing itself goes in with the package (see
            // package::LOGO_MARK).
            self.paragraph(Paragraph::new().style("CoverLogo").add_run(Run::new().add_text(package::LOGO_MARK)));
        }
        for p in [part("Title", &cover.title), part("Subtitle", &cover.audience), part("CoverDate", &cover.place_date)].into_iter().flatten() {
            self.paragraph(p);
        }
        self.section_break();
    }

    /// The table of contents, in a section of its own: a TOC field whose
    /// result is pre-filled with the headings as hyperlinks to their
    /// bookmarks, each with a PAGEREF field showing the PDF's page, so it
    /// shows and works before Word updates it (which it does on opening:
    /// see `w:updateFields`).
    fn contents(&mut self, title: &Inlines) {
        self.paragraph(runs(Paragraph::new().style("TOCHeading"), title));
        let depth = self.doc.meta.style.contents_depth();
        let entries: Vec<(u8, String, String)> =
            self.doc.outline().into_iter().map(|e| (e.level, e.label, crate::doc::plain_text(e.text))).collect();
        let begin = Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::Unsupported(format!(r#"TOC \o "1-{depth}" \h \z \u"#)))
            .add_field_char(FieldCharType::Separate, false);
        let end = Run::new().add_field_char(FieldCharType::End, false);
        if entries.is_empty() {
            self.paragraph(Paragraph::new().style("TOC1").add_run(begin).add_run(end));
            self.section_break();
            return;
        }
        let last = entries.len() - 1;
        let pages = &self.pagination.heading_pages;
        for (i, (level, label, text)) in entries.into_iter().enumerate() {
            let bookmark = toc_bookmark(i);
            let mut link = Hyperlink::new(&bookmark, HyperlinkType::Anchor);
            if !label.is_empty() {
                link = link.add_run(Run::new().add_text(label)).add_run(Run::new().add_tab());
            }
            link = link.add_run(Run::new().add_text(nonbreaking(&text)));
            if let Some(page) = pages.get(i) {
                link = link
                    .add_run(Run::new().add_tab())
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                    .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(r" PAGEREF {bookmark} \h "))))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
                    .add_run(Run::new().add_text(page.to_string()))
                    .add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            let mut p = Paragraph::new().style(&format!("TOC{level}"));
            if i == 0 {
                p = p.add_run(begin.clone());
            }
            p = p.add_hyperlink(link);
            if i == last {
                p = p.add_run(end.clone());
            }
            self.paragraph(p);
        }
        self.section_break();
    }

    /// A table with the widths decided for both writers, its rows whole
    /// on a page; the header with the first rows, and the last rows (from
    /// where the PDF's layout started the table's last page, when it moved
    /// rows there), kept on one page, so that no page holds fewer rows than
    /// the house style's `table.min_rows`.
    fn table(&mut self, table: &Table) {
        let text_width = self.geometry.text_width as f64;
        let columns = table.header.len().max(1);
        let widths: Vec<usize> = match table.widths.len() == columns {
            true => table.widths.iter().map(|w| (w * text_width).round() as usize).collect(),
            false => vec![(text_width / columns as f64) as usize; columns],
        };
        let count = table.rows.len();
        let min_rows = self.doc.meta.style.table.min_rows.max(1);
        let moved = self.pagination.table_breaks.get(self.tables_seen).and_then(|b| b.iter().copied().filter(|r| *r > 0).max());
        self.tables_seen += 1;
        let tail = moved.unwrap_or(count).min(count.saturating_sub(min_rows));
        // Whether body row `r` stays on the page of the next row.
        let kept = |r: usize| r + 1 < min_rows || (r >= tail && r + 1 < count);
        let mut anchors = std::mem::take(&mut self.anchors);
        let mut row = |cells: &[Inlines], header: bool, keep: bool| {
            let cells = cells.iter().enumerate().zip(&widths).map(|((column, cell), width)| {
                // A row kept with the next one by its cells' style.
                let style = match (header, table.align.get(column), keep) {
                    (true, ..) => "TableHeading",
                    (false, Some(Align::Right), false) => "TableNumber",
                    (false, Some(Align::Right), true) => "TableNumberKept",
                    (false, Some(Align::Center), false) => "TableCentered",
                    (false, Some(Align::Center), true) => "TableCenteredKept",
                    (false, _, false) => "TableText",
                    (false, _, true) => "TableTextKept",
                };
                // Centred in the row's height, as the PDF's cells.
                let p = anchored(Paragraph::new().style(style), cell, None, &mut anchors);
                TableCell::new().width(*width, WidthType::Dxa).vertical_align(VAlignType::Center).add_paragraph(p)
            });
            // Rows are kept whole on a page.
            TableRow::new(cells.collect()).cant_split()
        };
        // The heading row's style keeps it with the first row.
        let mut rows = vec![row(&table.header, true, false)];
        rows.extend(table.rows.iter().enumerate().map(|(r, cells)| row(cells, false, kept(r))));
        self.anchors = anchors;
        let t = DocxTable::new(rows)
            .style("TableGrid")
            .set_grid(widths.clone())
            .width(widths.iter().sum(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed);
        self.docx = std::mem::take(&mut self.docx).add_table(t);
        self.fresh_section = false;
    }
}

/// `p` with the runs of `text`: bold in the Strong style, italic in the
/// Emphasis style; where a line may not break, the spaces are no-break
/// spaces and the hyphens no-break hyphens, as the PDF keeps them.
fn runs(mut p: Paragraph, text: &[Inline]) -> Paragraph {
    for inline in text {
        p = p.add_run(match inline {
            Inline::Text { text, strong, emph, .. } => styled_run(text, *strong, *emph),
            Inline::LineBreak => Run::new().add_break(BreakType::TextWrapping),
        });
    }
    p
}

/// `p` with the label `label` written as text, in the Heading Label
/// character style (by which the importer knows it for a label): for a
/// label Word's numbering cannot show (an ordinal in words, a line break),
/// its line breaks as breaks; a space after it unless it ends with one.
fn literal_label(p: Paragraph, label: &str) -> Paragraph {
    let mut run = Run::new().style(HEADING_LABEL);
    for (i, line) in label.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    if !label.ends_with('\n') {
        run = run.add_text(" ");
    }
    p.add_run(run)
}

/// A run of `text`, bold and italic as asked.
fn styled_run(text: &str, strong: bool, emph: bool) -> Run {
    let run = Run::new().add_text(nonbreaking(text));
    match (strong, emph) {
        (true, true) => run.style("Strong").italic(),
        (true, false) => run.style("Strong"),
        (false, true) => run.style("Emphasis"),
        (false, false) => run,
    }
}

/// `text` as runs with its anchors (see [`anchors`]): the paragraph in a
/// bookmark naming the source line `origin`, each anchored figure in one
/// naming what it is.
fn anchored(mut p: Paragraph, text: &Inlines, origin: Option<crate::source::Origin>, book: &mut AnchorBook) -> Paragraph {
    let plain: String = text
        .iter()
        .map(|inline| match inline {
            Inline::Text { text, .. } => text.as_str(),
            Inline::LineBreak => "\n",
        })
        .collect();
    let source = book.source(origin, &plain);
    if let Some((id, name)) = &source {
        p = p.add_bookmark_start(*id, name);
    }
    for inline in text {
        match inline {
            Inline::Text { text, strong, emph, anchors } if !anchors.is_empty() => {
                let mut at = 0;
                for anchor in anchors {
                    let (start, end) = (anchor.start.clamp(at, text.len()), anchor.end.clamp(at, text.len()));
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    if start > at {
                        p = p.add_run(styled_run(&text[at..start], *strong, *emph));
                    }
                    let (id, name) = book.figure(&anchor.label, &text[start..end]);
                    p = p.add_bookmark_start(id, name).add_run(styled_run(&text[start..end], *strong, *emph)).add_bookmark_end(id);
                    at = end;
                }
                if at < text.len() {
                    p = p.add_run(styled_run(&text[at..], *strong, *emph));
                }
            }
            other => p = runs(p, std::slice::from_ref(other)),
        }
    }
    if let Some((id, _)) = source {
        p = p.add_bookmark_end(id);
    }
    p
}

/// The cover's vertical spacing: where the PDF's layout put the title, the
/// audience line, the logo and the place-and-date line (`marks`), reached
/// from the blocks above them as Word and LibreOffice stack paragraphs.
/// Without marks (no layout), an even share of the free space.
/// How far in from each side of its column the rule under the Party's
/// name starts, in twips.
const COVER_RULE_INDENT: i32 = 1100;

fn cover_spacing(g: &Geometry, doc: &Document, marks: Option<&CoverMarks>) -> CoverSpacing {
    // Word's single line of the DOCX's font, and how far below its top the
    // baseline lies, in em.
    let word_line = doc.meta.style.font.word_line;
    let (line, ascent) = (word_line.height, word_line.ascent);
    let pt = |half_points: usize| half_points as f64 / 2.0;
    let twips = |points: f64| (points * 20.0).round() as i32;
    let Some(Block::Cover(cover)) = doc.blocks.iter().find(|b| matches!(b, Block::Cover(_))) else {
        // A masthead's Party header block has the cover's short rule.
        return CoverSpacing { rule_indent: COVER_RULE_INDENT, ..CoverSpacing::default() };
    };
    let title_size = pt(g.title);
    let title_lines = cover.title.as_ref().map_or(0, |t| t.iter().filter(|i| matches!(i, Inline::LineBreak)).count() + 1);
    let title_pitch = match marks {
        Some(m) if title_lines > 1 => (m.title_end_baseline - m.title_baseline) / (title_lines - 1) as f64,
        _ => title_size * 1.5,
    };
    let top = g.top as f64 / 20.0;
    // The Party header block: three lines at the cover size, or as many
    // as the PDF's took.
    let header_lines = marks.map_or(3, |m| m.header_lines);
    let header_bottom = top + header_lines as f64 * line * pt(g.cover);
    let logo_height = if cover.logo.is_some() { doc.meta.style.cover.logo_height_on(doc.meta.page.height) / 25.4 * 72.0 } else { 0.0 };
    let body = pt(g.body);
    let text_bottom = (g.height - g.bottom) as f64 / 20.0;
    let (logo_top, title_baseline, audience_baseline, date_baseline) = match marks {
        Some(m) => (m.logo, m.title_baseline, m.audience_baseline, m.date_baseline),
        None => {
            let date = text_bottom - (line - ascent) * body;
            let title_height = title_lines as f64 * title_pitch;
            let middle = (header_bottom + date) / 2.0 - title_height / 2.0;
            (None, middle + ascent * title_size, Some(middle + title_height + 1.2 * body), date)
        }
    };
    let mut y = header_bottom;
    let mut spacing = CoverSpacing { title_line: twips(title_pitch), rule_indent: COVER_RULE_INDENT, ..CoverSpacing::default() };
    if let (Some(logo_top), true) = (logo_top, cover.logo.is_some()) {
        spacing.logo_before = twips((logo_top - y).max(0.0));
        y = logo_top + logo_height;
    }
    // An exact line puts its baseline at its height less the descent.
    let first_baseline_in_line = title_pitch - (line - ascent) * title_size;
    spacing.title_before = twips((title_baseline - first_baseline_in_line - y).max(0.0));
    y = title_baseline - first_baseline_in_line + title_lines as f64 * title_pitch;
    if let (Some(audience), true) = (audience_baseline, cover.audience.is_some()) {
        spacing.audience_before = twips((audience - ascent * body - y).max(0.0));
        y = audience - ascent * body + line * body;
    }
    // A little higher than the PDF's, so that rounding never pushes the
    // line past the foot of the page.
    const SAFETY: f64 = 3.0;
    spacing.date_before = twips((date_baseline - ascent * body - y - SAFETY).max(0.0));
    spacing
}
