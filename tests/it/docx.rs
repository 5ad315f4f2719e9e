//! The DOCX behaves like a document a skilled Word user made: named styles
//! and no direct formatting, real numbering, fields, sections, page setup,
//! embedded fonts on request, real tables, a clean and reproducible package.
//! Read back with a generic XML parser, python-docx and LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use baocao::{Booklet, Format, Options, Strictness};
use crate::common::*;

/// The sample's DOCX, built with `options` into a scratch folder that
/// lives as long as this value, which derefs to the file's path.
struct Built {
    _out: Scratch,
    docx: PathBuf,
}

impl std::ops::Deref for Built {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.docx
    }
}

impl AsRef<Path> for Built {
    fn as_ref(&self) -> &Path {
        &self.docx
    }
}

fn build(name: &str, options: Options) -> Built {
    let out = temp_dir(name);
    let booklet = Booklet::compose_with(project(), &sample(), options, Strictness::Strict).expect("the sample composes");
    let docx = booklet.write(project(), &out, Format::Docx).expect("the sample builds").files.remove(0);
    Built { _out: out, docx }
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).expect("well-formed XML")
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn children<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.tag_name().name() == name)
}

#[test]
fn styles_not_direct_formatting() {
    let docx = build("styles", Options::default());
    let styles_xml = docx_part(&docx, "word/styles.xml");
    let styles = parse(&styles_xml);
    let defined: Vec<(&str, &str)> = styles
        .descendants()
        .filter(|n| n.tag_name().name() == "style")
        .map(|s| (attr(s, "styleId").unwrap(), attr(children(s, "name").next().unwrap(), "val").unwrap()))
        .collect();
    for (id, name) in [
        ("Normal", "Normal"), ("Title", "Title"), ("Subtitle", "Subtitle"), ("Heading1", "heading 1"),
        ("Heading2", "heading 2"), ("Heading3", "heading 3"), ("Heading4", "heading 4"),
        ("ListBullet", "List Bullet"), ("ListNumber", "List Number"), ("Caption", "caption"),
        ("TableGrid", "Table Grid"), ("TOC1", "toc 1"), ("TOC2", "toc 2"), ("TOC3", "toc 3"),
        ("Header", "header"), ("Footer", "footer"), ("Strong", "Strong"), ("Emphasis", "Emphasis"),
    ] {
        assert!(defined.contains(&(id, name)), "style {id} named {name:?}: {defined:?}");
    }
    let mut ids: Vec<&str> = defined.iter().map(|(id, _)| *id).collect();
    ids.sort();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "each style defined once");

    // The Heading styles carry the ladder's numbering and an outline level
    // (so headings show in Word's navigation pane).
    for level in 1..=4 {
        let style = styles.descendants().find(|n| attr(*n, "styleId") == Some(&format!("Heading{level}"))).unwrap();
        let ppr = children(style, "pPr").next().unwrap();
        assert_eq!(attr(children(ppr, "outlineLvl").next().unwrap(), "val"), Some((level - 1).to_string().as_str()));
        let num = children(ppr, "numPr").next().expect("numbering in the style");
        assert_eq!(attr(children(num, "numId").next().unwrap(), "val"), Some("1"));
    }

    // Paragraphs name a style and carry nothing else but numbering and
    // breaks; runs carry a character style at most.
    let document = docx_part(&docx, "word/document.xml");
    let body = parse(&document);
    for p in body.descendants().filter(|n| n.tag_name().name() == "p") {
        let ppr = children(p, "pPr").next().expect("paragraph properties");
        let names: Vec<&str> = ppr.children().filter(|c| c.is_element()).map(|c| c.tag_name().name()).collect();
        assert_eq!(names.first(), Some(&"pStyle"), "{names:?}");
        for name in &names {
            assert!(["pStyle", "numPr", "pageBreakBefore", "sectPr"].contains(name), "direct formatting {name} in a paragraph");
        }
        for rpr in p.descendants().filter(|n| n.tag_name().name() == "rPr") {
            for c in rpr.children().filter(|c| c.is_element()) {
                assert!(["rStyle", "i", "iCs"].contains(&c.tag_name().name()), "direct formatting {} in a run", c.tag_name().name());
            }
        }
    }
}

#[test]
fn numbering_fields_sections_and_tables() {
    let docx = build("structure", Options::default());
    let numbering = docx_part(&docx, "word/numbering.xml");
    let numbering = parse(&numbering);
    let ladder = numbering.descendants().find(|n| n.tag_name().name() == "abstractNum" && attr(*n, "abstractNumId") == Some("0")).unwrap();
    let texts: Vec<&str> = ladder
        .descendants()
        .filter(|n| n.tag_name().name() == "lvlText")
        .map(|n| attr(n, "val").unwrap())
        .collect();
    assert_eq!(texts, ["%1.", "%2-", "%3.", "*"]);
    // The ladder, the bullets and the numbered lists each have their
    // instance (1, 2, 3), which the styles name; every numbered list of the
    // document restarts at 1 in an instance of its own.
    let instances: Vec<&str> = numbering.descendants().filter(|n| n.tag_name().name() == "num").map(|n| attr(n, "numId").unwrap()).collect();
    assert_eq!(&instances[..3], ["1", "2", "3"]);
    for list in numbering.descendants().filter(|n| n.tag_name().name() == "num" && attr(*n, "numId").unwrap().parse::<u32>().unwrap() > 3) {
        assert!(list.descendants().any(|n| n.tag_name().name() == "startOverride" && attr(n, "val") == Some("1")));
    }

    let document = docx_part(&docx, "word/document.xml");
    let body = parse(&document);
    // The contents: a TOC field, pre-filled, dirty so Word refreshes it;
    // Word is asked to update fields on opening.
    assert!(document.contains("TOC \\o \"1-3\" \\h \\z \\u"));
    let begin = body.descendants().find(|n| n.tag_name().name() == "fldChar").unwrap();
    assert_eq!(attr(begin, "fldCharType"), Some("begin"));
    assert!(docx_part(&docx, "word/settings.xml").contains(r#"<w:updateFields w:val="true"/>"#));
    // Page numbers: a PAGE field in the header, centred by the Header style.
    let header = docx_part(&docx, "word/header1.xml");
    assert!(header.contains("> PAGE </w:instrText>") && header.contains(r#"<w:pStyle w:val="Header"/>"#), "{header}");

    // Tables: a grid in dxa, cell widths in dxa, the style, a repeated header.
    let table = body
        .descendants()
        .find(|n| n.tag_name().name() == "tbl" && n.descendants().any(|d| d.tag_name().name() == "tblStyle"))
        .unwrap();
    let grid: Vec<usize> = table.descendants().filter(|n| n.tag_name().name() == "gridCol").map(|n| attr(n, "w").unwrap().parse().unwrap()).collect();
    assert_eq!(grid.len(), 6);
    assert!((grid.iter().sum::<usize>() as i64 - 9355).abs() < 10, "the grid fills the text width: {grid:?}");
    for w in table.descendants().filter(|n| n.tag_name().name() == "tcW") {
        assert_eq!(attr(w, "type"), Some("dxa"));
    }
    assert!(children(table, "tr").next().unwrap().descendants().any(|n| n.tag_name().name() == "tblHeader"));
}

#[test]
fn page_setup_follows_the_paper_format_and_two_sided_printing() {
    let a5 = build("a5", Options { paper: Some("a5".into()), duplex: Some(true), ..Options::default() });
    let document = docx_part(&a5, "word/document.xml");
    let body = parse(&document);
    for size in body.descendants().filter(|n| n.tag_name().name() == "pgSz") {
        assert_eq!((attr(size, "w"), attr(size, "h")), (Some("8391"), Some("11906")), "A5 in every section");
    }
    for margin in body.descendants().filter(|n| n.tag_name().name() == "pgMar") {
        assert_eq!((attr(margin, "left"), attr(margin, "right")), (Some("1134"), Some("680")), "inner 20 mm, outer 12 mm");
    }
    assert!(docx_part(&a5, "word/settings.xml").contains("<w:mirrorMargins/>"));
    let styles = docx_part(&a5, "word/styles.xml");
    assert!(styles.contains(r#"<w:sz w:val="22"/>"#), "11 pt body on A5");
    let a4 = build("a4", Options::default());
    assert!(!docx_part(&a4, "word/settings.xml").contains("mirrorMargins"));
}

#[test]
fn the_package_is_clean_and_dated_by_the_data() {
    let docx = build("package", Options::default());
    let core = docx_part(&docx, "docProps/core.xml");
    assert!(core.contains("<dc:creator>BAN TUYÊN GIÁO TỈNH ỦY</dc:creator>"));
    assert!(core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-15T00:00:00Z</dcterms:created>"#));
    assert!(core.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-15T00:00:00Z</dcterms:modified>"#));
    assert!(core.contains("<dc:title>TÀI LIỆU TUYÊN TRUYỀN"));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1), "{name}: a fixed time, not the clock");
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated, "{name}");
        if let Some(part) = name.strip_suffix(".rels").and_then(|r| r.strip_prefix("word/_rels/")) {
            assert!(zip_has(&docx, &format!("word/{part}")), "a relationship part of a part that exists: {name}");
        }
    }
}

fn zip_has(docx: &Path, name: &str) -> bool {
    zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap().by_name(name).is_ok()
}

#[test]
fn embedded_fonts_are_obfuscated_copies_of_the_bundled_faces() {
    let docx = build("embed", Options { embed_fonts: true, ..Options::default() });
    let table = docx_part(&docx, "word/fontTable.xml");
    let fonts = parse(&table);
    let font = fonts.descendants().find(|n| n.tag_name().name() == "font").unwrap();
    assert_eq!(attr(font, "name"), Some("Liberation Serif"));
    assert!(docx_part(&docx, "word/styles.xml").contains(r#"w:hAnsi="Liberation Serif""#), "the text is set in the embedded family");
    assert!(docx_part(&docx, "word/settings.xml").contains("<w:embedTrueTypeFonts/>"));
    assert!(docx_part(&docx, "[Content_Types].xml").contains(r#"Extension="odttf""#));
    let rels = docx_part(&docx, "word/_rels/fontTable.xml.rels");
    let faces = ["LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"];
    for ((element, face), n) in ["embedRegular", "embedBold", "embedItalic", "embedBoldItalic"].iter().zip(faces).zip(1..) {
        let embed = font.children().find(|c| c.tag_name().name() == *element).unwrap_or_else(|| panic!("{element}"));
        let key = attr(embed, "fontKey").unwrap();
        assert!(rels.contains(&format!("Target=\"fonts/font{n}.odttf\"")));
        // Undo the obfuscation as the standard describes and compare.
        let hex: String = key.chars().filter(char::is_ascii_hexdigit).collect();
        let bytes: Vec<u8> = (0..16).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
        let mut data = docx_bytes(&docx, &format!("word/fonts/font{n}.odttf"));
        for i in 0..32 {
            data[i] ^= bytes[15 - i % 16];
        }
        let original = std::fs::read(root().join("fonts/liberation-serif").join(face)).unwrap();
        assert!(data == original, "{face} embedded");
    }
}

fn docx_bytes(docx: &Path, name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

/// A fontconfig setup that sees only the DejaVu fonts, not the Liberation
/// fonts of the system or of fonts/.
fn clean_fonts(dir: &Path) -> Option<PathBuf> {
    let dejavu = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"].into_iter().find(|d| Path::new(d).is_dir())?;
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig><dir>{dejavu}</dir><cachedir>{}</cachedir></fontconfig>\n",
            dir.join("cache").display()
        ),
    )
    .unwrap();
    Some(conf)
}

#[test]
fn libreoffice_without_the_font_uses_the_embedded_one() {
    if !tool("soffice") || !tool("pdffonts") {
        return;
    }
    let work = temp_dir("clean-fonts");
    let conf = clean_fonts(&work);
    if !available("the DejaVu fonts (for a clean font environment)", conf.is_some()) {
        return;
    }
    let conf = conf.expect("found");
    let convert = |docx: &Path, out: &str| {
        let out = work.join(out);
        let status = Command::new("soffice")
            .env("FONTCONFIG_FILE", &conf)
            .args([
                &format!("-env:UserInstallation=file://{}", work.join("profile").display()),
                "--headless", "--convert-to", "pdf", "--outdir", out.to_str().unwrap(), docx.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        run("pdffonts", &[out.join("tra-vinh-2020.pdf").to_str().unwrap()])
    };
    let embedded = convert(&build("clean-embed", Options { embed_fonts: true, ..Options::default() }), "embedded");
    for face in ["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"] {
        assert!(embedded.lines().any(|l| l.split_whitespace().next().is_some_and(|n| n.ends_with(&format!("+{face}")))), "{face} used: {embedded}");
    }
    let named = convert(&build("clean-named", Options::default()), "named");
    assert!(!named.contains("Liberation"), "without embedding the font is not there: {named}");
}

#[test]
fn python_docx_reads_the_paragraph_styles() {
    if !python_docx() {
        return;
    }
    let python = "python3";
    let docx = build("python-docx", Options::default());
    let script = "import sys, docx\nd = docx.Document(sys.argv[1])\nfor p in d.paragraphs:\n    print(p.style.name + '\\t' + p.text[:40])\nprint('tables', len(d.tables))\n";
    let out = run(python, &["-c", script, docx.to_str().unwrap()]);
    let styles: Vec<&str> = out.lines().filter_map(|l| l.split_once('\t')).map(|(s, _)| s).collect();
    assert_eq!(styles.iter().filter(|s| **s == "Heading 1").count(), 2);
    assert_eq!(styles.iter().filter(|s| **s == "heading 1 unnumbered").count(), 1, "the appendix");
    assert_eq!(styles.iter().filter(|s| **s == "Heading 2").count(), 4);
    assert!(styles.iter().filter(|s| **s == "List Bullet").count() > 100);
    assert!(styles.contains(&"Title") && styles.contains(&"Subtitle") && styles.contains(&"toc 1"));
    for s in &styles {
        assert!(
            ["Normal", "Title", "Subtitle", "Cover Date", "Section Break", "TOC Heading", "toc 1", "toc 2", "toc 3", "Heading 1",
             "heading 1 unnumbered", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "List Bullet 2", "List Number"].contains(s),
            "an unexpected style {s}"
        );
    }
    assert!(out.contains("Heading 1\tKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2020"));
    assert!(out.lines().last().unwrap().starts_with("tables 2"), "the cover's header block and the appendix");
}

/// LibreOffice's text of `docx` (its numbering labels and list marks as it
/// draws them), through a conversion to PDF.
fn libreoffice_text(docx: &Path, work: &Path) -> String {
    let out = work.join("lo");
    let run = Command::new("soffice")
        .args([&format!("-env:UserInstallation=file://{}", work.join("profile").display()), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(docx)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    pdf_text(&out.join(docx.file_stem().unwrap()).with_extension("pdf"))
}

#[test]
fn edits_in_word_follow_the_house_style() {
    if !python_docx() {
        return;
    }
    let python = "python3";
    if !tool("soffice") || !tool("pdftotext") {
        return;
    }
    let docx = build("editing", Options::default());
    let work = temp_dir("editing-work");
    let edited = work.join("edited.docx");
    let script = r#"
import sys, docx
from docx.enum.style import WD_STYLE_TYPE
d = docx.Document(sys.argv[1])
print("default", d.styles.default(WD_STYLE_TYPE.PARAGRAPH).name)
first = next(p for p in d.paragraphs if p.style.name == "Heading 2")
first.insert_paragraph_before("MỤC MỚI CHÈN VÀO", style="Heading 2")
d.add_paragraph("Mục gạch đầu dòng mới thêm", style="List Bullet")
d.save(sys.argv[2])
"#;
    let out = run(python, &["-c", script, docx.to_str().unwrap(), edited.to_str().unwrap()]);
    assert!(out.contains("default Normal"), "Normal is the default paragraph style: {out}");
    let text = libreoffice_text(&edited, &work);
    assert!(text.contains("- Mục gạch đầu dòng mới thêm"), "a new List Bullet paragraph shows its mark");
    assert!(text.contains("I- MỤC MỚI CHÈN VÀO") && text.contains("II- KẾT QUẢ ĐẠT ĐƯỢC"), "a new Heading 2 renumbers those after it");
}

#[test]
fn the_run_in_mark_survives_a_libreoffice_save() {
    if !tool("soffice") || !tool("pdftotext") {
        return;
    }
    let docx = build("resave", Options::default());
    let work = temp_dir("resave-work");
    let run = Command::new("soffice")
        .args([&format!("-env:UserInstallation=file://{}", work.join("profile").display()), "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(work.join("saved"))
        .arg(&*docx)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = libreoffice_text(&work.join("saved/tra-vinh-2020.docx"), &work);
    // (pdftotext may join the mark to the word: the gap after it is the
    // label's own space.)
    assert!(text.contains("* Nguyên nhân đạt được") || text.contains("*Nguyên nhân đạt được"), "the Heading 4 mark after LibreOffice saved the file");
    assert!(text.contains("I- KẾT QUẢ ĐẠT ĐƯỢC"));
}

#[test]
fn every_part_is_referenced_and_every_reference_has_its_part() {
    for options in [Options::default(), Options { paper: Some("a5".into()), duplex: Some(true), embed_fonts: true, ..Options::default() }] {
        let docx = build("parts", options);
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&*docx).unwrap()).unwrap();
        let names: Vec<String> = zip.file_names_raw().map(|n| String::from_utf8_lossy(n).into_owned()).collect();
        let mut referenced = std::collections::BTreeSet::new();
        for name in names.iter().filter(|n| n.ends_with(".rels")) {
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut xml).unwrap();
            let base = name.replace("_rels/", "").trim_end_matches(".rels").to_string();
            let folder = base.rsplit_once('/').map_or(String::new(), |(f, _)| format!("{f}/"));
            let folder = if name == "_rels/.rels" { String::new() } else { folder };
            for target in parse(&xml).descendants().filter_map(|n| attr(n, "Target")) {
                let part = format!("{folder}{target}");
                assert!(names.contains(&part), "{name} refers to {part}, which the package lacks");
                referenced.insert(part);
            }
        }
        let mut types = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("[Content_Types].xml").unwrap(), &mut types).unwrap();
        for name in &names {
            if name.ends_with(".rels") || name == "[Content_Types].xml" {
                continue;
            }
            assert!(referenced.contains(name), "{name} is in the package but nothing refers to it");
            let extension = name.rsplit('.').next().unwrap();
            let typed = types.contains(&format!("PartName=\"/{name}\"")) || types.contains(&format!("Extension=\"{extension}\""));
            assert!(typed, "{name} has a content type");
        }
        for unwanted in ["word/comments.xml", "word/footnotes.xml", "word/commentsExtended.xml"] {
            assert!(!names.iter().any(|n| n == unwanted), "{unwanted}: an empty part nothing uses");
        }
    }
}

#[test]
fn two_sided_printing_has_even_headers_with_the_title_on_the_left() {
    let docx = build("even", Options { duplex: Some(true), ..Options::default() });
    assert!(docx_part(&docx, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    let even = docx_part(&docx, "word/header2.xml");
    let odd = docx_part(&docx, "word/header1.xml");
    let title = "Kết quả năm 2020, nhiệm vụ năm 2021";
    let before_page = |xml: &str| xml.find(title).unwrap() < xml.find("PAGE").unwrap();
    assert!(before_page(&even) && !before_page(&odd), "the title at the outer edge: left on even pages, right on odd ones");
}

#[test]
fn the_package_passes_the_openxml_validator() {
    if !tool("openxml-audit") {
        return;
    }
    for (name, options) in [
        ("audit", Options::default()),
        ("audit-a5", Options { paper: Some("a5".into()), duplex: Some(true), embed_fonts: true, ..Options::default() }),
    ] {
        let docx = build(name, options);
        let out = Command::new("openxml-audit").args(["--policy", "strict"]).arg(&*docx).output().unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && report.contains("Errors: 0"), "{name}: {report}");
    }
}

#[test]
fn a_reference_docx_gives_its_look_and_baocao_keeps_its_numbering() {
    // A designer's DOCX: baocao's own, its body text in Arial and its
    // part headings dark red, as a designer would set them in Word.
    let base = build("reference-base", Options::default());
    let work = temp_dir("reference");
    let reference = work.join("mau.docx");
    {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&*base).unwrap()).unwrap();
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&reference).unwrap());
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            if name == "word/styles.xml" {
                let xml = String::from_utf8(bytes).unwrap()
                    .replacen(r#"w:ascii="Times New Roman" w:hAnsi="Times New Roman""#, r#"w:ascii="Arial" w:hAnsi="Arial""#, 1)
                    .replace(r#"<w:name w:val="heading 1"/>"#, r#"<w:name w:val="heading 1"/><w:rPr><w:color w:val="8B0000"/></w:rPr>"#);
                bytes = xml.into_bytes();
            }
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut writer, &bytes).unwrap();
        }
        writer.finish().unwrap();
    }
    let docx = build("reference-out", Options { reference_docx: Some(reference.clone()), ..Options::default() });
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Arial""#), "the reference's body font");
    let heading = &styles[styles.find(r#"w:styleId="Heading1""#).unwrap()..];
    let heading = &heading[..heading.find("</w:style>").unwrap()];
    assert!(heading.contains(r#"<w:numId w:val="1"/>"#), "baocao's numbering stays: {heading}");
    assert!(styles.contains(r#"<w:lang w:val="vi-VN""#), "the language stays Vietnamese");
    // A file that is not a DOCX is refused with its name.
    std::fs::write(work.join("hong.docx"), "không phải zip").unwrap();
    let booklet = Booklet::compose_with(project(), &sample(), Options { reference_docx: Some(work.join("hong.docx")), ..Options::default() }, Strictness::Strict).unwrap();
    let error = booklet.write(project(), &work.join("out"), Format::Docx).unwrap_err().to_string();
    assert!(error.contains("--reference-docx") && error.contains("zip"), "{error}");
}

/// The anchors a reviewer's edits will be brought back by: every heading,
/// paragraph and list item in a hidden bookmark naming its source file and
/// line, every figure of the indicator table in one naming what it is, and
/// the custom properties that say so; LibreOffice keeps them all.
#[test]
fn anchors_name_the_source_line_of_each_paragraph_and_the_field_of_each_figure() {
    let docx = build("anchors", Options::default());
    let custom = docx_part(&docx, "docProps/custom.xml");
    let props = parse(&custom);
    let property = |name: &str| -> Option<String> {
        props.descendants().find(|n| n.tag_name().name() == "property" && attr(*n, "name") == Some(name)).map(|n| n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).collect())
    };
    assert_eq!(property("baocao.report").as_deref(), Some("tra-vinh-2020"));
    assert_eq!(property("baocao.version").as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(property("baocao.digest").map(|d| d.len()), Some(64), "a SHA-256 of the sources");
    let sources: Vec<String> = (0..).map_while(|i| property(&format!("baocao.source.{i}"))).collect();
    let figures: Vec<String> = (0..).map_while(|i| property(&format!("baocao.figures.{i}"))).collect::<Vec<_>>().join(",").split(',').map(str::to_string).collect();
    assert!(sources.contains(&"content/ket-qua.md".to_string()), "{sources:?}");

    let document = docx_part(&docx, "word/document.xml");
    let body = parse(&document);
    // The text between each bookmark's start and its end, in one paragraph.
    let mut marked: Vec<(String, String)> = Vec::new();
    for start in body.descendants().filter(|n| n.tag_name().name() == "bookmarkStart") {
        let (Some(name), Some(id)) = (attr(start, "name"), attr(start, "id")) else { continue };
        if !name.starts_with("_bc") {
            continue;
        }
        let mut text = String::new();
        for sibling in start.next_siblings() {
            if sibling.tag_name().name() == "bookmarkEnd" && attr(sibling, "id") == Some(id) {
                break;
            }
            for node in sibling.descendants() {
                match node.tag_name().name() {
                    "t" => text.push_str(node.text().unwrap_or_default()),
                    "noBreakHyphen" => text.push('-'),
                    _ => {}
                }
            }
        }
        marked.push((name.to_string(), text));
    }
    let figure = |label: &str| -> Vec<String> {
        marked
            .iter()
            .filter(|(name, _)| name.strip_prefix("_bcf_").and_then(|n| n.split('_').next()?.parse::<usize>().ok()).is_some_and(|n| figures[n] == label))
            .map(|(_, t)| t.clone())
            .collect()
    };
    // Each figure's bookmark carries the hash of the text it was built
    // with.
    for (name, text) in marked.iter().filter(|(name, _)| name.starts_with("_bcf_")) {
        assert_eq!(name.rsplit('_').next(), Some(baocao::source::bookmark::text_hash(text).as_str()), "{name}: {text}");
    }
    // In the prose and in the appendix table.
    assert_eq!(figure("viec_lam_moi.achieved"), ["16.100", "16.100"]);
    let fish = figure("san_luong_thuy_san.achieved");
    assert!(!fish.is_empty() && fish.iter().all(|t| t == "229.161"), "{fish:?}");

    let paragraphs: Vec<&(String, String)> = marked.iter().filter(|(name, _)| name.starts_with("_bcs_")).collect();
    assert!(paragraphs.len() > 150, "{} source anchors", paragraphs.len());
    let mut checked = 0;
    for (name, text) in paragraphs {
        let mut parts = name["_bcs_".len()..].split('_').map(|n| n.parse::<usize>().unwrap());
        let (file, line) = (parts.next().unwrap(), parts.next().unwrap());
        let Some(path) = sources[file].strip_prefix("content/") else { continue };
        let source = std::fs::read_to_string(sample().join("content").join(path)).unwrap();
        let source_line = source.lines().nth(line - 1).unwrap();
        // The paragraph's first words are on its source line (the line
        // holds the Markdown: labels, marks, template expressions).
        let source_line = source_line.replace('\\', "");
        // Three words, or one where the line holds template expressions.
        let count = if source_line.contains("{{") { 1 } else { 3 };
        let words: String = text.replace('\u{a0}', " ").split_whitespace().take(count).collect::<Vec<_>>().join(" ");
        assert!(source_line.contains(&words), "{name}: «{words}» is not on {}:{line}: {source_line}", sources[file]);
        checked += 1;
    }
    assert!(checked > 150, "{checked} prose paragraphs checked against their lines");

    if tool("soffice") {
        let work = temp_dir("anchors-lo");
        let profile = format!("-env:UserInstallation=file://{}", work.join("profile").display());
        run("soffice", &[&profile, "--headless", "--convert-to", "odt", "--outdir", work.to_str().unwrap(), docx.to_str().unwrap()]);
        let odt = work.join(docx.file_name().unwrap()).with_extension("odt");
        let back = work.join("back");
        run("soffice", &[&profile, "--headless", "--convert-to", "docx", "--outdir", back.to_str().unwrap(), odt.to_str().unwrap()]);
        let resaved = back.join(docx.file_name().unwrap());
        let count = |xml: &str| xml.matches("w:name=\"_bc").count();
        assert_eq!(count(&docx_part(&resaved, "word/document.xml")), count(&document), "LibreOffice keeps every anchor");
        assert!(docx_part(&resaved, "docProps/custom.xml").contains("baocao.figures.0"), "and the properties");
    }
}
