//! A small XML tree for the WordprocessingML parts docx-rs writes, to edit
//! them and to put every element's children in the order the ECMA-376
//! schema prescribes.
//!
//! docx-rs writes, for instance, `w:rPr` first inside `w:pPr`, `w:ilvl`
//! after `w:numId`, header references after the page size and a second
//! "Normal" style. LibreOffice reads such files, but Word validates the
//! sequences and offers to "recover" the document. [`Element::canonicalize`]
//! sorts the children of each element the schema constrains, and refuses an
//! element it does not know in one of those places rather than guess.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::{Error, Result};
use crate::limits::MAX_XML_DEPTH;
use crate::t;

/// One XML part: its declaration and its root element.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    root: Element,
}

/// An element. Attribute values and text are kept escaped, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The qualified name, e.g. `w:pPr`.
    pub name: String,
    /// Attributes in their order, values escaped.
    pub attributes: Vec<(String, String)>,
    /// Child elements and text.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data, escaped.
    Text(String),
}

impl Part {
    /// Reads a part; one whose elements nest deeper than
    /// [`MAX_XML_DEPTH`] is refused (the tree is walked recursively).
    pub fn parse(xml: &[u8]) -> Result<Part> {
        let mut reader = Reader::from_reader(xml);
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        loop {
            let event = reader.read_event().map_err(|e| Error::Docx(t!("XML sai cú pháp ở byte {} ({e})", "malformed XML at byte {} ({e})", reader.error_position())))?;
            match event {
                Event::Start(start) => {
                    if stack.len() >= MAX_XML_DEPTH {
                        return Err(Error::Docx(t!("các phần tử XML lồng nhau sâu quá {MAX_XML_DEPTH} cấp", "elements nested more than {MAX_XML_DEPTH} levels deep")));
                    }
                    stack.push(element(&start)?);
                }
                Event::Empty(start) => attach(&mut stack, &mut root, element(&start)?),
                Event::End(_) => {
                    let done = stack.pop().ok_or_else(|| Error::Docx("unbalanced XML".into()))?;
                    attach(&mut stack, &mut root, done);
                }
                Event::Text(text) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text(String::from_utf8_lossy(&text).into_owned()));
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Node::Text(format!("&{};", String::from_utf8_lossy(&r))));
                    }
                }
                Event::Eof => break,
                _ => {} // declaration, comments, processing instructions
            }
        }
        root.map(|root| Part { root }).ok_or_else(|| Error::Docx("an empty XML part".into()))
    }

    /// The root element.
    pub fn root(&mut self) -> &mut Element {
        &mut self.root
    }

    /// The part as bytes, with an XML declaration.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        self.root.write(&mut out);
        out.into_bytes()
    }
}

fn element(start: &BytesStart<'_>) -> Result<Element> {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| Error::Docx(format!("XML attribute written by docx-rs: {e}")))?;
        attributes.push((
            String::from_utf8_lossy(attribute.key.as_ref()).into_owned(),
            String::from_utf8_lossy(&attribute.value).into_owned(),
        ));
    }
    Ok(Element { name, attributes, children: Vec::new() })
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, done: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(done)),
        None => *root = Some(done),
    }
}

impl Element {
    /// A new element without attributes or children.
    pub fn new(name: &str) -> Element {
        Element { name: name.into(), attributes: Vec::new(), children: Vec::new() }
    }

    /// This element with attribute `key` set to the (unescaped-safe) `value`.
    pub fn with(mut self, key: &str, value: &str) -> Element {
        self.attributes.push((key.into(), value.into()));
        self
    }

    /// The name without its prefix.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The first child element named `local`, created at the end when missing.
    pub fn child(&mut self, local: &str) -> &mut Element {
        let index = self.children.iter().position(|n| matches!(n, Node::Element(e) if e.local() == local));
        let index = index.unwrap_or_else(|| {
            self.children.push(Node::Element(Element::new(&format!("w:{local}"))));
            self.children.len() - 1
        });
        match &mut self.children[index] {
            Node::Element(e) => e,
            Node::Text(_) => unreachable!("index of an element"),
        }
    }

    /// Keeps only the child elements for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&Element) -> bool) {
        self.children.retain(|n| match n {
            Node::Element(e) => keep(e),
            Node::Text(_) => true,
        });
    }

    /// Applies `edit` to this element and every element below it.
    pub fn walk(&mut self, edit: &mut impl FnMut(&mut Element)) {
        edit(self);
        for child in &mut self.children {
            if let Node::Element(e) = child {
                e.walk(edit);
            }
        }
    }

    /// Sorts the children of this element and of every element below it
    /// into schema order.
    pub fn canonicalize(&mut self) -> Result<()> {
        if let Some((order, strict)) = schema_order(self.local()) {
            let body = self.local() == "body";
            let mut keyed = Vec::with_capacity(self.children.len());
            for node in std::mem::take(&mut self.children) {
                let rank = match &node {
                    // The body's content keeps its order; only its closing
                    // section properties move.
                    Node::Element(e) if body => usize::from(e.local() == "sectPr"),
                    Node::Element(e) => match order.iter().position(|n| *n == e.local()) {
                        Some(rank) => rank,
                        None if strict => {
                            return Err(Error::Docx(format!(
                                "{} inside {} is not in the schema order table",
                                e.name, self.name
                            )));
                        }
                        None => order.len(),
                    },
                    Node::Text(_) => order.len(),
                };
                keyed.push((rank, node));
            }
            keyed.sort_by_key(|(rank, _)| *rank); // stable: equal ranks keep their order
            self.children = keyed.into_iter().map(|(_, n)| n).collect();
        }
        for child in &mut self.children {
            if let Node::Element(e) = child {
                e.canonicalize()?;
            }
        }
        Ok(())
    }

    fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (key, value) in &self.attributes {
            out.push_str(&format!(r#" {key}="{value}""#));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Element(e) => e.write(out),
                Node::Text(t) => out.push_str(t),
            }
        }
        out.push_str(&format!("</{}>", self.name));
    }
}

/// The order of the children of element `local` (a WordprocessingML local
/// name), and whether a child outside the list is an error. Names that share
/// a place in a choice share a rank by standing next to each other in order
/// of appearance.
fn schema_order(local: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match local {
        // CT_PPr: CT_PPrBase, then the paragraph mark's run properties.
        "pPr" => (
            &[
                "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
                "sectPr", "pPrChange",
            ],
            true,
        ),
        // CT_RPr (EG_RPrBase).
        "rPr" => (
            &[
                "ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
                "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof",
                "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
                "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
                "eastAsianLayout", "specVanish", "oMath", "rPrChange",
            ],
            true,
        ),
        "style" => (
            &[
                "name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
                "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid",
                "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr",
            ],
            true,
        ),
        "sectPr" => (
            &[
                "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
            ],
            true,
        ),
        "tblPr" => (
            &[
                "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription", "tblPrChange",
            ],
            true,
        ),
        "tcPr" => (
            &[
                "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
                "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
                "tcPrChange",
            ],
            true,
        ),
        "numPr" => (&["ilvl", "numId", "numberingChange", "ins"], true),
        "pBdr" => (&["top", "left", "bottom", "right", "between", "bar"], true),
        "tblBorders" => (&["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"], true),
        "tcBorders" => (
            &["top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br", "tr2bl"],
            true,
        ),
        "docDefaults" => (&["rPrDefault", "pPrDefault"], true),
        "styles" => (&["docDefaults", "latentStyles", "style"], true),
        "settings" => (
            &[
                "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
                "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
                "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
                "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting",
                "bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing",
                "drawingGridVerticalSpacing", "displayHorizontalDrawingGridEvery",
                "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
                "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData",
                "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
                "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema",
                "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml",
                "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
                "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr",
                "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
                "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                "decimalSymbol", "listSeparator",
            ],
            false,
        ),
        // Containers whose properties come first (or, for the body, whose
        // section properties come last); their content is free.
        "p" => (&["pPr"], false),
        "r" => (&["rPr"], false),
        "tbl" => (&["tblPr", "tblGrid"], false),
        "tr" => (&["tblPrEx", "trPr"], false),
        "tc" => (&["tcPr"], false),
        // The body's content is free; its section properties come last.
        "body" => (&["sectPr"], false),
        _ => return None,
    })
}
/// `text` escaped for XML character data and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_metadata_is_escaped() {
        assert_eq!(xml_escape(r#"<w:t>&"'</w:t>"#), "&lt;w:t&gt;&amp;&quot;&apos;&lt;/w:t&gt;");
    }
}
