//! What an anchored figure is: the label the templates give a printed
//! value, written into the booklet (and, through the anchors, into the
//! DOCX) and read back by the import and the editor. One type, written
//! and read here only:
//!
//! - `viec_lam_moi.achieved`: a value of an indicator, a cell of the table
//!   when the column is one of the figures a person types
//!   ([`Label::cell`]);
//! - `viec_lam_moi|achievement`: a phrase a filter makes of an indicator
//!   ("đạt 70% kế hoạch"), with the filter's arguments when it has any;
//! - `summaries.main.met`: a count of the summaries block.

use std::fmt;
use std::str::FromStr;

use super::columns;

/// What an anchored text is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Label {
    /// A value of indicator `id`: a column of the table (`achieved`) or a
    /// value worked out from it (`ratio`).
    Figure {
        /// The indicator's id.
        id: String,
        /// The value's name.
        field: String,
    },
    /// The phrase filter `filter` (with its arguments) makes of indicator
    /// `id`.
    Phrase {
        /// The indicator's id.
        id: String,
        /// The filter, with its arguments (`achievement(basis=false)`).
        filter: String,
    },
    /// Count `name` of the summaries block `key`.
    Summary {
        /// The block's key (`main`).
        key: String,
        /// The count's name (`met`).
        name: String,
    },
}

impl Label {
    /// The cell of the indicator table the text is, when it is one a
    /// person types (a figure column: `target`, `achieved`, `previous`,
    /// `next_target`): the indicator's id and the column's key.
    pub fn cell(&self) -> Option<(&str, &'static str)> {
        match self {
            Label::Figure { id, field } => columns::printed_figure(field).map(|key| (id.as_str(), key)),
            _ => None,
        }
    }

    /// The indicator the text comes from, when one does.
    pub fn indicator(&self) -> Option<&str> {
        match self {
            Label::Figure { id, .. } | Label::Phrase { id, .. } => Some(id),
            Label::Summary { .. } => None,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Label::Figure { id, field } => write!(f, "{id}.{field}"),
            Label::Phrase { id, filter } => write!(f, "{id}|{filter}"),
            Label::Summary { key, name } => write!(f, "{SUMMARIES}.{key}.{name}"),
        }
    }
}

/// The first part of a summary count's label.
const SUMMARIES: &str = "summaries";

/// A label that does not read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotALabel;

impl FromStr for Label {
    type Err = NotALabel;

    fn from_str(text: &str) -> Result<Label, NotALabel> {
        if let Some((id, filter)) = text.split_once('|') {
            return (!id.is_empty() && !filter.is_empty()).then(|| Label::Phrase { id: id.into(), filter: filter.into() }).ok_or(NotALabel);
        }
        match text.split_once('.') {
            Some((SUMMARIES, rest)) => match rest.split_once('.') {
                Some((key, name)) if !key.is_empty() && !name.is_empty() => Ok(Label::Summary { key: key.into(), name: name.into() }),
                _ => Err(NotALabel),
            },
            Some((id, field)) if !id.is_empty() && !field.is_empty() => Ok(Label::Figure { id: id.into(), field: field.into() }),
            _ => Err(NotALabel),
        }
    }
}

/// The cell a plain template expression prints (`{{ ind.viec_lam_moi.achieved }}`):
/// the indicator's id and the figure column's key. An expression that
/// computes (`| achievement`, `.ratio`) names no cell.
pub fn cell_of_expression(expression: &str) -> Option<(String, &'static str)> {
    let inner = expression.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let label: Label = inner.strip_prefix("ind.")?.parse().ok()?;
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let (id, key) = label.cell()?;
    plain(id).then(|| (id.to_string(), key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_label_reads_back_as_written() {
        for text in ["viec_lam_moi.achieved", "viec_lam_moi.ratio", "viec_lam_moi|achievement", "x|achievement(basis=false)", "summaries.main.met"] {
            let label: Label = text.parse().unwrap();
            assert_eq!(label.to_string(), text);
        }
        assert_eq!("viec_lam_moi.achieved".parse::<Label>().unwrap().cell(), Some(("viec_lam_moi", "achieved")));
        assert_eq!("viec_lam_moi.ratio".parse::<Label>().unwrap().cell(), None);
        assert_eq!("x|achievement".parse::<Label>().unwrap().cell(), None);
        for bad in ["", "x", ".achieved", "x.", "|f", "summaries.main"] {
            assert_eq!(bad.parse::<Label>(), Err(NotALabel), "{bad}");
        }
    }

    #[test]
    fn plain_figure_expressions_name_their_cell() {
        assert_eq!(cell_of_expression("{{ ind.viec_lam_moi.achieved }}"), Some(("viec_lam_moi".into(), "achieved")));
        assert_eq!(cell_of_expression("{{ ind.x.ratio }}"), None);
        assert_eq!(cell_of_expression("{{ ind.x | achievement }}"), None);
    }
}
