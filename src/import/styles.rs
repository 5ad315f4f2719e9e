//! What a DOCX's styles.xml says of each paragraph style, for the
//! reader ([`super::read`]): its name, outline level, numbering, the style
//! it is based on; and the same properties read on a paragraph.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::wordml::{is, w_attr};

/// What styles.xml says of each paragraph style: its name, outline level,
/// numbering, and the style it is based on.
#[derive(Debug, Default)]
pub(super) struct Styles {
    /// Each style's name, by its id.
    pub names: HashMap<String, String>,
    /// Each style's outline level, by its id (on the style itself).
    pub outline: HashMap<String, u8>,
    /// Each style's number instance and level, by its id.
    pub numbering: HashMap<String, (String, u8)>,
    based_on: HashMap<String, String>,
}

impl Styles {
    /// What styles.xml `xml` says.
    pub fn read(xml: &Document<'_>) -> Styles {
        let mut styles = Styles::default();
        for style in xml.root_element().children().filter(|n| is(n, "style")) {
            let Some(id) = w_attr(style, "styleId") else { continue };
            let id = id.to_string();
            if let Some(name) = style.children().find(|n| is(n, "name")).and_then(|n| w_attr(n, "val")) {
                styles.names.insert(id.clone(), name.to_string());
            }
            if let Some(base) = style.children().find(|n| is(n, "basedOn")).and_then(|n| w_attr(n, "val")) {
                styles.based_on.insert(id.clone(), base.to_string());
            }
            if let Some(properties) = style.children().find(|n| is(n, "pPr")) {
                if let Some(level) = outline_level(properties) {
                    styles.outline.insert(id.clone(), level);
                }
                if let Some(num) = numbering_of(properties) {
                    styles.numbering.insert(id.clone(), num);
                }
            }
        }
        styles
    }

    /// A property of style `id` or of the styles it is based on.
    pub fn inherited<T: Clone>(&self, id: &str, map: &HashMap<String, T>) -> Option<T> {
        let mut id = id.to_string();
        for _ in 0..10 {
            if let Some(value) = map.get(&id) {
                return Some(value.clone());
            }
            id = self.based_on.get(&id)?.clone();
        }
        None
    }

    /// Each style's own number instance, for numbering linked to a style.
    pub fn number_instances(&self) -> HashMap<String, String> {
        self.numbering.iter().map(|(style, (num, _))| (style.clone(), num.clone())).collect()
    }
}

/// The outline level in paragraph properties `properties`.
pub(super) fn outline_level(properties: Node<'_, '_>) -> Option<u8> {
    properties.children().find(|n| is(n, "outlineLvl")).and_then(|n| w_attr(n, "val")).and_then(|v| v.parse().ok()).filter(|l| *l < 9)
}

/// The number instance and level in paragraph properties `properties`.
pub(super) fn numbering_of(properties: Node<'_, '_>) -> Option<(String, u8)> {
    let num = properties.children().find(|n| is(n, "numPr"))?;
    let id = num.children().find(|n| is(n, "numId")).and_then(|n| w_attr(n, "val"))?.to_string();
    let level = num.children().find(|n| is(n, "ilvl")).and_then(|n| w_attr(n, "val")).and_then(|v| v.parse().ok()).unwrap_or(0);
    Some((id, level))
}

