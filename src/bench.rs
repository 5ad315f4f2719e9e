//! Measuring the pipeline: the whole build and each stage, median of
//! several runs, on a report or on a synthetic report many times its size.

use std::path::{Path, PathBuf};
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
        let delimiter = crate::indicators::file::Dialect::of(&source).delimiter;
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

/// Makes in `to` `count` reports made from the one in `from`, each with
/// different text (in every paragraph of its prose, two words trade
/// places, at a place that differs from report to report), as the reports
/// of many districts differ: none can reuse another's laid-out
/// paragraphs. Their folders, in order. For measuring batches; never
/// committed as data.
pub fn variants(from: &Path, to: &Path, count: usize) -> Result<Vec<PathBuf>> {
    let facts_path = from.join(FACTS_FILE);
    let (facts, _) = Facts::parse(&facts_path, &text::read(&facts_path, from)?)?;
    let mut dirs = Vec::with_capacity(count);
    for n in 0..count {
        let dir = to.join(format!("bao-cao-{n:03}"));
        copy_folder(from, &dir)?;
        for name in &facts.content {
            let path = dir.join(CONTENT_DIR).join(name);
            let prose = text::read(&path, &dir)?;
            let changed: Vec<String> = prose.lines().enumerate().map(|(i, line)| swapped(line, n * 7 + i)).collect();
            output::write_atomic(&path, (changed.join("\n") + "\n").as_bytes())?;
        }
        dirs.push(dir);
    }
    Ok(dirs)
}

/// `line` with two neighbouring words traded, the `seed`th pair of those
/// that are plain words; a heading, a directive or a line with template
/// or Markdown marks is kept.
fn swapped(line: &str, seed: usize) -> String {
    let plain = |w: &str| !w.is_empty() && w.chars().all(char::is_alphabetic);
    if line.starts_with(['#', ':', '|', '{']) || line.contains("{{") || line.contains("{%") {
        return line.to_string();
    }
    let mut words: Vec<&str> = line.split(' ').collect();
    let pairs: Vec<usize> = (0..words.len().saturating_sub(1)).filter(|&i| i > 0 && plain(words[i]) && plain(words[i + 1])).collect();
    if let Some(&at) = pairs.get(seed % pairs.len().max(1)) {
        words.swap(at, at + 1);
    }
    words.join(" ")
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
        let import = crate::import::import(&project, &[crate::import::ReviewedCopy::new(docx)], dir, crate::import::TrackChanges::Stop)?;
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

/// What editing the report in `baocao edit` costs: the medians of
/// `runs` edits of each kind, each from the file written to the changed
/// pages drawn, beside `watch`'s full rebuild of the PDF.
#[derive(Debug, Clone)]
pub struct EditMeasured {
    /// How many edits of each kind were timed.
    pub runs: usize,
    /// A word of a prose paragraph changed.
    pub prose: Duration,
    /// The pages a prose edit rendered anew (the last run's).
    pub prose_pages: Vec<usize>,
    /// A figure of the indicator table changed.
    pub figure: Duration,
    /// The pages a figure edit rendered anew (the last run's).
    pub figure_pages: Vec<usize>,
    /// The stages of the median prose edit.
    pub prose_stages: Timings,
    /// `watch`'s rebuild of the PDF after the same prose edit.
    pub rebuild: Duration,
    /// The bytes in use after the edits, the pages kept.
    pub memory: usize,
}

/// Times `runs` edits of each kind on a copy of the report in `dir` made
/// in `work`: a word of the first prose file's longest paragraph, then
/// the achieved figure of the first indicator that has one; each edit
/// written to disk, then the session refreshed as the editor does.
pub fn measure_edit(assets: &Assets, extra_fonts: Option<&Path>, dir: &Path, work: &Path, runs: usize) -> Result<EditMeasured> {
    let copy = work.join("edited");
    copy_folder(dir, &copy)?;
    let project = Project::open(assets.clone(), extra_fonts)?;
    let facts_path = copy.join(FACTS_FILE);
    let (facts, _) = Facts::parse(&facts_path, &text::read(&facts_path, &copy)?)?;
    let prose_path = copy.join(CONTENT_DIR).join(facts.content.first().cloned().unwrap_or_default());
    let prose = text::read(&prose_path, &copy)?;
    let longest = prose.lines().filter(|l| !l.starts_with('#') && !l.contains("{{")).max_by_key(|l| l.len()).unwrap_or("").to_string();
    let grid = crate::indicators::grid::Grid::read(&copy, facts.indicators_sheet.as_deref())?;
    let mut session = crate::edit::Session::new(project, &copy);
    let first = session.refresh();
    if let Some(error) = first.error {
        return Err(error);
    }
    let mut prose_times = Vec::new();
    let mut prose_pages = Vec::new();
    let mut stages = Vec::new();
    for run in 0..runs.max(1) {
        let word = if run % 2 == 0 { " nữa." } else { "." };
        let edited = prose.replacen(&longest, &format!("{}{word}", longest.trim_end_matches('.')), 1);
        let started = Instant::now();
        output::write_atomic(&prose_path, edited.as_bytes())?;
        let refresh = session.refresh();
        prose_times.push(started.elapsed());
        if let Some(error) = refresh.error {
            return Err(error);
        }
        prose_pages = refresh.changed;
        stages.push(refresh.timings);
    }
    output::write_atomic(&prose_path, prose.as_bytes())?;
    session.refresh();
    let mut figure_times = Vec::new();
    let mut figure_pages = Vec::new();
    if let Some(grid) = grid {
        let achieved = grid.keys().iter().position(|k| *k == Some("achieved"));
        let row = achieved.and_then(|a| grid.rows.iter().position(|r| r[a].chars().any(|c| c.is_ascii_digit())));
        if let (Some(column), Some(row)) = (achieved, row) {
            for run in 0..runs.max(1) {
                let mut edited = grid.clone();
                if run % 2 == 0 {
                    edited.rows[row][column] = bump(&grid.rows[row][column]);
                }
                let checked = edited.check(facts.settings.ratio_decimals);
                let indicators = checked.indicators.ok_or_else(|| Error::Internal("the grid's own figures do not check".into()))?;
                let started = Instant::now();
                let bytes = edited.bytes(&copy, facts.indicators_sheet.as_deref(), Some(&indicators), Some(facts.date), facts.settings.ratio_decimals)?;
                output::write_atomic(&edited.file.path, &bytes)?;
                let refresh = session.refresh();
                figure_times.push(started.elapsed());
                if let Some(error) = refresh.error {
                    return Err(error);
                }
                figure_pages = refresh.changed;
            }
        }
    }
    let memory = crate::memory::in_use();
    // watch's rebuild after the same prose edit: compose, lay out, PDF.
    let edited = prose.replacen(&longest, &format!("{} nữa.", longest.trim_end_matches('.')), 1);
    let mut rebuilds = Vec::new();
    for run in 0..runs.max(1) {
        let text = if run % 2 == 0 { &edited } else { &prose };
        output::write_atomic(&prose_path, text.as_bytes())?;
        let started = Instant::now();
        let booklet = Booklet::compose_with(session.project(), &copy, Options::default(), Strictness::Strict)?;
        booklet.write(session.project(), &work.join("out"), Format::Pdf)?;
        rebuilds.push(started.elapsed());
        typst::comemo::evict(10);
    }
    let median_run = {
        let mut order: Vec<usize> = (0..prose_times.len()).collect();
        order.sort_by_key(|i| prose_times[*i]);
        order[order.len() / 2]
    };
    Ok(EditMeasured {
        runs: prose_times.len(),
        prose: median(prose_times),
        prose_pages,
        figure: median(figure_times),
        figure_pages,
        prose_stages: stages.swap_remove(median_run),
        rebuild: median(rebuilds),
        memory,
    })
}

/// A Vietnamese number one unit larger in its last digit ("16.100" →
/// "16.101", "68,5" → "68,6").
fn bump(figure: &str) -> String {
    let mut chars: Vec<char> = figure.chars().collect();
    if let Some(last) = chars.iter().rposition(|c| c.is_ascii_digit()) {
        chars[last] = if chars[last] == '9' { '8' } else { char::from(chars[last] as u8 + 1) };
    }
    chars.into_iter().collect()
}
