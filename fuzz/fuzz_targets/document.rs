//! The template-to-document step: any booklet Markdown (what the templates
//! give) becomes a document or a located error, never a panic; a document
//! passes the font check and the DOCX writer, which gives a zip.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../checks/document.rs");
