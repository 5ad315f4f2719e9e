//! WordprocessingML as the readers of a DOCX meet it: a part parsed with
//! care, its namespace, an element of it by name, an attribute of it.

use std::path::Path;

use roxmltree::{Document, Node};

use crate::error::{Error, Place, Result};
use crate::limits::MAX_XML_DEPTH;
use crate::t;

/// The WordprocessingML namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Whether `node` is the WordprocessingML element `name`.
pub fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// The WordprocessingML attribute `name` of `node`.
pub fn w_attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// Parses XML part `part` of the package `path`, refusing a DTD and
/// elements nested deeper than [`MAX_XML_DEPTH`] (the readers below
/// recurse into the tree).
pub fn parse<'a>(path: &Path, part: &str, text: &'a str) -> Result<Document<'a>> {
    let xml = Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 5_000_000, ..roxmltree::ParsingOptions::default() })
        .map_err(|e| malformed(path, part, crate::reason::xml(&e)))?;
    // Each node's depth from its parent's, in document order (parents
    // come first): no recursion on the way.
    let mut depths = vec![0usize; xml.descendants().map(|n| n.id().get_usize() + 1).max().unwrap_or(0)];
    for node in xml.descendants() {
        let depth = node.parent().map_or(0, |p| depths[p.id().get_usize()] + 1);
        depths[node.id().get_usize()] = depth;
        if depth > MAX_XML_DEPTH {
            return Err(malformed(path, part, t!("các phần tử XML lồng nhau sâu quá {MAX_XML_DEPTH} cấp", "elements nested more than {MAX_XML_DEPTH} levels deep")));
        }
    }
    Ok(xml)
}

/// Part `part` of the package `path` is damaged, for `reason`.
pub fn malformed(path: &Path, part: &str, reason: String) -> Error {
    Error::input(
        Place::within(path, part.to_string()),
        t!("phần {part} của tài liệu hỏng: {reason}", "part {part} of the document is damaged: {reason}"),
        Some(t!("mở bằng Word hoặc LibreOffice và lưu lại", "open it in Word or LibreOffice and save it again")),
    )
}
