//! One booklet build: a report folder in, its files out. The story, a
//! module each: the build's [`options`]; composing (here): the report
//! loaded, the templates rendered, the document model made, with its
//! metadata ([`meta`]) and what the fonts and the page can set checked
//! ([`checks`]); the writers the formats ask for run over one layout
//! ([`write`]); what the DOCX records of its making ([`provenance`]); the
//! table of comments from the review list, written by the same writers
//! ([`review`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::assets::Assets;
use crate::doc::{self, Document, Meta};
use crate::error::{Error, Place, Result, Warning};
use crate::fonts::FontLibrary;
use crate::report::Report;
use crate::source::SourceMap;
use crate::source::anchor;
use crate::template::Templates;
use crate::template::figures::Notes;
use crate::template::unfinished;
use crate::timing::{Stage, Timings};
use crate::{memory, t};

mod checks;
mod meta;
mod options;
mod provenance;
mod review;
mod write;

use checks::{check_fields, check_glyphs, check_word_lengths, read_reference};
pub use checks::check_reference;
pub use options::{Format, Imposition, Options, Strictness};
pub use write::Written;

/// The shared assets of every build: where templates are found and the
/// fonts, loaded once (a clone shares them).
#[derive(Clone)]
pub struct Project {
    /// The template sources: an optional `--templates` folder over the
    /// embedded defaults.
    pub assets: Assets,
    /// The bundled fonts and any from `--fonts`.
    pub fonts: Arc<FontLibrary>,
    /// The `--fonts` folder, if any: never an output folder.
    pub fonts_dir: Option<PathBuf>,
}

impl Project {
    /// The project of the embedded templates and fonts.
    pub fn embedded() -> Project {
        Project { assets: Assets::embedded(), fonts: Arc::new(FontLibrary::bundled()), fonts_dir: None }
    }

    /// The project of `assets`, with the fonts of `extra_fonts` added to
    /// the bundled ones.
    pub fn open(assets: Assets, extra_fonts: Option<&Path>) -> Result<Project> {
        Ok(Project { assets, fonts: Arc::new(FontLibrary::load(extra_fonts)?), fonts_dir: extra_fonts.map(Path::to_path_buf) })
    }
}

/// A report composed into its document, ready to render.
pub struct Booklet {
    /// The loaded report.
    pub report: Report,
    /// Its document model.
    pub document: Document,
    /// What loading and composing it noticed: text from the wild, a title
    /// line too wide.
    pub warnings: Vec<Warning>,
    /// What stands between it and a final copy, each a warning in `build`
    /// and `check` alike and refused by `--final`: draft marks,
    /// placeholders, empty figures the text uses, and what the report
    /// states that its figures contradict (see [`Report::slips`]).
    pub unfinished: Vec<Warning>,
    /// The build's choices.
    pub options: Options,
    /// The booklet Markdown the templates made (what `--format md`
    /// writes), which the document model was read from.
    pub markdown: String,
    /// The files the booklet's text came from.
    pub sources: SourceMap,
    /// What rendering noticed (empty figures; indicators the table lacks,
    /// when recording).
    pub notes: Arc<Notes>,
    /// How long loading and composing took.
    pub timings: Timings,
}

impl Booklet {
    /// Loads the report in `dir` and composes its document through the
    /// templates, with the report's own settings.
    pub fn compose(project: &Project, dir: &Path) -> Result<Booklet> {
        Booklet::compose_with(project, dir, Options::default(), Strictness::Strict)
    }

    /// Loads the report in `dir` and composes its document through the
    /// templates; checks that the fonts can draw every character.
    pub fn compose_with(project: &Project, dir: &Path, options: Options, strictness: Strictness) -> Result<Booklet> {
        let _building = memory::building(&dir.display().to_string());
        let key = dir.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        crate::faults::at("compose", &key).map_err(|e| Error::io(dir, t!("không làm được", "cannot build"), e))?;
        let mut timings = Timings::default();
        let report = timings.time(Stage::Load, || Report::load_with(dir, &options.overlay))?;
        let draft = !report.drafts().is_empty();
        let notes = match strictness {
            Strictness::Strict => Notes::strict(),
            Strictness::Recording => Notes::recording(),
        };
        let rendered = timings.time(Stage::Templates, || Templates::new(&project.assets, &report, Arc::clone(&notes)).render(&report))?;
        let document = timings.time(Stage::Document, || -> Result<(Document, Vec<usize>)> {
            let meta = Meta { draft, ..meta::meta(project, &report, &options)? };
            check_fields(&project.fonts, &report, &meta)?;
            let document = doc::parse(&rendered.markdown, &rendered.origins, meta).map_err(|e| {
                let first_word = e.line_text.split_whitespace().next();
                let place = e
                    .origin
                    .and_then(|origin| rendered.sources.place(origin, first_word))
                    .unwrap_or_else(|| Place::file(&report.dir));
                Error::input(place, t!("{} (dòng «{}»)", "{} (line «{}»)", e.message, e.line_text), e.hint)
            })?;
            check_glyphs(&project.fonts, &report, &document, &rendered.sources)?;
            check_word_lengths(&report, &document, &rendered.sources)?;
            let mut document = document;
            let family = document.meta.style.font.pdf.clone();
            let too_long = crate::fit::fit(&mut document, &project.fonts, &family, report.facts.title.lines.as_deref());
            Ok((document, too_long))
        })?;
        let (document, too_long) = document;
        let mut warnings = report.warnings.clone();
        warnings.extend(crate::fit::crowded_cover(&document, report.place_of("title")));
        warnings.extend(too_long.into_iter().map(|i| {
            Warning::new(
                report.place_of(&format!("title[{i}]")),
                t!("dòng tiêu đề này dài hơn bề ngang trang khổ {}: baocao chia nó thành nhiều dòng", "this title line is wider than the {} page: baocao splits it", document.meta.page.name),
                Some(t!("chia dòng này thành hai dòng ngắn hơn trong `title`", "split the line into two shorter ones in `title`")),
            )
        }));
        warnings.extend(doc::ladder_slips(&document.blocks).into_iter().map(|slip| {
            let place = slip.origin.and_then(|origin| rendered.sources.place(origin, Some(&slip.first_word))).unwrap_or_else(|| Place::file(&report.dir));
            Warning::new(place, slip.message, Some(slip.hint))
        }));
        let unfinished = unfinished::unfinished(&report, &notes, &document.meta.style.draft.text);
        if options.final_copy
            && let Some(error) = Error::all(unfinished.iter().map(unfinished::refused_in_final_copy).collect())
        {
            return Err(error);
        }
        let markdown = anchor::strip(&rendered.markdown);
        Ok(Booklet { report, document, warnings, unfinished, options, markdown, sources: rendered.sources, notes, timings })
    }
}
