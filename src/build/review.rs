//! The table of comments: "bảng tổng hợp ý kiến góp ý và tiếp thu, giải
//! trình", what the drafting office sends back with the booklet's next
//! draft. Made from the review list (`gop-y.md`, see
//! [`crate::report::review`]) as a document of its own: the Party header
//! block, the place and date and the title, a count of the comments and
//! how they were taken up, then a table per section of the booklet (each
//! comment's office, what it asked with the text it is about, and how it
//! was taken up), laid out and written by the same writers as the booklet.

use super::{Booklet, Project};
use crate::doc::{Align, Block, Cover, Document, Inline, Inlines, Meta, Table};
use crate::error::{Error, Place, Result, Warning};
use crate::report::review::{self, Entry, REVIEW_FILE, Uptake};
use crate::t;

/// The table's title.
const TITLE: &str = "BẢNG TỔNG HỢP Ý KIẾN GÓP Ý VÀ TIẾP THU, GIẢI TRÌNH";

/// The running header's title.
const SHORT_TITLE: &str = "Bảng tổng hợp ý kiến góp ý và tiếp thu, giải trình";

/// The heading of comments about no section of the booklet.
const NO_SECTION: &str = "Góp ý chung";

/// What an entry not yet taken up shows.
const PENDING: &str = "(chưa giải trình)";

impl Booklet {
    /// The table of comments of this booklet's review list, and what
    /// making it noticed: entries not taken up yet (with their lines in
    /// `gop-y.md`), refused when the build is for the final copy.
    pub(super) fn review_document(&self, project: &Project) -> Result<(Document, Vec<Warning>)> {
        let path = self.report.dir.join(REVIEW_FILE);
        if path.symlink_metadata().is_err() {
            return Err(Error::input(
                Place::file(&path),
                t!("báo cáo chưa có danh sách góp ý {REVIEW_FILE}", "the report has no review list {REVIEW_FILE} yet"),
                Some(t!(
                    "nhận bản góp ý của các cơ quan vào báo cáo trước: baocao import TỆP.docx THƯ-MỤC --from TÊN",
                    "import the offices' reviewed copies first: baocao import FILE.docx FOLDER --from NAME"
                )),
            ));
        }
        let (text, mut warnings) = crate::text::read_inspected(&path, &self.report.dir)?;
        let entries = review::read_numbered(&text);
        if entries.is_empty() {
            return Err(Error::input(
                Place::file(&path),
                t!("danh sách góp ý chưa có mục nào (mỗi mục bắt đầu bằng «- **Cơ quan**:»)", "the review list has no entries yet (each starts with «- **Office**:»)"),
                Some(t!("nhận bản góp ý bằng baocao import, hoặc viết các mục theo mẫu ở đầu tệp", "import the reviewed copies with baocao import, or write the entries as the file's head shows")),
            ));
        }
        let pending: Vec<Warning> = entries
            .iter()
            .filter(|(_, e)| e.uptake == Uptake::Pending)
            .map(|(line, e)| {
                Warning::new(
                    Place::line(&path, *line),
                    t!("góp ý của {} chưa có giải trình: bảng in «{PENDING}»", "{}'s comment is not taken up yet: the table prints «{PENDING}»", e.office),
                    Some(t!(
                        "điền dòng «Tiếp thu, giải trình:» của mục này: «Tiếp thu», «Tiếp thu một phần: lý do» hoặc «Không tiếp thu: lý do»",
                        "fill in the entry's «Tiếp thu, giải trình:» line: «Tiếp thu», «Tiếp thu một phần: lý do» or «Không tiếp thu: lý do»"
                    )),
                )
            })
            .collect();
        if self.options.final_copy
            && let Some(error) = Error::all(pending.iter().map(|w| Error::input(w.place.clone(), w.message.clone(), w.hint.clone())).collect())
        {
            return Err(error);
        }
        warnings.extend(pending);
        let entries = by_section(entries.into_iter().map(|(_, e)| e).collect());
        let mut document = Document { meta: self.review_meta(), blocks: Vec::new() };
        document.blocks.push(Block::Masthead(self.masthead()));
        document.blocks.push(paragraph(vec![text_run(&tally(&entries), false, true)]));
        let header: Vec<Inlines> = ["STT", "Cơ quan, đơn vị góp ý", "Nội dung góp ý", "Tiếp thu, giải trình"].map(|h| vec![text_run(h, true, false)]).to_vec();
        let table = |rows: Vec<Vec<Inlines>>| Table { header: header.clone(), rows, align: vec![Align::Center, Align::Left, Align::Left, Align::Left], widths: Vec::new(), origin: None };
        // One set of column widths for every section's table, fitted to
        // all the rows.
        let rows: Vec<Vec<Inlines>> = entries.iter().enumerate().map(|(i, entry)| row(i + 1, entry)).collect();
        let mut sizing = Document { meta: document.meta.clone(), blocks: vec![Block::Table(table(rows.clone()))] };
        let family = document.meta.style.font.pdf.clone();
        crate::fit::fit(&mut sizing, &project.fonts, &family, None);
        let widths = match sizing.blocks.pop() {
            Some(Block::Table(t)) => t.widths,
            _ => Vec::new(),
        };
        let mut rows = rows.into_iter();
        for (section, group) in sections(&entries) {
            document.blocks.push(paragraph(vec![text_run(if section.is_empty() { NO_SECTION } else { section }, true, false)]));
            document.blocks.push(Block::Table(Table { widths: widths.clone(), ..table(rows.by_ref().take(group).collect()) }));
        }
        Ok((document, warnings))
    }

    /// The booklet's metadata, its titles the table's: never a draft mark
    /// (the table is what answers the drafts).
    fn review_meta(&self) -> Meta {
        let booklet = &self.document.meta;
        Meta {
            title: format!("{SHORT_TITLE} – {}", booklet.title.replace('\n', " ")),
            subject: booklet.title.replace('\n', " "),
            short_title: SHORT_TITLE.to_string(),
            draft: false,
            ..booklet.clone()
        }
    }

    /// The masthead: the booklet cover's bodies, place and date; the
    /// table's title, and the draft it is about under it.
    fn masthead(&self) -> Cover {
        let cover = self.document.blocks.iter().find_map(|b| if let Block::Cover(c) = b { Some(c.clone()) } else { None }).unwrap_or_default();
        let booklet = self.document.meta.title.split_whitespace().collect::<Vec<_>>().join(" ");
        Cover {
            // Plain runs: the masthead's styles make the title bold and
            // the line under it italic.
            title: Some(vec![text_run(TITLE, false, false)]),
            audience: Some(vec![text_run(&format!("(Về dự thảo {booklet})"), false, false)]),
            logo: None,
            ..cover
        }
    }
}

/// The entries ordered by section, the sections in the order first met
/// (each import adds its entries at the list's end, a section's heading
/// again); the order within a section kept.
fn by_section(entries: Vec<Entry>) -> Vec<Entry> {
    let mut sections: Vec<String> = Vec::new();
    for entry in &entries {
        if !sections.contains(&entry.section) {
            sections.push(entry.section.clone());
        }
    }
    let mut entries = entries;
    entries.sort_by_key(|e| sections.iter().position(|s| *s == e.section));
    entries
}

/// The sections of `entries` (ordered by [`by_section`]) and how many
/// entries each has.
fn sections(entries: &[Entry]) -> Vec<(&str, usize)> {
    let mut sections: Vec<(&str, usize)> = Vec::new();
    for entry in entries {
        match sections.last_mut() {
            Some((section, count)) if *section == entry.section => *count += 1,
            _ => sections.push((&entry.section, 1)),
        }
    }
    sections
}

/// One row: the number, the office, what it asked with the text it is
/// about under it, how it was taken up.
fn row(number: usize, entry: &Entry) -> Vec<Inlines> {
    let mut asked = vec![text_run(&entry.content, false, false)];
    if !entry.quoted.is_empty() {
        asked.extend([Inline::LineBreak, text_run(&format!("Đoạn dự thảo: «{}»", entry.quoted), false, true)]);
    }
    let uptake = match (entry.uptake, entry.reason.is_empty()) {
        (Uptake::Pending, true) => vec![text_run(PENDING, false, true)],
        (Uptake::Pending, false) => vec![text_run(&entry.reason, false, false)],
        (uptake, true) => vec![text_run(uptake.words(), true, false)],
        (uptake, false) => vec![text_run(&format!("{}:", uptake.words()), true, false), text_run(&format!(" {}", entry.reason), false, false)],
    };
    vec![vec![text_run(&number.to_string(), false, false)], vec![text_run(&entry.office, false, false)], asked, uptake]
}

/// "Tổng số 7 ý kiến của 3 cơ quan, đơn vị: ..." with how many of each
/// uptake.
fn tally(entries: &[Entry]) -> String {
    let mut offices: Vec<&str> = entries.iter().map(|e| e.office.as_str()).collect();
    offices.sort_unstable();
    offices.dedup();
    let count = |uptake: Uptake| entries.iter().filter(|e| e.uptake == uptake).count();
    format!(
        "Tổng số {} ý kiến góp ý của {} cơ quan, đơn vị: tiếp thu {}; tiếp thu một phần {}; không tiếp thu {}; chưa giải trình {}.",
        entries.len(),
        offices.len(),
        count(Uptake::Taken),
        count(Uptake::Partly),
        count(Uptake::NotTaken),
        count(Uptake::Pending)
    )
}

fn paragraph(text: Inlines) -> Block {
    Block::Paragraph { text, origin: None }
}

fn text_run(text: &str, strong: bool, emph: bool) -> Inline {
    Inline::Text { text: text.to_string(), strong, emph, anchors: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(section: &str, office: &str, uptake: Uptake, reason: &str) -> Entry {
        Entry { section: section.into(), office: office.into(), content: "Bổ sung.".into(), uptake, reason: reason.into(), ..Entry::default() }
    }

    #[test]
    fn sections_keep_their_first_order_and_the_tally_counts_each_uptake() {
        let entries = [
            entry("Kinh tế", "Sở Tài chính", Uptake::Taken, ""),
            entry("", "Sở Y tế", Uptake::Pending, ""),
            entry("Kinh tế", "Sở Y tế", Uptake::NotTaken, "chưa có số liệu"),
        ];
        let ordered = by_section(entries.to_vec());
        assert_eq!(sections(&ordered), [("Kinh tế", 2), ("", 1)]);
        assert_eq!(ordered[1].office, "Sở Y tế");
        assert_eq!(ordered[1].uptake, Uptake::NotTaken);
        assert_eq!(
            tally(&entries),
            "Tổng số 3 ý kiến góp ý của 2 cơ quan, đơn vị: tiếp thu 1; tiếp thu một phần 0; không tiếp thu 1; chưa giải trình 1."
        );
        let cells: Vec<String> = row(3, &entries[2]).iter().map(|c| crate::doc::plain_text(c)).collect();
        assert_eq!(cells, ["3", "Sở Y tế", "Bổ sung.", "Không tiếp thu: chưa có số liệu"]);
        assert_eq!(crate::doc::plain_text(&row(2, &entries[1])[3]), PENDING);
    }
}
