//! A page as drawing instructions for the editor's canvas: the text as
//! glyphs placed by number, the rules and boxes as paths. The outline of
//! each glyph is sent once, in font units, and shared by every page and
//! every size that uses it ([`Glyphs`]), so a page of text is a few dozen
//! kilobytes of positions instead of an SVG image repeating its outlines,
//! and the browser draws it in a few milliseconds. What the instructions
//! cannot say (an image, a gradient, a colour glyph, stroked text) leaves
//! the page to its SVG, made by typst-svg.
//!
//! The instructions are JSON arrays, positions in points from the top left:
//! `["t", x, y, scale, fill, [glyph, dx, dy, …]]` a run of text (each glyph
//! drawn at `x + dx`, `y + dy`, its outline scaled by `scale` and turned
//! right side up), `["s", x, y, path, fill, rule, stroke, thickness, cap,
//! join, dash, phase, miter]` a shape (SVG path data; no fill or no
//! stroke as null), `["g", x, y, [a, b, c, d, e, f], clip, [items]]` a
//! group under a transform and an optional clip path.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Mutex;

use typst::layout::{Frame, FrameItem, GroupItem, Point, Transform};
use typst::text::TextItem;
use typst::visualize::{Curve, CurveItem, FillRule, FixedStroke, Geometry, LineCap, LineJoin, Paint, Shape};

/// The glyph outlines sent to the page, each once: numbered in the order
/// first drawn, for as long as the editor runs (a booklet's fonts hold a
/// few hundred glyphs it uses).
#[derive(Debug, Default)]
pub struct Glyphs {
    numbers: HashMap<u128, Option<u32>>,
    outlines: Vec<String>,
}

impl Glyphs {
    /// The outlines from number `from` on, as SVG path data in font units
    /// (y up).
    pub fn outlines_from(&self, from: usize) -> &[String] {
        self.outlines.get(from..).unwrap_or_default()
    }

    /// How many outlines there are.
    pub fn len(&self) -> usize {
        self.outlines.len()
    }

    /// Whether there are none yet.
    pub fn is_empty(&self) -> bool {
        self.outlines.is_empty()
    }

    /// The number of `glyph` of the font of `text`; `None` for a glyph
    /// with no outline (a space), an error for one that is not drawn by its
    /// outline (a colour glyph).
    fn number(&mut self, text: &TextItem, glyph: u16) -> Result<Option<u32>, Unsupported> {
        let key = typst::utils::hash128(&(&text.font, glyph));
        if let Some(number) = self.numbers.get(&key) {
            return Ok(*number);
        }
        let id = ttf_parser::GlyphId(glyph);
        if !typst::text::color::should_outline(&text.font, id) {
            return Err(Unsupported);
        }
        let mut path = PathData::default();
        let number = match text.font.ttf().outline_glyph(id, &mut path) {
            Some(_) if !path.0.is_empty() => {
                self.outlines.push(path.0);
                Some(u32::try_from(self.outlines.len() - 1).map_err(|_| Unsupported)?)
            }
            _ => None,
        };
        self.numbers.insert(key, number);
        Ok(number)
    }
}

/// Something the instructions cannot draw.
#[derive(Debug)]
struct Unsupported;

/// The drawing of `page`: its size, background and instructions, with the
/// number of glyph outlines it needs; `None` when the page holds what the
/// instructions cannot draw.
pub fn drawing(page: &typst_layout::Page, glyphs: &Mutex<Glyphs>) -> Option<String> {
    let size = page.frame.size();
    let background = match page.fill_or_white() {
        Some(paint) => color(&paint).ok()?,
        None => "null".to_string(),
    };
    let mut items = String::with_capacity(64 * 1024);
    let needed = {
        let mut glyphs = glyphs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        frame(&mut items, &page.frame, &mut glyphs).ok()?;
        glyphs.len()
    };
    let mut out = String::with_capacity(items.len() + 96);
    out.push_str("{\"w\":");
    num(&mut out, size.x.to_pt());
    out.push_str(",\"h\":");
    num(&mut out, size.y.to_pt());
    let _ = write!(out, ",\"bg\":{background},\"glyphs\":{needed},\"items\":[{items}]}}");
    Some(out)
}

/// Writes the items of `frame`, separated by commas.
fn frame(out: &mut String, frame: &Frame, glyphs: &mut Glyphs) -> Result<(), Unsupported> {
    let mut first = true;
    for (at, item) in frame.items() {
        let start = out.len();
        if !first {
            out.push(',');
        }
        let wrote = match item {
            FrameItem::Group(group) => self::group(out, *at, group, glyphs).map(|()| true),
            FrameItem::Text(text) => self::text(out, *at, text, glyphs),
            FrameItem::Shape(shape, _) => self::shape(out, *at, shape).map(|()| true),
            FrameItem::Image(..) => Err(Unsupported),
            FrameItem::Link(..) | FrameItem::Tag(_) => Ok(false),
        }?;
        if wrote {
            first = false;
        } else {
            out.truncate(start);
        }
    }
    Ok(())
}

fn group(out: &mut String, at: Point, group: &GroupItem, glyphs: &mut Glyphs) -> Result<(), Unsupported> {
    out.push_str("[\"g\",");
    point(out, at);
    out.push(',');
    transform(out, group.transform);
    out.push(',');
    match &group.clip {
        Some(clip) => {
            out.push('"');
            curve(out, clip);
            out.push('"');
        }
        None => out.push_str("null"),
    }
    out.push_str(",[");
    frame(out, &group.frame, glyphs)?;
    out.push_str("]]");
    Ok(())
}

/// Writes a run of text; `false` when it has no glyph to draw.
fn text(out: &mut String, at: Point, text: &TextItem, glyphs: &mut Glyphs) -> Result<bool, Unsupported> {
    if text.stroke.is_some() {
        return Err(Unsupported);
    }
    let fill = color(&text.fill)?;
    let mut placed = String::with_capacity(text.glyphs.len() * 12);
    let (mut x, mut y) = (0.0, 0.0);
    for glyph in &text.glyphs {
        if let Some(number) = glyphs.number(text, glyph.id)? {
            if !placed.is_empty() {
                placed.push(',');
            }
            let _ = write!(placed, "{number},");
            num(&mut placed, x + glyph.x_offset.at(text.size).to_pt());
            placed.push(',');
            num(&mut placed, -(y + glyph.y_offset.at(text.size).to_pt()));
        }
        x += glyph.x_advance.at(text.size).to_pt();
        y += glyph.y_advance.at(text.size).to_pt();
    }
    if placed.is_empty() {
        return Ok(false);
    }
    out.push_str("[\"t\",");
    point(out, at);
    out.push(',');
    num_precise(out, text.size.to_pt() / text.font.units_per_em());
    let _ = write!(out, ",{fill},[{placed}]]");
    Ok(true)
}

fn shape(out: &mut String, at: Point, shape: &Shape) -> Result<(), Unsupported> {
    out.push_str("[\"s\",");
    point(out, at);
    out.push_str(",\"");
    match &shape.geometry {
        Geometry::Line(to) => {
            out.push_str("M0 0L");
            point_plain(out, *to);
        }
        Geometry::Rect(size) => {
            out.push_str("M0 0H");
            num(out, size.x.to_pt());
            out.push('V');
            num(out, size.y.to_pt());
            out.push_str("H0Z");
        }
        Geometry::Curve(path) => curve(out, path),
    }
    out.push_str("\",");
    match &shape.fill {
        Some(paint) => out.push_str(&color(paint)?),
        None => out.push_str("null"),
    }
    out.push_str(if shape.fill_rule == FillRule::EvenOdd { ",\"evenodd\"," } else { ",\"nonzero\"," });
    match &shape.stroke {
        Some(line) => stroke(out, line)?,
        None => out.push_str("null,0,null,null,null,0,0"),
    }
    out.push(']');
    Ok(())
}

/// A stroke's paint, thickness, cap, join, dash array and phase, and miter
/// limit.
fn stroke(out: &mut String, line: &FixedStroke) -> Result<(), Unsupported> {
    out.push_str(&color(&line.paint)?);
    out.push(',');
    num(out, line.thickness.to_pt());
    out.push_str(match line.cap {
        LineCap::Butt => ",\"butt\"",
        LineCap::Round => ",\"round\"",
        LineCap::Square => ",\"square\"",
    });
    out.push_str(match line.join {
        LineJoin::Miter => ",\"miter\",",
        LineJoin::Round => ",\"round\",",
        LineJoin::Bevel => ",\"bevel\",",
    });
    match &line.dash {
        Some(dash) => {
            out.push('[');
            for (i, length) in dash.array.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                num(out, length.to_pt());
            }
            out.push_str("],");
            num(out, dash.phase.to_pt());
        }
        None => out.push_str("null,0"),
    }
    out.push(',');
    num(out, line.miter_limit.get());
    Ok(())
}

/// SVG path data of `path`.
fn curve(out: &mut String, path: &Curve) {
    for item in path.0.iter() {
        match item {
            CurveItem::Move(to) => {
                out.push('M');
                point_plain(out, *to);
            }
            CurveItem::Line(to) => {
                out.push('L');
                point_plain(out, *to);
            }
            CurveItem::Cubic(a, b, to) => {
                out.push('C');
                point_plain(out, *a);
                out.push(' ');
                point_plain(out, *b);
                out.push(' ');
                point_plain(out, *to);
            }
            CurveItem::Close => out.push('Z'),
        }
    }
}

/// A solid colour as a JSON string; other paints are not drawn here.
fn color(paint: &Paint) -> Result<String, Unsupported> {
    match paint {
        Paint::Solid(color) => Ok(format!("\"{}\"", color.to_hex())),
        _ => Err(Unsupported),
    }
}

fn transform(out: &mut String, t: Transform) {
    out.push('[');
    for (i, value) in [t.sx.get(), t.ky.get(), t.kx.get(), t.sy.get()].into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        num_precise(out, value);
    }
    out.push(',');
    num(out, t.tx.to_pt());
    out.push(',');
    num(out, t.ty.to_pt());
    out.push(']');
}

/// `x,y` of `at`, in points.
fn point(out: &mut String, at: Point) {
    num(out, at.x.to_pt());
    out.push(',');
    num(out, at.y.to_pt());
}

/// `x y` of `at`, in points, for path data.
fn point_plain(out: &mut String, at: Point) {
    num(out, at.x.to_pt());
    out.push(' ');
    num(out, at.y.to_pt());
}

/// A length in points to a hundredth of a point (a 300th of an inch,
/// below a screen's pixel at any zoom the editor offers).
fn num(out: &mut String, value: f64) {
    let rounded = (value * 100.0).round() / 100.0 + 0.0;
    let _ = write!(out, "{}", if rounded.is_finite() { rounded } else { 0.0 });
}

/// A scale or a factor of a transform, to eight decimals.
fn num_precise(out: &mut String, value: f64) {
    let _ = write!(out, "{}", if value.is_finite() { format!("{value:.8}").trim_end_matches('0').trim_end_matches('.').to_string() } else { "0".into() });
}

/// SVG path data of a glyph outline in font units, y up.
#[derive(Default)]
struct PathData(String);

impl PathData {
    fn pair(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "{} {}", x, y);
    }
}

impl ttf_parser::OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push('M');
        self.pair(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push('L');
        self.pair(x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push('Q');
        self.pair(x1, y1);
        self.0.push(' ');
        self.pair(x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push('C');
        self.pair(x1, y1);
        self.0.push(' ');
        self.pair(x2, y2);
        self.0.push(' ');
        self.pair(x, y);
    }

    fn close(&mut self) {
        self.0.push('Z');
    }
}
