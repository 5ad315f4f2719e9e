//! Where a build's time goes, stage by stage: what `baocao bench` reports
//! and `baocao build --timings` prints.

use std::time::{Duration, Instant};

/// A stage of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Opening the project: templates folder, paper formats, fonts.
    Fonts,
    /// Reading the report folder: facts, indicator table, computations,
    /// text inspection.
    Load,
    /// The minijinja templates, to booklet Markdown.
    Templates,
    /// The Markdown to the document model, with the font coverage check.
    Document,
    /// Typst: compiling the page design with the document into pages.
    Layout,
    /// Typst: exporting the pages as PDF.
    Pdf,
    /// The editor's preview: the changed pages drawn (as SVG where they
    /// cannot be).
    Svg,
    /// The DOCX writer.
    Docx,
    /// The web page writer.
    Html,
    /// Writing the files.
    Write,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] =
        [Stage::Fonts, Stage::Load, Stage::Templates, Stage::Document, Stage::Layout, Stage::Pdf, Stage::Svg, Stage::Docx, Stage::Html, Stage::Write];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Fonts => "fonts",
            Stage::Load => "load",
            Stage::Templates => "templates",
            Stage::Document => "document",
            Stage::Layout => "layout",
            Stage::Pdf => "pdf",
            Stage::Svg => "draw",
            Stage::Docx => "docx",
            Stage::Html => "html",
            Stage::Write => "write",
        }
    }
}

/// The time each stage took.
#[derive(Debug, Clone, Default)]
pub struct Timings(Vec<(Stage, Duration)>);

impl Timings {
    /// Runs `f` as `stage`, adding its time.
    pub fn time<T>(&mut self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = f();
        self.0.push((stage, started.elapsed()));
        value
    }

    /// The time spent in `stage`.
    pub fn get(&self, stage: Stage) -> Duration {
        self.0.iter().filter(|(s, _)| *s == stage).map(|(_, d)| *d).sum()
    }

    /// The time of every stage together.
    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
    }

    /// These timings followed by `other`'s.
    pub fn merged(&self, other: &Timings) -> Timings {
        Timings(self.0.iter().chain(&other.0).copied().collect())
    }

    /// One line: each stage that ran with its milliseconds.
    pub fn line(&self) -> String {
        Stage::ALL
            .iter()
            .filter(|s| self.0.iter().any(|(t, _)| t == *s))
            .map(|s| format!("{} {:.1} ms", s.name(), self.get(*s).as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_add_up() {
        let mut timings = Timings::default();
        let value = timings.time(Stage::Load, || {
            std::thread::sleep(Duration::from_millis(2));
            7
        });
        timings.time(Stage::Load, || std::thread::sleep(Duration::from_millis(1)));
        timings.time(Stage::Pdf, || ());
        assert_eq!(value, 7);
        assert!(timings.get(Stage::Load) >= Duration::from_millis(3));
        assert_eq!(timings.total(), timings.get(Stage::Load) + timings.get(Stage::Pdf));
        assert!(timings.line().starts_with("load "));
        assert!(timings.line().contains(", pdf "));
        assert!(!timings.line().contains("docx"));
    }
}
