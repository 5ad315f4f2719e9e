//! The document model: one neutral tree of the booklet that both writers
//! render, and the reader that builds it from the templates' Markdown.
//! It knows nothing of Typst or Word.

mod keep;
mod ladder;
mod markdown;
mod model;

pub use keep::{nonbreaking, pieces as keep_pieces};
pub use ladder::{LadderSlip, slips as ladder_slips};
pub use markdown::{DIRECTIVE_FENCE, MarkupError, parse};
pub use model::*;
