//! What the DOCX records of where it came from: the names of the
//! booklet's source files and a digest of what it was built from, taken
//! from the files as they were read for this build (never read again).

use super::Booklet;
use crate::error::{Error, Result};

impl Booklet {
    /// The names of the booklet's source files, by their index in the
    /// source map: relative to the report folder where they are in it.
    pub(super) fn source_names(&self) -> Vec<String> {
        self.sources
            .files()
            .iter()
            .map(|f| f.path.strip_prefix(&self.report.dir).unwrap_or(&f.path).to_string_lossy().replace('\\', "/"))
            .collect()
    }

    /// The SHA-256 of what the booklet was built from, as it was read: the
    /// facts of report.yaml (its comments are no part of the booklet, so a
    /// comment changed changes no byte of the DOCX), the indicator table's
    /// cells, and the text of every prose file and template, each with its
    /// name, in a fixed order.
    pub(super) fn digest(&self) -> Result<String> {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        let mut part = |name: &str, bytes: &[u8]| {
            hash.update(name.as_bytes());
            hash.update([0]);
            hash.update((bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        };
        part(crate::report::FACTS_FILE, &serde_json::to_vec(&self.report.facts).map_err(|e| Error::Internal(e.to_string()))?);
        part("indicators", self.report.table_digest.as_bytes());
        for (name, file) in self.source_names().iter().zip(self.sources.files()) {
            part(name, file.text.as_bytes());
        }
        Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }
}
