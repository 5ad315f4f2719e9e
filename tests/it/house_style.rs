//! The design is written once, in style.yaml: every key reaches the writers
//! that read it, and neither writer writes its value again. Each key is
//! changed in a report's own style.yaml and the booklet built again: the
//! PDF changes (or, for the DOCX's own key, stays byte for byte) and the
//! DOCX shows the new value where it sets it. A value written again in
//! `theme.typ` or in Rust would leave its file unchanged and fail here.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use baocao::{Booklet, Format};

use crate::common::*;

/// The sample's design facts, as `templates/style.yaml` writes them.
fn default_style() -> String {
    String::from_utf8(baocao::assets::default_templates().iter().find(|(n, _)| *n == "style.yaml").unwrap().1.to_vec()).unwrap()
}

/// The small province as a draft with an emblem on its cover and no short
/// title: every block style.yaml designs, in a folder of its own.
fn report(work: &Path, name: &str, style: &str) -> PathBuf {
    let dir = work.join(name);
    copy_dir(&small(), &dir);
    edit(&dir.join("content/bao-cao.md"), "{#- DỮ LIỆU KIỂM THỬ (test data). -#}", "{# BẢN NHÁP: kiểm thử. #}");
    std::fs::copy(root().join("tests/fixtures/emblem.png"), dir.join("huy-hieu.png")).unwrap();
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    assert!(!facts.contains("short_title:"), "the running title comes from style.yaml");
    std::fs::write(dir.join("report.yaml"), format!("{facts}logo: huy-hieu.png\n")).unwrap();
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("templates/style.yaml"), style).unwrap();
    dir
}

/// The PDF's bytes and the DOCX's parts of the booklet of `dir`.
fn build(dir: &Path) -> (Vec<u8>, BTreeMap<String, String>) {
    let out = dir.with_extension("out");
    let booklet = Booklet::compose(project(), dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let files = booklet.write(project(), &out, Format::All).unwrap().files;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&files[1]).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            parts.insert(String::from_utf8_lossy(entry.name_raw()).into_owned(), text);
        }
    }
    (std::fs::read(&files[0]).unwrap(), parts)
}

/// The definition of style `id` in styles.xml.
fn style_def<'x>(styles: &'x str, id: &str) -> &'x str {
    let start = styles.find(&format!("w:styleId=\"{id}\"")).unwrap_or_else(|| panic!("style {id}"));
    &styles[start..start + styles[start..].find("</w:style>").unwrap()]
}

/// `xml` from `tag` on.
fn within<'x>(xml: &'x str, tag: &str) -> &'x str {
    &xml[xml.find(tag).unwrap_or_else(|| panic!("{tag} in {xml}"))..]
}

/// The number in `attribute="N"` after `after` in `xml`.
fn number_after(xml: &str, after: &str, attribute: &str) -> f64 {
    let at = xml.find(after).unwrap_or_else(|| panic!("{after} in {xml}")) + after.len();
    let value = xml[at..].find(&format!("{attribute}=\"")).unwrap() + at + attribute.len() + 2;
    xml[value..].split('"').next().unwrap().parse().unwrap()
}

/// A value the DOCX shows, read from its parts.
type Probe = fn(&BTreeMap<String, String>) -> f64;

/// How a value the DOCX shows must move when its key changes.
#[derive(Clone, Copy)]
enum Moves {
    /// To `before * scale + shift`.
    To(f64, f64),
    /// Away from where it was.
    Away,
}

struct Change {
    /// The key, as the failure names it.
    key: &'static str,
    /// The line of style.yaml and its replacement.
    from: &'static str,
    to: &'static str,
    /// Whether the PDF reads the key (else it must not change at all).
    pdf: bool,
    /// The DOCX's reading of the key, and how it must move (none: the DOCX
    /// reads no such key).
    docx: Option<(Probe, Moves)>,
}

fn styles(parts: &BTreeMap<String, String>) -> &str {
    &parts["word/styles.xml"]
}

fn size_of(parts: &BTreeMap<String, String>, id: &str) -> f64 {
    number_after(style_def(styles(parts), id), "<w:sz ", "w:val")
}

fn count(parts: &BTreeMap<String, String>, part: &str, text: &str) -> f64 {
    parts[part].matches(text).count() as f64
}

const CHANGES: &[Change] = &[
    Change { key: "cover.issuer_mark", from: "  issuer_mark: \"*\"", to: "  issuer_mark: \"***\"", pdf: true, docx: Some((|p| count(p, "word/document.xml", ">***<"), Moves::To(0.0, 1.0))) },
    Change { key: "cover.party_size", from: "  party_size: 1 ", to: "  party_size: 3 ", pdf: true, docx: Some((|p| size_of(p, "CoverParty"), Moves::To(1.0, 4.0))) },
    Change { key: "cover.rule_width", from: "  rule_width: 0.6 ", to: "  rule_width: 1.5 ", pdf: true, docx: Some((|p| number_after(style_def(styles(p), "CoverRule"), "<w:top ", "w:sz"), Moves::To(0.0, 12.0))) },
    Change {
        key: "cover.logo_height",
        from: "  logo_height: 12 ",
        to: "  logo_height: 18 ",
        pdf: true,
        docx: Some((|p| number_after(&p["word/document.xml"], "<wp:extent ", "cy"), Moves::To(1.5, 0.0))),
    },
    Change {
        key: "header.default_title",
        from: "  default_title: \"Kết quả năm {year}, nhiệm vụ năm {plan_year}\"",
        to: "  default_title: \"Báo cáo năm {year}\"",
        pdf: true,
        docx: Some((|p| count(p, "word/header1.xml", ">Báo cáo năm 2023<"), Moves::To(0.0, 1.0))),
    },
    Change { key: "header.number_size", from: "  number_size: 1 ", to: "  number_size: 3 ", pdf: true, docx: Some((|p| size_of(p, "Header"), Moves::To(1.0, 4.0))) },
    Change { key: "header.title_scale", from: "  title_scale: 0.8 ", to: "  title_scale: 1.5 ", pdf: true, docx: Some((|p| size_of(p, "HeaderTitle"), Moves::To(1.5 / 0.8, 0.0))) },
    Change { key: "header.rule_width", from: "  rule_width: 0.3 ", to: "  rule_width: 1.0 ", pdf: true, docx: Some((|p| number_after(style_def(styles(p), "Header"), "<w:bottom ", "w:sz"), Moves::To(0.0, 8.0))) },
    Change { key: "header.rule_grey", from: "  rule_grey: 120 ", to: "  rule_grey: 0 ", pdf: true, docx: Some((|p| count(p, "word/styles.xml", "w:color=\"000000\""), Moves::To(0.0, 1.0))) },
    Change { key: "contents.title_size", from: "  title_size: 1 ", to: "  title_size: 4 ", pdf: true, docx: Some((|p| size_of(p, "TOCHeading"), Moves::To(1.0, 6.0))) },
    Change {
        key: "heading_spacing.before",
        from: "  before: 12\n",
        to: "  before: 20\n",
        pdf: true,
        docx: Some((|p| number_after(style_def(styles(p), "Heading2"), "<w:spacing ", "w:before"), Moves::To(0.0, 400.0))),
    },
    Change { key: "draft.text", from: "  text: DỰ THẢO", to: "  text: BẢN THẢO", pdf: true, docx: Some((|p| count(p, "word/header1.xml", ">BẢN THẢO<"), Moves::To(0.0, 1.0))) },
    Change {
        key: "table.padding",
        from: "  padding: 5.4 ",
        to: "  padding: 8 ",
        pdf: true,
        docx: Some((|p| number_after(within(style_def(styles(p), "TableGrid"), "<w:tblCellMar>"), "<w:left ", "w:w"), Moves::To(0.0, 160.0))),
    },
    // The PDF's line box: the DOCX's lines are Word's own.
    Change { key: "font.line_box", from: "    above: 0.9 ", to: "    above: 1.0 ", pdf: true, docx: None },
    // Word's line of the DOCX's font, which places the DOCX's cover blocks
    // (the title's spacing above it): the PDF knows nothing of it.
    Change {
        key: "font.word_line",
        from: "    ascent: 0.891 ",
        to: "    ascent: 0.6 ",
        pdf: false,
        docx: Some((|p| number_after(style_def(styles(p), "Title"), "<w:spacing ", "w:before"), Moves::Away)),
    },
];

#[test]
fn every_key_of_the_house_style_reaches_the_writers_that_read_it() {
    let work = temp_dir("house-style");
    let default = default_style();
    let (pdf, docx) = build(&report(&work, "base", &default));
    let failures: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = CHANGES
            .iter()
            .enumerate()
            .map(|(i, change)| {
                let (work, default, pdf, docx) = (&work, &default, &pdf, &docx);
                scope.spawn(move || -> Vec<String> {
                    assert_eq!(default.matches(change.from).count(), 1, "{}: «{}» once in style.yaml", change.key, change.from);
                    let (new_pdf, new_docx) = build(&report(work, &format!("change-{i}"), &default.replacen(change.from, change.to, 1)));
                    let mut wrong = Vec::new();
                    if (new_pdf != *pdf) != change.pdf {
                        wrong.push(format!("{}: the PDF {}", change.key, if change.pdf { "did not change" } else { "changed" }));
                    }
                    if let Some((probe, moves)) = change.docx {
                        let (before, after) = (probe(docx), probe(&new_docx));
                        match moves {
                            Moves::To(scale, shift) => {
                                let expected = before * scale + shift;
                                if (after - expected).abs() > 0.5 + expected.abs() * 0.01 {
                                    wrong.push(format!("{}: the DOCX shows {after} (was {before}), not {expected}", change.key));
                                }
                            }
                            Moves::Away if after == before => wrong.push(format!("{}: the DOCX still shows {before}", change.key)),
                            Moves::Away => {}
                        }
                    }
                    wrong
                })
            })
            .collect();
        runs.into_iter().flat_map(|run| run.join().unwrap()).collect()
    });
    assert!(failures.is_empty(), "keys of style.yaml a writer does not follow:\n{}", failures.join("\n"));
}

/// The values style.yaml holds, as the writers once wrote them: none may
/// stand in their code again (comments and tests aside).
#[test]
fn no_design_value_is_written_again_in_the_writers() {
    let written_again: &[(&str, &[&str])] = &[
        ("templates/theme.typ", &["0.9em", "0.25em", "1.15em", "0.12mm", "5.4", "luma(120)", "0.3pt", "0.6pt", "+ 1pt", "0.8pt", "\"*\"", "DỰ THẢO"]),
        ("src/render/docx/mod.rs", &["1.149", "0.891", "0.12", "add_text(\"*\")"]),
        ("src/render/docx/styles.rs", &["787878", "w:sz=\"4\" w:space=\"1\"", "w:sz=\"6\" w:space=\"1\"", "+ 2)", "* 0.8"]),
        ("src/render/docx/header.rs", &["DỰ THẢO"]),
        ("src/build/mod.rs", &["0.12", "Kết quả năm"]),
        ("src/scaffold.rs", &["short_title: Kết quả năm"]),
        ("src/style/sections.rs", &["DỰ THẢO", "5.4", "impl Default"]),
        ("src/style/house.rs", &["12.0", "6.0", "impl Default"]),
        ("src/import/handmade.rs", &["\"A.\"", "\"I-\"", "\"1.\"", "\"a)\"", "\"*\" =>"]),
    ];
    let mut found = Vec::new();
    for (file, values) in written_again {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap();
            for value in values.iter().filter(|v| line.contains(**v)) {
                found.push(format!("{file}:{}: {value}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "design values written again outside style.yaml:\n{}", found.join("\n"));
}
