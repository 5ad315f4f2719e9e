//! `word/theme/theme1.xml`: the theme every Word document has. Its fonts
//! are the body font of the house style (so that "+Body" and "+Headings"
//! in Word mean it); its colours are Office's.

use super::ooxml::xml_escape;

/// The theme part, with `font` for headings and body.
pub fn xml(font: &str) -> String {
    let font = xml_escape(font);
    let solid = |scheme: &str| format!(r#"<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>"#);
    let line = |width: u32| format!(r#"<a:ln w="{width}" cap="flat" cmpd="sng" algn="ctr">{}<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>"#, solid("phClr"));
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let colours = [
        ("dk1", r#"<a:sysClr val="windowText" lastClr="000000"/>"#.to_string()),
        ("lt1", r#"<a:sysClr val="window" lastClr="FFFFFF"/>"#.to_string()),
        ("dk2", r#"<a:srgbClr val="44546A"/>"#.to_string()),
        ("lt2", r#"<a:srgbClr val="E7E6E6"/>"#.to_string()),
        ("accent1", r#"<a:srgbClr val="4472C4"/>"#.to_string()),
        ("accent2", r#"<a:srgbClr val="ED7D31"/>"#.to_string()),
        ("accent3", r#"<a:srgbClr val="A5A5A5"/>"#.to_string()),
        ("accent4", r#"<a:srgbClr val="FFC000"/>"#.to_string()),
        ("accent5", r#"<a:srgbClr val="5B9BD5"/>"#.to_string()),
        ("accent6", r#"<a:srgbClr val="70AD47"/>"#.to_string()),
        ("hlink", r#"<a:srgbClr val="0563C1"/>"#.to_string()),
        ("folHlink", r#"<a:srgbClr val="954F72"/>"#.to_string()),
    ];
    let colours: String = colours.iter().map(|(name, value)| format!("<a:{name}>{value}</a:{name}>")).collect();
    let fonts = |kind: &str| format!(r#"<a:{kind}><a:latin typeface="{font}"/><a:ea typeface=""/><a:cs typeface=""/></a:{kind}>"#);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="baocao">"#,
            r#"<a:themeElements><a:clrScheme name="Office">{colours}</a:clrScheme>"#,
            r#"<a:fontScheme name="baocao">{major}{minor}</a:fontScheme>"#,
            r#"<a:fmtScheme name="Office"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"#,
            "<a:lnStyleLst>{line1}{line2}{line3}</a:lnStyleLst>",
            "<a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>",
            "<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>",
            "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
        ),
        colours = colours,
        major = fonts("majorFont"),
        minor = fonts("minorFont"),
        fill = solid("phClr"),
        line1 = line(6350),
        line2 = line(12700),
        line3 = line(19050),
        effect = effect,
    )
}
