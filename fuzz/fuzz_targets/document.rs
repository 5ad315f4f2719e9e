//! The template-to-document step: any booklet Markdown (what the templates
//! give) becomes a document or a located error, never a panic; a document
//! passes the font check and the DOCX writer, which gives a zip.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use baocao::Project;
use baocao::doc::{self, Meta};
use baocao::error::Place;
use libfuzzer_sys::fuzz_target;

static PROJECT: LazyLock<Project> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    Project::open(&root.join("templates"), &root.join("fonts")).expect("the project opens")
});

fuzz_target!(|markdown: &str| {
    let project = &*PROJECT;
    let meta = Meta {
        title: "Tài liệu".into(),
        author: "Ban Tuyên giáo".into(),
        subject: "Tài liệu".into(),
        keywords: Vec::new(),
        date: "2021-01-15".parse().unwrap(),
        lang: "vi".into(),
        short_title: "Tài liệu".into(),
        page: project.formats.get("a4", &Place::file(Path::new("fuzz"))).unwrap().clone(),
        duplex: false,
    };
    if let Ok(document) = doc::parse(markdown, meta) {
        if project.fonts.check_coverage(&document).is_ok() {
            let docx = baocao::render::docx::render(&document, &[], None).expect("a parsed document always writes");
            assert!(docx.starts_with(b"PK"));
        }
    }
});
