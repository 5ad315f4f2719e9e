//! The cover's emblem in the DOCX: a PNG (an SVG is drawn to one first,
//! Word needing a bitmap beside any vector image), placed inline in the
//! Cover Logo paragraph as a `w:drawing`, as high as the PDF's.

use crate::error::{Error, Result};
use crate::t;

/// An image ready for the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its bytes, as PNG.
    pub png: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its height on the page, in EMU (914 400 to the inch).
    pub height_emu: i64,
}

/// How many pixels high an SVG emblem is drawn.
const SVG_HEIGHT: u32 = 600;

impl Image {
    /// The emblem from `bytes` of a PNG, JPEG or SVG file, `height_mm` high
    /// on the page.
    pub fn new(bytes: &[u8], svg: bool, height_mm: f64) -> Result<Image> {
        let png = if svg { svg_to_png(bytes)? } else { to_png(bytes)? };
        let size = imagesize::blob_size(&png).map_err(|e| Error::Docx(t!("không đọc được kích thước ảnh biểu trưng (tệp hỏng)", "cannot read the emblem's size: {e}")))?;
        Ok(Image { png, width: size.width as u32, height: size.height as u32, height_emu: (height_mm / 25.4 * 914_400.0).round() as i64 })
    }

    /// The `w:drawing` of the image for relationship `id`, to stand in a
    /// run.
    pub fn drawing_xml(&self, id: &str, _g: &super::styles::Geometry) -> String {
        let height = self.height_emu;
        let width = height * i64::from(self.width) / i64::from(self.height.max(1));
        format!(
            concat!(
                r#"<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{w}" cy="{h}"/>"#,
                r#"<wp:docPr id="1" name="Emblem"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>"#,
                r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
                r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="emblem.png"/><pic:cNvPicPr/></pic:nvPicPr>"#,
                r#"<pic:blipFill><a:blip r:embed="{id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
                r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>"#,
                r#"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"#
            ),
            w = width,
            h = height,
            id = id
        )
    }
}

/// A PNG or JPEG as PNG.
fn to_png(bytes: &[u8]) -> Result<Vec<u8>> {
    if bytes.starts_with(b"\x89PNG") {
        return Ok(bytes.to_vec());
    }
    let decoded = ::image::load_from_memory(bytes).map_err(|e| Error::Docx(t!("không đọc được ảnh biểu trưng (tệp hỏng hoặc không phải PNG, JPEG)", "cannot read the emblem: {e}")))?;
    let mut out = std::io::Cursor::new(Vec::new());
    decoded.write_to(&mut out, ::image::ImageFormat::Png).map_err(|e| Error::Docx(t!("không chuyển được ảnh biểu trưng sang PNG", "cannot convert the emblem to PNG: {e}")))?;
    Ok(out.into_inner())
}

/// An SVG drawn to a PNG [`SVG_HEIGHT`] pixels high.
fn svg_to_png(bytes: &[u8]) -> Result<Vec<u8>> {
    let tree = resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default())
        .map_err(|e| Error::Docx(t!("không đọc được ảnh SVG biểu trưng (tệp hỏng hoặc SVG không hợp lệ)", "cannot read the SVG emblem: {e}")))?;
    let size = tree.size();
    let scale = SVG_HEIGHT as f32 / size.height().max(1.0);
    let width = ((size.width() * scale).ceil() as u32).clamp(1, 4 * SVG_HEIGHT);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, SVG_HEIGHT).ok_or_else(|| Error::Docx("SVG".into()))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| Error::Docx(t!("không chuyển được ảnh SVG biểu trưng sang PNG", "cannot convert the SVG emblem to PNG: {e}")))
}
