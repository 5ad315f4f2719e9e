// What the fuzz target `document` checks (its root, fuzz_targets/document.rs, says
// what): included there and by the test that runs every seed
// (tests/it/fuzz_seeds.rs), so that a change of the library that breaks it
// fails `cargo test`.

use std::path::Path;
use std::sync::LazyLock;

use baocao::Project;
use baocao::doc::{self, Meta, Pagination};
use baocao::error::Place;
use baocao::render::docx::Extras;
use baocao::style::{self, HouseStyle, PageFormat};

/// The embedded templates and fonts, with the A4 format and the house
/// style they define.
static PROJECT: LazyLock<(Project, PageFormat, HouseStyle)> = LazyLock::new(|| {
    let project = Project::embedded();
    let formats = style::formats(&project.assets, None).expect("the formats read");
    let page = formats.get("a4", &Place::file(Path::new("fuzz"))).expect("A4 is defined").clone();
    let house = style::house_style(&project.assets, None).expect("the house style reads");
    (project, page, house)
});

fuzz_target!(|markdown: &str| {
    let (project, page, house) = &*PROJECT;
    let meta = Meta {
        title: "Tài liệu".into(),
        author: "Ban Tuyên giáo".into(),
        subject: "Tài liệu".into(),
        keywords: Vec::new(),
        date: "2021-01-15".parse().unwrap(),
        lang: "vi".into(),
        short_title: "Tài liệu".into(),
        page: page.clone(),
        duplex: false,
        style: house.clone(),
        draft: false,
    };
    if let Ok(document) = doc::parse(markdown, &[], meta)
        && project.fonts.missing_glyphs(&document).is_empty()
    {
        let docx = baocao::render::docx::render(&document, &Pagination::default(), Extras::default())
            .expect("a parsed document always writes");
        assert!(docx.starts_with(b"PK"));
    }
});
