//! Measuring the pipeline: the whole build and each stage, median of
//! several runs, on a report or on a synthetic report many times its size.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::assets::Assets;
use crate::build::{Booklet, Format, Options, Project, Strictness};
use crate::error::{Error, Place, Result};
use crate::report::{CONTENT_DIR, FACTS_FILE, Facts, copy_folder};
use crate::timing::{Stage, Timings};
use crate::{output, t, text};

/// The medians of several builds of one report.
#[derive(Debug, Clone)]
pub struct Measured {
    /// How many builds were timed.
    pub runs: usize,
    /// The booklet's pages.
    pub pages: usize,
    /// The median of each stage.
    pub stages: Vec<(Stage, Duration)>,
    /// The median of whole builds: opening the project to files written.
    pub whole: Duration,
}

impl Measured {
    /// The median of `stage`.
    pub fn stage(&self, stage: Stage) -> Duration {
        self.stages.iter().find(|(s, _)| *s == stage).map_or(Duration::ZERO, |(_, d)| *d)
    }

    /// What a bare Typst compile and export of the same source costs: the
    /// fonts, the layout and the PDF export.
    pub fn typst(&self) -> Duration {
        self.stage(Stage::Fonts) + self.stage(Stage::Layout) + self.stage(Stage::Pdf)
    }
}

/// Builds the report in `dir` `runs` times into `out_dir`, each time from
/// opening the project; `cold` clears Typst's memoisation before each
/// build, as in a new process, otherwise later builds reuse it, as
/// `baocao watch` does.
pub fn measure(assets: &Assets, extra_fonts: Option<&Path>, dir: &Path, out_dir: &Path, runs: usize, cold: bool) -> Result<Measured> {
    let mut builds: Vec<(Timings, Duration)> = Vec::with_capacity(runs);
    let mut pages = 0;
    for _ in 0..runs.max(1) {
        if cold {
            typst::comemo::evict(0);
        }
        let started = Instant::now();
        let mut timings = Timings::default();
        let project = timings.time(Stage::Fonts, || Project::open(assets.clone(), extra_fonts))?;
        let booklet = Booklet::compose_with(&project, dir, Options::default(), Strictness::Strict)?;
        let written = booklet.write(&project, out_dir, Format::All)?;
        let whole = started.elapsed();
        pages = written.pages.unwrap_or_default();
        builds.push((timings.merged(&written.timings), whole));
    }
    let stages = Stage::ALL.iter().map(|s| (*s, median(builds.iter().map(|(t, _)| t.get(*s)).collect()))).collect();
    Ok(Measured { runs: builds.len(), pages, stages, whole: median(builds.iter().map(|(_, w)| *w).collect()) })
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Makes in `to` a report `factor` times the one in `from`: its prose
/// files repeated, and its indicator table (CSV) with each row repeated
/// under a new id. For measuring how time grows; never committed as data.
pub fn synthetic(from: &Path, to: &Path, factor: usize) -> Result<()> {
    copy_folder(from, to)?;
    let facts_path = to.join(FACTS_FILE);
    let (mut facts, _) = Facts::parse(&facts_path, &text::read(&facts_path, to)?)?;
    let originals = facts.content.clone();
    for copy in 2..=factor {
        for name in &originals {
            let stem = name.trim_end_matches(".md");
            let copied = format!("{stem}-{copy}.md");
            let content = to.join(CONTENT_DIR);
            std::fs::copy(content.join(name), content.join(&copied)).map_err(|e| Error::io(&content.join(&copied), t!("không chép được", "cannot copy"), e))?;
            facts.content.push(copied);
        }
    }
    let yaml = serde_saphyr::to_string(&facts).map_err(|e| Error::input(Place::file(&facts_path), e.to_string(), None))?;
    output::write_atomic(&facts_path, yaml.as_bytes())?;

    let table = to.join("indicators.csv");
    if table.is_file() {
        let source = text::read(&table, to)?;
        let csv_error = |e: csv::Error| Error::input(Place::file(&table), e.to_string(), None);
        let delimiter = if source.lines().next().unwrap_or_default().contains(';') { b';' } else { b',' };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(source.as_bytes());
        let headings = reader.headers().map_err(csv_error)?.clone();
        let list = headings.iter().position(|h| matches!(h.trim().to_lowercase().as_str(), "danh sách" | "list"));
        let rows: Vec<csv::StringRecord> = reader.records().collect::<std::result::Result<_, _>>().map_err(csv_error)?;
        let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        writer.write_record(&headings).map_err(csv_error)?;
        for copy in 1..=factor {
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| match (copy, i) {
                        (1, _) => cell.to_string(),
                        (_, 0) => format!("{cell}_{copy}"),
                        (_, i) if Some(i) == list => String::new(),
                        _ => cell.to_string(),
                    })
                    .collect();
                writer.write_record(&cells).map_err(csv_error)?;
            }
        }
        let bytes = writer.into_inner().map_err(|e| Error::input(Place::file(&table), e.to_string(), None))?;
        output::write_atomic(&table, &bytes)?;
    }
    Ok(())
}

/// Makes in `to` a copy of the report in `from` whose indicator table
/// (CSV) has `rows` rows: its own, then invented ones, each with a target
/// and a result, so that every one reaches the appendix. For measuring how
/// the appendix and `check` grow with the table; never committed as data.
pub fn with_rows(from: &Path, to: &Path, rows: usize) -> Result<()> {
    copy_folder(from, to)?;
    let table = to.join("indicators.csv");
    let source = text::read(&table, to)?;
    let existing = source.lines().count().saturating_sub(1);
    let mut out = source.trim_end().to_string();
    for i in existing..rows {
        out.push_str(&format!("\r\nthu_{i};kinh tế;;Chỉ tiêu thử số {i} về phát triển kinh tế - xã hội;;tỷ đồng;;kế hoạch;1.000;{};;;;", 800 + i % 400));
    }
    out.push_str("\r\n");
    output::write_atomic(&table, out.as_bytes())
}

/// The median time of `runs` checks (`baocao check`) of the report in
/// `dir`, each from opening the project.
pub fn measure_check(assets: &Assets, extra_fonts: Option<&Path>, dir: &Path, runs: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        typst::comemo::evict(0);
        let started = Instant::now();
        let project = Project::open(assets.clone(), extra_fonts)?;
        crate::check::check(&project, dir)?;
        times.push(started.elapsed());
    }
    Ok(median(times))
}

/// The median time of `runs` imports (`baocao import`) of `docx`, the
/// unchanged DOCX of the report in `dir`, each from opening the project;
/// nothing is written.
pub fn measure_import(assets: &Assets, extra_fonts: Option<&Path>, docx: &Path, dir: &Path, runs: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let project = Project::open(assets.clone(), extra_fonts)?;
        let import = crate::import::import(&project, docx, dir, crate::import::TrackChanges::Stop)?;
        times.push(started.elapsed());
        if !import.changes.is_empty() || !import.notices.is_empty() {
            return Err(Error::input(
                Place::file(docx),
                t!("DOCX chưa sửa mà nhập ra thay đổi", "the unchanged DOCX imported as changes"),
                None,
            ));
        }
    }
    Ok(median(times))
}
