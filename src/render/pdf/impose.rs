//! Imposition for saddle-stitch binding: the booklet's pages placed two-up,
//! centred on a standard sheet with the fold in its middle (A5 pages on A4
//! landscape, A4 pages on A3), in the order that folding the stacked sheets
//! gives back the page order. Typst places
//! each page of the booklet's PDF as a vector image, so nothing is
//! rasterised and the fonts stay embedded. The sheet design is
//! `templates/impose.typ`.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::{BookletWorld, Standard, compile_within_budget, export, typst_errors};
use crate::assets::Assets;
use crate::doc::Document;
use crate::error::Result;
use crate::fonts::FontLibrary;
use crate::style::Sheet;

/// The Typst file the imposition is compiled from.
const IMPOSE_FILE: &str = "/templates/impose.typ";

/// The sides of the sheets, in print order, each with its left and right
/// page (0 for a blank page): the page count padded to a multiple of four,
/// fronts and backs alternating. For 8 pages: 8|1, 2|7, 6|3, 4|5.
pub fn saddle_order(pages: usize) -> Vec<[usize; 2]> {
    let padded = pages.div_ceil(4).max(1) * 4;
    let shown = |p: usize| if p <= pages { p } else { 0 };
    let mut sides = Vec::with_capacity(padded / 2);
    for sheet in 0..padded / 4 {
        let outer = 2 * sheet;
        sides.push([shown(padded - outer), shown(outer + 1)]);
        sides.push([shown(outer + 2), shown(padded - outer - 1)]);
    }
    sides
}

#[derive(Serialize)]
struct Spec<'a> {
    page: Size,
    sheet: Size,
    marks: bool,
    sides: &'a [[usize; 2]],
}

/// How far crop marks reach beyond the trimmed pages, on each side, in
/// millimetres: `templates/impose.typ` draws them 2 mm out, 6 mm long.
pub const CROP_MARK_ROOM: f64 = 10.0;

#[derive(Serialize)]
struct Size {
    width: f64,
    height: f64,
}

/// The imposed PDF of `booklet_pdf` (the booklet `doc` with `pages` pages)
/// on `sheet`, with crop marks if asked.
#[allow(clippy::too_many_arguments)]
pub fn impose(
    booklet_pdf: Vec<u8>,
    pages: usize,
    doc: &Document,
    fonts: &Arc<FontLibrary>,
    assets: &Assets,
    report_dir: &Path,
    sheet: &Sheet,
    crop_marks: bool,
) -> Result<Vec<u8>> {
    let sides = saddle_order(pages);
    let spec = Spec {
        page: Size { width: doc.meta.page.width, height: doc.meta.page.height },
        sheet: Size { width: sheet.width, height: sheet.height },
        marks: crop_marks,
        sides: &sides,
    };
    let json = serde_json::to_vec(&spec).expect("the imposition serialises");
    let generated = vec![("/booklet.pdf", booklet_pdf), ("/impose.json", json)];
    let world = BookletWorld::new(Arc::clone(fonts), assets.clone(), report_dir, IMPOSE_FILE, generated, doc.meta.date);
    let (world, compiled) = compile_within_budget(world)?;
    let sheets = compiled.output.map_err(|errors| typst_errors(&world, &errors))?;
    export(&sheets, &world, doc, Standard::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_stand_in_booklet_order() {
        assert_eq!(saddle_order(8), [[8, 1], [2, 7], [6, 3], [4, 5]]);
        assert_eq!(saddle_order(4), [[4, 1], [2, 3]]);
        // 6 pages are padded to 8 with two blank pages at the end.
        assert_eq!(saddle_order(6), [[0, 1], [2, 0], [6, 3], [4, 5]]);
        assert_eq!(saddle_order(1), [[0, 1], [0, 0]]);
        let sides = saddle_order(25);
        assert_eq!(sides.len(), 2 * 7, "ceil(25 / 4) = 7 sheets, two sides each");
        let mut all: Vec<usize> = sides.iter().flatten().copied().filter(|p| *p > 0).collect();
        all.sort();
        assert_eq!(all, (1..=25).collect::<Vec<_>>(), "every page once");
    }
}
