//! The parts of a DOCX package beside its body: the comments (with the
//! text each is on, found as the body was read), the core properties (who
//! made it and who saved it last) and the custom ones (what baocao's
//! anchors mean).

use std::collections::BTreeMap;

use roxmltree::{Document, Node};

use super::wordml::{is, w_attr};

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Who wrote it.
    pub author: String,
    /// When.
    pub date: String,
    /// Whether it is marked done.
    pub resolved: bool,
    /// What it says.
    pub text: String,
    /// The text it is on.
    pub commented: String,
    /// The heading of the section it is in.
    pub section: String,
}

/// Who made the document and who saved it last (`dc:creator`,
/// `cp:lastModifiedBy`), from docProps/core.xml.
pub(super) fn authors(xml: &Document<'_>) -> (String, String) {
    let field = |name: &str| xml.descendants().find(|n| n.tag_name().name() == name).and_then(|n| n.text()).unwrap_or_default().trim().to_string();
    (field("creator"), field("lastModifiedBy"))
}

/// The custom properties by name, from docProps/custom.xml.
pub(super) fn properties(xml: &Document<'_>) -> BTreeMap<String, String> {
    xml.descendants()
        .filter(|n| n.tag_name().name() == "property")
        .map(|property| {
            let value: String = property.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
            (property.attribute("name").unwrap_or_default().to_string(), value)
        })
        .collect()
}

/// The comments of word/comments.xml, marked done as
/// word/commentsExtended.xml (`extended`) says, each with the text it is
/// on and its section as the body gave them (`places`, by the comment's
/// id).
pub(super) fn comments(xml: &Document<'_>, extended: Option<&Document<'_>>, mut places: BTreeMap<String, (String, String)>) -> Vec<Comment> {
    let resolved = extended.map(resolved_paragraphs).unwrap_or_default();
    let mut comments = Vec::new();
    for comment in xml.root_element().children().filter(|n| is(n, "comment")) {
        let id = w_attr(comment, "id").unwrap_or_default().to_string();
        let paragraphs: Vec<Node> = comment.children().filter(|n| is(n, "p")).collect();
        let text = paragraphs.iter().map(|p| plain_text(*p)).collect::<Vec<_>>().join("\n");
        let done = paragraphs.last().and_then(|p| p.attributes().find(|a| a.name() == "paraId")).is_some_and(|a| resolved.contains(&a.value().to_string()));
        let (commented, section) = places.remove(&id).unwrap_or_default();
        comments.push(Comment {
            author: w_attr(comment, "author").unwrap_or_default().to_string(),
            date: w_attr(comment, "date").unwrap_or_default().to_string(),
            resolved: done,
            text,
            commented,
            section,
        });
    }
    comments
}

/// The paragraph ids of comments marked done (`w15:done="1"`).
fn resolved_paragraphs(xml: &Document<'_>) -> Vec<String> {
    xml.descendants()
        .filter(|n| n.tag_name().name() == "commentEx")
        .filter(|n| n.attributes().any(|a| a.name() == "done" && a.value() == "1"))
        .filter_map(|n| n.attributes().find(|a| a.name() == "paraId").map(|a| a.value().to_string()))
        .collect()
}

/// The text of a paragraph with no revisions to mind (a comment's).
fn plain_text(node: Node<'_, '_>) -> String {
    node.descendants().filter(|n| is(n, "t")).filter_map(|n| n.text()).collect()
}
