//! The PDF for the print shop and the archive: formats, two-sided margins,
//! saddle-stitch imposition, PDF/A, tags, outline, metadata and the
//! typography of a printed booklet; read back with poppler and lopdf.

use std::path::{Path, PathBuf};

use baocao::{Booklet, Format, Imposition, Options, Standard, Strictness};
use crate::common::*;

/// Builds the sample's PDF with `options` into a fresh folder.
fn build(name: &str, options: Options) -> Built {
    let out = temp_dir(name);
    let booklet = Booklet::compose_with(project(), &sample(), options, Strictness::Strict).expect("the sample composes");
    let files = booklet.write(project(), &out, Format::Pdf).expect("the sample builds").files;
    Built { _out: out, files }
}

/// The files of a build, in a scratch folder that lives as long as this
/// value, which derefs to the list of files.
struct Built {
    _out: Scratch,
    files: Vec<PathBuf>,
}

impl std::ops::Deref for Built {
    type Target = [PathBuf];
    fn deref(&self) -> &[PathBuf] {
        &self.files
    }
}

/// Each page's size in points, by pdfinfo.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    run("pdfinfo", &["-f", "1", "-l", "9999", pdf.to_str().unwrap()])
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let size = l.split("size:").nth(1).unwrap();
            let mut parts = size.split_whitespace();
            let w: f64 = parts.next().unwrap().parse().unwrap();
            parts.next(); // "x"
            (w, parts.next().unwrap().parse().unwrap())
        })
        .collect()
}

fn mm(points: f64) -> f64 {
    points / 72.0 * 25.4
}

#[test]
fn every_page_has_the_size_of_its_format() {
    if !tool("pdfinfo") {
        return;
    }
    for (paper, width, height) in [("a4", 210.0, 297.0), ("a5", 148.0, 210.0), ("145x205", 145.0, 205.0)] {
        let files = build(&format!("size-{paper}"), Options { paper: Some(paper.into()), ..Options::default() });
        let sizes = page_sizes(&files[0]);
        assert!(sizes.len() >= 12, "{paper}: {} pages", sizes.len());
        for (i, (w, h)) in sizes.iter().enumerate() {
            assert!((mm(*w) - width).abs() < 0.1 && (mm(*h) - height).abs() < 0.1, "{paper} page {}: {w} x {h} pt", i + 1);
        }
    }
}

/// The left edge (points) of the body text of each page, by pdftotext.
fn left_edges(pdf: &Path) -> Vec<f64> {
    let html = run("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let line = regex_lite::Regex::new(r#"<line xMin="([\d.]+)""#).unwrap();
    html.split("<page ")
        .skip(1)
        .map(|page| line.captures_iter(page).map(|c| c[1].parse::<f64>().unwrap()).fold(f64::MAX, f64::min))
        .collect()
}

#[test]
fn two_sided_printing_mirrors_the_margins() {
    if !tool("pdftotext") {
        return;
    }
    let one_sided = left_edges(&build("simplex", Options::default())[0]);
    let duplex = left_edges(&build("duplex", Options { duplex: Some(true), ..Options::default() })[0]);
    let inner = 30.0 / 25.4 * 72.0;
    let outer = 15.0 / 25.4 * 72.0;
    for page in [4, 5, 6, 7] {
        let (simplex, mirrored) = (one_sided[page - 1], duplex[page - 1]);
        assert!((simplex - inner).abs() < 2.0, "one-sided page {page}: text starts at {simplex} pt");
        let expected = if page % 2 == 1 { inner } else { outer };
        assert!((mirrored - expected).abs() < 2.0, "two-sided page {page}: text starts at {mirrored} pt, not {expected}");
    }
}

#[test]
fn the_pdf_is_pdf_a_2b_tagged_in_vietnamese_with_metadata_from_the_data() {
    let pdf = &build("pdfa", Options::default())[0];
    let bytes = std::fs::read(pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    let xmp = &raw[raw.find("<x:xmpmeta").unwrap()..raw.find("</x:xmpmeta>").unwrap()];
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{xmp}");
    assert!(xmp.contains("<dc:language><rdf:Bag><rdf:li>vi</rdf:li>"));
    assert!(xmp.contains("<xmp:CreateDate>2021-01-15T00:00:00Z</xmp:CreateDate>"), "the date is the data's");
    assert!(xmp.contains("<rdf:li>BAN TUYÊN GIÁO TỈNH ỦY</rdf:li>"), "author = issuing body");
    assert!(xmp.contains("<pdf:Keywords>ĐẢNG BỘ TỈNH TRÀ VINH, 2020, 2021</pdf:Keywords>"));

    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").and_then(|l| l.as_str()).unwrap(), b"vi");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "tagged");
    assert!(catalog.get(b"OutputIntents").is_ok(), "an output intent, as PDF/A asks");
    let marked = catalog.get(b"MarkInfo").and_then(|m| m.as_dict()).unwrap().get(b"Marked").unwrap();
    assert!(marked.as_bool().unwrap());
    // No transparency groups, which PDF/A-2b allows only with care.
    assert!(!raw.contains("/S/Transparency") && !raw.contains("/S /Transparency"));
    if tool("pdffonts") {
        let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(fonts.lines().skip(2).all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "{fonts}");
    }
    let outline = outline_titles(pdf);
    assert!(outline.len() > 30 && outline.contains(&"I- KẾT QUẢ ĐẠT ĐƯỢC".to_string()), "{outline:?}");

    let plain = &build("pdf-plain", Options { standard: Standard::None, ..Options::default() })[0];
    assert!(!String::from_utf8_lossy(&std::fs::read(plain).unwrap()).contains("pdfaid:part"), "--pdf-standard none");
    let ua = &build("pdf-ua", Options { standard: Standard::Ua1, ..Options::default() })[0];
    assert!(String::from_utf8_lossy(&std::fs::read(ua).unwrap()).contains("pdfuaid:part"), "--pdf-standard ua-1");
}

#[test]
fn saddle_stitch_sheets_hold_the_pages_in_booklet_order() {
    if !tool("pdfinfo") || !tool("pdftotext") {
        return;
    }
    let options = Options { paper: Some("a5".into()), impose: Some(Imposition { crop_marks: false, sheet: None }), ..Options::default() };
    let files = build("impose", options);
    assert_eq!(files[1].file_name().unwrap(), "tra-vinh-2020.impose.pdf");
    let pages = page_sizes(&files[0]).len();
    let sides = page_sizes(&files[1]);
    assert_eq!(sides.len(), 2 * pages.div_ceil(4), "{pages} pages make ceil({pages}/4) sheets, two sides each");
    for (w, h) in &sides {
        assert!((mm(*w) - 297.0).abs() < 0.1 && (mm(*h) - 210.0).abs() < 0.1, "two A5 pages side by side on an A4 sheet: {w} x {h}");
    }

    // Which booklet page stands on each half: its page number, read from
    // the half-sheet's header; the cover by its Party name; blank is empty.
    let booklet_text = pdf_text(&files[0]);
    let booklet_pages: Vec<&str> = booklet_text.split('\u{c}').collect();
    let (half_w, h) = ((148.0 / 25.4 * 72.0) as u32, (210.0 / 25.4 * 72.0) as u32);
    // The two pages stand centred on the sheet: 0,5 mm in from its edge.
    let left = (0.5 / 25.4 * 72.0) as usize;
    let padded = pages.div_ceil(4) * 4;
    for (side, _) in sides.iter().enumerate() {
        for half in 0..2 {
            let text = run(
                "pdftotext",
                &[
                    "-f", &(side + 1).to_string(), "-l", &(side + 1).to_string(),
                    "-x", &(left + half * half_w as usize).to_string(), "-y", "0",
                    "-W", &half_w.to_string(), "-H", &h.to_string(),
                    files[1].to_str().unwrap(), "-",
                ],
            );
            let sheet = side / 2;
            let expected = match (side % 2, half) {
                (0, 0) => padded - 2 * sheet,
                (0, _) => 2 * sheet + 1,
                (_, 0) => 2 * sheet + 2,
                (_, _) => padded - 2 * sheet - 1,
            };
            let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
            if expected > pages {
                assert!(text.trim().is_empty(), "side {side} half {half}: blank page {expected} holds {text:?}");
            } else if expected == 1 {
                assert!(text.contains("ĐẢNG CỘNG SẢN VIỆT NAM"), "side {side}: the cover");
            } else {
                assert!(first.starts_with(&expected.to_string()), "side {side} half {half}: page {expected}, found {first:?}");
                let page_words: Vec<&str> = booklet_pages[expected - 1].split_whitespace().take(12).collect();
                let half_words: Vec<&str> = text.split_whitespace().take(12).collect();
                assert_eq!(half_words, page_words, "side {side} half {half} is page {expected}");
            }
        }
    }

    // With crop marks, the smallest sheet with room for them (10 mm a side)
    // is B4; --sheet chooses another, and one too small is refused.
    let marked = build("impose-marks", Options { paper: Some("a5".into()), impose: Some(Imposition { crop_marks: true, sheet: None }), ..Options::default() });
    let (w, h) = page_sizes(&marked[1])[0];
    assert!((mm(w) - 353.0).abs() < 0.1 && (mm(h) - 250.0).abs() < 0.1, "{w} x {h}");
    let a3 = build("impose-a3", Options { paper: Some("a5".into()), impose: Some(Imposition { crop_marks: false, sheet: Some("a3".into()) }), ..Options::default() });
    let (w, h) = page_sizes(&a3[1])[0];
    assert!((mm(w) - 420.0).abs() < 0.1 && (mm(h) - 297.0).abs() < 0.1, "{w} x {h}");
    let a4_pages = build("impose-a4", Options { paper: Some("a4".into()), impose: Some(Imposition { crop_marks: false, sheet: None }), ..Options::default() });
    let (w, h) = page_sizes(&a4_pages[1])[0];
    assert!((mm(w) - 420.0).abs() < 0.1 && (mm(h) - 297.0).abs() < 0.1, "A4 pages on A3: {w} x {h}");
    let booklet = Booklet::compose_with(project(), &sample(), Options { paper: Some("a4".into()), impose: Some(Imposition { crop_marks: false, sheet: Some("a4".into()) }), ..Options::default() }, Strictness::Strict).unwrap();
    let out = temp_dir("impose-small");
    let refused = booklet.write(project(), &out, Format::Pdf).unwrap_err().to_string();
    assert!(refused.contains("a3"), "{refused}");
    assert!(!out.join("tra-vinh-2020.pdf").exists() && !out.join("tra-vinh-2020.impose.pdf").exists(), "nothing written");
    if tool("pdffonts") {
        let fonts = run("pdffonts", &[marked[1].to_str().unwrap()]);
        assert!(fonts.contains("LiberationSerif") && fonts.lines().skip(2).all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "{fonts}");
    }
    if tool("pdfimages") {
        let images = run("pdfimages", &["-list", marked[1].to_str().unwrap()]);
        assert_eq!(images.lines().count(), 2, "no page was rasterised: {images}");
    }
}

#[test]
fn the_text_keeps_compounds_figures_and_headings_together() {
    if !tool("pdftotext") {
        return;
    }
    for paper in ["a4", "a5"] {
        let pdf = &build(&format!("typography-{paper}"), Options { paper: Some(paper.into()), ..Options::default() })[0];
        let text = pdf_text(pdf);
        let compound_end = regex_lite::Regex::new(r"[A-ZĐ]{1,4}-$").unwrap();
        // A figure standing alone at a line end ("16.100"), not the end of
        // a word such as "Covid-19".
        let figure_end = regex_lite::Regex::new(r"(^|\s)\d[\d.,]*%?$").unwrap();
        let continues = |line: &str| line.starts_with(|c: char| c == '%' || c.is_lowercase());
        let booklet = Booklet::compose(project(), &sample()).unwrap();
        let headings: Vec<String> = booklet
            .document
            .outline()
            .iter()
            .map(|e| baocao::doc::plain_text(e.text).chars().take(25).collect())
            .collect();
        // The appendix table's cells are not running text.
        let body_pages = text.split('\u{c}').take_while(|page| !page.contains("PHỤ LỤC: BẢNG CHỈ TIÊU"));
        for (number, page) in body_pages.enumerate().skip(2) {
            // The body's lines, without the running header.
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.contains("Kết quả năm 2020, nhiệm vụ năm 2021") && l.parse::<usize>().is_err())
                .collect();
            for pair in lines.windows(2) {
                let (line, next) = (pair[0], pair[1]);
                assert!(!compound_end.is_match(line), "{paper} page {}: a compound broken at {line:?}", number + 1);
                let parted = figure_end.is_match(line) && continues(next);
                assert!(!parted, "{paper} page {}: a figure parted from the word after it: {line:?} / {next:?}", number + 1);
            }
            if let Some(last) = lines.last() {
                let heading_at_foot = headings.iter().any(|h| last.contains(h.as_str()) && !last.contains(". . ."));
                assert!(!heading_at_foot, "{paper} page {}: a heading alone at the foot: {last:?}", number + 1);
            }
        }
    }
}

#[test]
fn the_running_header_carries_the_short_title_from_page_two() {
    if !tool("pdftotext") {
        return;
    }
    let text = pdf_text(&build("running-header", Options::default())[0]);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(!pages[0].contains("Kết quả năm 2020, nhiệm vụ năm 2021"), "not on the cover");
    for page in &pages[1..] {
        assert!(page.contains("Kết quả năm 2020, nhiệm vụ năm 2021"), "{page}");
    }
}

#[test]
fn a_logo_from_the_report_folder_goes_on_the_cover_and_nothing_outside_it() {
    let dir = sample_copy("logo");
    std::fs::write(
        dir.join("quoc-huy.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle cx="50" cy="50" r="45" fill="#c00"/></svg>"##,
    )
    .unwrap();
    let facts = std::fs::read_to_string(dir.join("report.yaml")).unwrap();
    std::fs::write(dir.join("report.yaml"), facts.replace("place: Trà Vinh", "place: Trà Vinh\nlogo: quoc-huy.svg")).unwrap();
    let out = temp_dir("logo-out");
    let booklet = Booklet::compose(project(), &dir).unwrap();
    let files = booklet.write(project(), &out, Format::All).unwrap().files;
    let pdf = &files[0];
    // The DOCX has it too: a PNG drawn from the SVG, placed on the cover.
    let document = docx_part(&files[1], "word/document.xml");
    assert!(document.contains("<w:drawing>") && document.contains(r#"r:embed="rIdLogo""#));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&files[1]).unwrap()).unwrap();
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name("word/media/image1.png").unwrap(), &mut png).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    if tool("pdftoppm") {
        assert!(red_pixels(pdf) > 20, "the red emblem is drawn on the cover");
        assert_eq!(red_pixels(&build("no-logo", Options::default())[0]), 0, "and not without a logo");
    }

    std::fs::write(dir.join("report.yaml"), facts.replace("place: Trà Vinh", "place: Trà Vinh\nlogo: ../../secret.svg")).unwrap();
    let err = Booklet::compose(project(), &dir).err().expect("a logo outside the report folder is refused").to_string();
    assert!(err.contains("report.yaml:") && err.contains("../../secret.svg"), "{err}");
}

/// How many strongly red pixels the cover has at 20 dpi.
fn red_pixels(pdf: &Path) -> usize {
    let scratch = temp_dir("red-pixels");
    let out = scratch.join("cover");
    run("pdftoppm", &["-r", "20", "-f", "1", "-l", "1", "-singlefile", pdf.to_str().unwrap(), out.to_str().unwrap()]);
    let ppm = std::fs::read(out.with_extension("ppm")).unwrap();
    // P6 header: magic, width, height, maxval, each ended by white space.
    let mut fields = 0;
    let mut start = 0;
    for (i, b) in ppm.iter().enumerate() {
        if b.is_ascii_whitespace() {
            fields += 1;
            if fields == 4 {
                start = i + 1;
                break;
            }
        }
    }
    ppm[start..].chunks(3).filter(|p| p.len() == 3 && p[0] > 150 && p[1] < 80 && p[2] < 80).count()
}
