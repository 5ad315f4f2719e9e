//! The document's metadata, from the report's facts and the build's
//! options: what the PDF's and the DOCX's properties say, the paper, the
//! house style, the running title.

use std::path::Path;

use super::{Options, Project};
use crate::doc::Meta;
use crate::error::{Place, Result};
use crate::report::Report;
use crate::{style, t};

/// The document metadata from the report's facts and the build's options.
pub(super) fn meta(project: &Project, report: &Report, options: &Options) -> Result<Meta> {
    let f = &report.facts;
    let formats = style::formats(&project.assets, Some(&report.dir))?;
    let style = style::house_style(&project.assets, Some(&report.dir))?;
    let page = match &options.paper {
        Some(paper) => formats.get(paper, &Place::file(Path::new(&t!("dòng lệnh (--paper)", "the command line (--paper)")))),
        None => formats.get(&f.settings.paper, &report.place_of("settings.paper")),
    }?
    .clone();
    Ok(Meta {
        title: metadata(&f.title.text),
        author: metadata(&f.issuing_body),
        subject: metadata(&f.audience.as_ref().map(|a| format!("{} {}", f.title, a)).unwrap_or_else(|| f.title.text.clone())),
        keywords: vec![metadata(&f.parent_body), f.year.to_string(), f.plan_year.to_string()],
        date: f.date,
        lang: "vi".into(),
        short_title: running_title(f.short_title.as_deref(), &style.header, f.year, f.plan_year),
        page,
        duplex: options.duplex.unwrap_or(f.settings.duplex),
        style,
        draft: false,
    })
}

/// The longest running title, in characters: one line of the header.
const MAX_RUNNING_TITLE: usize = 70;

/// The running header's title: the report's `short_title`, else the house
/// style's for its years (`header`); cut to one line.
fn running_title(short_title: Option<&str>, header: &style::RunningHeader, year: i32, plan_year: i32) -> String {
    let title = short_title.map_or_else(|| header.default_title(year, plan_year), str::to_string);
    match title.char_indices().nth(MAX_RUNNING_TITLE) {
        Some((end, _)) => format!("{}…", title[..end].trim_end()),
        None => title,
    }
}

/// The longest metadata string kept, in characters: PDF/A allows strings
/// of at most 32 767 bytes, and no real title comes near.
const MAX_METADATA: usize = 1000;

/// `text` as a metadata string: cut at [`MAX_METADATA`] characters with an
/// ellipsis. The booklet's own text is never cut.
fn metadata(text: &str) -> String {
    match text.char_indices().nth(MAX_METADATA) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
