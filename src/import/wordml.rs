//! WordprocessingML as the readers of a DOCX meet it: its namespace, an
//! element of it by name, an attribute of it.

use roxmltree::Node;

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
