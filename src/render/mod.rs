//! The writers. Each knows only the document model ([`crate::doc`]), never
//! the other writer: what the PDF says, the DOCX says.

pub mod docx;
pub mod pdf;
