//! The DOCX writer: the document model as a Word document that opens cleanly
//! in Word and LibreOffice, with named styles, real numbering, a PAGE field
//! in the header and a pre-filled table of contents.
//!
//! docx-rs writes the body, the styles and the headers; [`package`] then
//! assembles the package itself, with the parts docx-rs cannot write
//! (numbering, document properties, the Vietnamese language) and a
//! deterministic zip.

mod embed;
mod numbering;
mod ooxml;
mod package;
mod styles;

use docx_rs::{
    BreakType, PageSize, Section, Docx, FieldCharType, Header, IndentLevel, InstrText, NumberingId, PageNum, Paragraph, Run,
    Table as DocxTable, TableCell, TableRow, WidthType,
};

use self::numbering::{LIST_LEVELS, Lists};
use self::styles::Geometry;
use crate::doc::{Align, Block, Cover, Document, Inline, Inlines, Table};
use crate::error::Result;
use crate::fonts::Family;

/// Renders `doc` as the bytes of a DOCX file. `heading_pages` are the page
/// numbers of the headings the table of contents lists, from the PDF's
/// layout: the contents show them until Word updates the field. With
/// `embed`, the text is set in that family, embedded in the file; otherwise
/// in Times New Roman, which offices have.
pub fn render(doc: &Document, heading_pages: &[usize], embed: Option<&Family>) -> Result<Vec<u8>> {
    let geometry = Geometry::of(&doc.meta.page);
    let font = embed.map_or(styles::FONT, |f| f.name.as_str());
    let docx = base(&geometry, font);
    let indent = geometry.indent;
    let mut writer = Writer { doc, heading_pages, geometry, docx, lists: Lists::default(), page_break: false };
    for block in &doc.blocks {
        writer.block(block, 0);
    }
    let Writer { docx, lists, .. } = writer;
    package::assemble(docx.build(), &lists.xml(indent), &doc.meta, embed)
}

/// The document before its content: page setup, styles and the header of
/// the body's section (the cover has a section of its own, without one).
fn base(g: &Geometry, font: &str) -> Docx {
    let header = Header::new().add_paragraph(Paragraph::new().style("Header").add_page_num(PageNum::new()));
    let mut docx = Docx::new()
        .page_size(g.width, g.height)
        .page_margin(g.margin.clone())
        .default_fonts(styles::fonts(font))
        .header(header);
    for style in styles::styles(g, font) {
        docx = docx.add_style(style);
    }
    // Heading numbering comes through the styles, so numbering.xml is
    // needed even when no paragraph has its own numbering.
    docx.document_rels.has_numberings = true;
    docx
}

/// The heading counters, to write the labels of the pre-filled table of
/// contents as Word's numbering will show them.
#[derive(Debug, Default)]
struct Counters([usize; 4]);

impl Counters {
    /// Steps the counter of `level` and returns that heading's label.
    fn next(&mut self, level: u8) -> String {
        let i = usize::from(level.clamp(1, 4)) - 1;
        self.0[i] += 1;
        for deeper in &mut self.0[i + 1..] {
            *deeper = 0;
        }
        let n = self.0[i];
        match level {
            1 => format!("{}.", char::from(b'A' + ((n - 1) % 26) as u8)),
            2 => format!("{}-", roman(n)),
            3 => format!("{n}."),
            _ => "*".into(),
        }
    }
}

/// Upper-case Roman numeral of `n`.
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

struct Writer<'a> {
    doc: &'a Document,
    heading_pages: &'a [usize],
    geometry: Geometry,
    docx: Docx,
    lists: Lists,
    /// A page break is due before the next paragraph.
    page_break: bool,
}

impl Writer<'_> {
    fn paragraph(&mut self, mut p: Paragraph) {
        if std::mem::take(&mut self.page_break) {
            p = p.page_break_before(true);
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    fn block(&mut self, block: &Block, depth: usize) {
        match block {
            Block::Cover(cover) => self.cover(cover),
            Block::Contents { title } => self.contents(title),
            Block::Heading { level, text, numbered, .. } => {
                let mut p = Paragraph::new().style(&format!("Heading{}", level.clamp(&1, &4)));
                if !numbered {
                    // Numbering instance 0 switches off the style's numbering.
                    p = p.numbering(NumberingId::new(0), IndentLevel::new(0));
                }
                self.paragraph(runs(p, text));
            }
            Block::Paragraph { text, .. } => self.paragraph(runs(Paragraph::new().style("Normal"), text)),
            Block::List { numbered, items } => {
                let id = self.lists.add(*numbered);
                let style = if *numbered { "ListNumber" } else { "ListBullet" };
                let level = depth.min(LIST_LEVELS - 1);
                for item in items {
                    let mut first = true;
                    for b in item {
                        match b {
                            Block::Paragraph { text, .. } if first => {
                                let p = Paragraph::new()
                                    .style(style)
                                    .numbering(NumberingId::new(id), IndentLevel::new(level));
                                self.paragraph(runs(p, text));
                            }
                            other => self.block(other, depth + 1),
                        }
                        first = false;
                    }
                }
            }
            Block::Table(table) => self.table(table),
            Block::PageBreak => self.page_break = true,
        }
    }

    fn cover(&mut self, cover: &Cover) {
        let part = |style: &str, text: &Option<Inlines>| text.as_ref().map(|t| runs(Paragraph::new().style(style), t));
        let half = self.geometry.text_width as usize / 2;
        // The Party header block: two borderless columns, the issuing body
        // with a "*" under it on the left, the Party name over a short rule
        // on the right.
        let left = [
            part("CoverHeader", &cover.parent_body),
            part("CoverIssuer", &cover.issuing_body),
            Some(Paragraph::new().style("CoverHeader").add_run(Run::new().add_text("*"))),
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
        .width(half * 2, WidthType::Dxa);
        // The cover is a section of its own, without header or page number;
        // the next section starts on a new page. The Title and Cover Date
        // styles place the title a third of the way down and the date low.
        let g = &self.geometry;
        let section = [part("Title", &cover.title), part("Subtitle", &cover.audience), part("CoverDate", &cover.place_date)]
            .into_iter()
            .flatten()
            .fold(Section::new().add_table(header), Section::add_paragraph)
            .page_size(PageSize::new().size(g.width, g.height))
            .page_margin(g.margin.clone());
        self.docx = std::mem::take(&mut self.docx).add_section(section);
    }

    /// The table of contents: a TOC field whose result is pre-filled with
    /// the headings, so it shows before Word updates it (which it does on
    /// opening: see `w:updateFields` in the package).
    fn contents(&mut self, title: &Inlines) {
        self.paragraph(runs(Paragraph::new().style("TOCHeading"), title));
        let mut counters = Counters::default();
        let entries: Vec<(u8, String)> = self
            .doc
            .outline()
            .into_iter()
            .map(|e| {
                let text = crate::doc::plain_text(e.text);
                let entry = if e.numbered { format!("{} {text}", counters.next(e.level)) } else { text };
                (e.level, entry)
            })
            .collect();
        let begin = Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::Unsupported(r#"TOC \o "1-3" \h \z \u"#.into()))
            .add_field_char(FieldCharType::Separate, false);
        let end = Run::new().add_field_char(FieldCharType::End, false);
        if entries.is_empty() {
            self.paragraph(Paragraph::new().style("TOC1").add_run(begin).add_run(end));
            return;
        }
        let last = entries.len() - 1;
        // The layout's page numbers, when they belong to these headings.
        let pages = (self.heading_pages.len() == entries.len()).then_some(self.heading_pages);
        for (i, (level, text)) in entries.into_iter().enumerate() {
            let mut p = Paragraph::new().style(&format!("TOC{level}"));
            if i == 0 {
                p = p.add_run(begin.clone());
            }
            p = p.add_run(Run::new().add_text(text));
            if let Some(pages) = pages {
                p = p.add_run(Run::new().add_tab().add_text(pages[i].to_string()));
            }
            if i == last {
                p = p.add_run(end.clone());
            }
            self.paragraph(p);
        }
    }

    fn table(&mut self, table: &Table) {
        let widths = column_widths(table, self.geometry.text_width as usize);
        let row = |cells: &[Inlines], header: bool| {
            let cells = cells.iter().enumerate().zip(&widths).map(|((column, cell), width)| {
                let style = match (header, table.align.get(column)) {
                    (true, _) => "TableHeading",
                    (false, Some(Align::Right)) => "TableNumber",
                    (false, Some(Align::Center)) => "TableCentered",
                    (false, _) => "TableText",
                };
                TableCell::new().width(*width, WidthType::Dxa).add_paragraph(runs(Paragraph::new().style(style), cell))
            });
            TableRow::new(cells.collect())
        };
        let mut rows = vec![row(&table.header, true)];
        rows.extend(table.rows.iter().map(|r| row(r, false)));
        let t = DocxTable::new(rows)
            .style("TableGrid")
            .set_grid(widths.clone())
            .width(widths.iter().sum(), WidthType::Dxa);
        self.docx = std::mem::take(&mut self.docx).add_table(t);
    }
}

/// Column widths in twentieths of a point that fill the text width, each in
/// proportion to its longest cell (between 8 and 40 characters), so names
/// get room and figures do not.
fn column_widths(table: &Table, text_width: usize) -> Vec<usize> {
    let columns = table.header.len().max(1);
    let weights: Vec<usize> = (0..columns)
        .map(|c| {
            std::iter::once(&table.header)
                .chain(&table.rows)
                .filter_map(|row| row.get(c))
                .map(|cell| crate::doc::plain_text(cell).chars().count())
                .max()
                .unwrap_or(0)
                .clamp(8, 40)
        })
        .collect();
    let total: usize = weights.iter().sum();
    weights.iter().map(|w| text_width * w / total).collect()
}

/// `p` with the runs of `text`: bold in the Strong style, italic in the
/// Emphasis style.
fn runs(mut p: Paragraph, text: &Inlines) -> Paragraph {
    for inline in text {
        let run = match inline {
            Inline::Text { text, strong, emph, .. } => {
                let run = Run::new().add_text(text.as_str());
                match (strong, emph) {
                    (true, true) => run.style("Strong").italic(),
                    (true, false) => run.style("Strong"),
                    (false, true) => run.style("Emphasis"),
                    (false, false) => run,
                }
            }
            Inline::LineBreak => Run::new().add_break(BreakType::TextWrapping),
        };
        p = p.add_run(run);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_labels_follow_the_ladder() {
        let mut c = Counters::default();
        let labels: Vec<String> = [1, 2, 3, 3, 4, 2, 3, 1, 2].iter().map(|l| c.next(*l)).collect();
        assert_eq!(labels, ["A.", "I-", "1.", "2.", "*", "II-", "1.", "B.", "I-"]);
        assert_eq!(roman(14), "XIV");
    }
}
