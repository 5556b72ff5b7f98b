//! Drawings as pictures: board pages (1600 × 900 units, white) and drawings on the video
//! (normalised to the content rectangle, widths in pixels of a 640-wide picture) over their
//! frame, built as SVG from the items and rasterised to PNG with resvg. Text items use the
//! export's font; every string is escaped, and a frame is only ever a data URI of bytes this
//! server read from its own storage.

use std::fmt::Write;
use std::sync::Arc;

use base64::Engine;
use resvg::{tiny_skia, usvg};

use super::model::{Item, Moment, Page, clock};

pub const BOARD_W: f64 = 1600.0;
pub const BOARD_H: f64 = 900.0;
/// Rendered sizes (pixels).
const BOARD_PX: (u32, u32) = (1200, 675);
const FRAME_PX: (u32, u32) = (960, 540);

pub struct Renderer {
    options: usvg::Options<'static>,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` → (`#rrggbb`, opacity).
fn paint(colour: &str) -> (String, f64) {
    let hex = colour.trim_start_matches('#');
    let full: String = match hex.len() {
        3 | 4 => hex.chars().flat_map(|c| [c, c]).collect(),
        _ => hex.to_owned(),
    };
    let alpha = if full.len() == 8 {
        u8::from_str_radix(&full[6..8], 16).map_or(1.0, |a| a as f64 / 255.0)
    } else {
        1.0
    };
    (format!("#{}", &full[..6.min(full.len())]), alpha)
}

/// One item as SVG, with points scaled by (`sx`, `sy`) and widths by `k`.
fn item_svg(out: &mut String, item: &Item, sx: f64, sy: f64, k: f64) {
    let (colour, mut opacity) = paint(&item.color);
    let mut width = item.width * k;
    if item.highlighter {
        width *= 3.0;
        opacity *= 0.35;
    }
    let p: Vec<(f64, f64)> = item
        .points
        .chunks(2)
        .map(|c| (c[0] * sx, c[1] * sy))
        .collect();
    let stroke = format!(
        r##"fill="none" stroke="{colour}" stroke-opacity="{opacity:.3}" stroke-width="{width:.2}" stroke-linecap="round" stroke-linejoin="round""##
    );
    match item.kind.as_str() {
        "ink" => {
            let mut d = String::new();
            for (i, (x, y)) in p.iter().enumerate() {
                let _ = write!(d, "{}{x:.1} {y:.1} ", if i == 0 { "M" } else { "L" });
            }
            if p.len() == 1 {
                let _ = write!(d, "l0.1 0");
            }
            let _ = write!(out, r##"<path d="{d}" {stroke}/>"##);
        }
        "line" | "arrow" => {
            let ((x1, y1), (x2, y2)) = (p[0], p[1]);
            let _ = write!(
                out,
                r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" {stroke}/>"##
            );
            if item.kind == "arrow" {
                let angle = (y2 - y1).atan2(x2 - x1);
                let head = (width * 4.0).max(10.0 * k);
                let spread = 0.45_f64;
                let a = (
                    x2 - head * (angle - spread).cos(),
                    y2 - head * (angle - spread).sin(),
                );
                let b = (
                    x2 - head * (angle + spread).cos(),
                    y2 - head * (angle + spread).sin(),
                );
                let _ = write!(
                    out,
                    r##"<path d="M{:.1} {:.1} L{x2:.1} {y2:.1} L{:.1} {:.1}" {stroke}/>"##,
                    a.0, a.1, b.0, b.1
                );
            }
        }
        "rect" => {
            let ((x1, y1), (x2, y2)) = (p[0], p[1]);
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {stroke}/>"##,
                x1.min(x2),
                y1.min(y2),
                (x2 - x1).abs(),
                (y2 - y1).abs()
            );
        }
        "ellipse" => {
            let ((x1, y1), (x2, y2)) = (p[0], p[1]);
            let _ = write!(
                out,
                r##"<ellipse cx="{:.1}" cy="{:.1}" rx="{:.1}" ry="{:.1}" {stroke}/>"##,
                (x1 + x2) / 2.0,
                (y1 + y2) / 2.0,
                (x2 - x1).abs() / 2.0,
                (y2 - y1).abs() / 2.0
            );
        }
        "text" => {
            let (x, y) = p[0];
            let size = item.size * k;
            let _ = write!(
                out,
                r##"<text x="{x:.1}" y="{y:.1}" font-size="{size:.1}" fill="{colour}" fill-opacity="{opacity:.3}" font-family="NanumGothic, DejaVu Sans, sans-serif">"##
            );
            for (i, line) in item.text.split('\n').enumerate() {
                let dy = if i == 0 { size } else { size * 1.25 };
                let _ = write!(
                    out,
                    r##"<tspan x="{x:.1}" dy="{dy:.1}">{}</tspan>"##,
                    escape(line)
                );
            }
            out.push_str("</text>");
        }
        _ => {}
    }
}

fn mime_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

impl Renderer {
    /// A renderer whose text uses these font files (their families, then sans-serif).
    pub fn new(fonts: &[Vec<u8>]) -> Renderer {
        let mut db = usvg::fontdb::Database::new();
        for font in fonts {
            db.load_font_data(font.clone());
        }
        let family = db
            .faces()
            .next()
            .and_then(|face| face.families.first().map(|(family, _)| family.clone()));
        if let Some(family) = family {
            db.set_sans_serif_family(family);
        }
        let options = usvg::Options {
            fontdb: Arc::new(db),
            font_family: "sans-serif".to_owned(),
            ..usvg::Options::default()
        };
        Renderer { options }
    }

    fn rasterise(&self, svg: &str, (w, h): (u32, u32)) -> Option<Vec<u8>> {
        let tree = usvg::Tree::from_str(svg, &self.options).ok()?;
        let mut pixmap = tiny_skia::Pixmap::new(w, h)?;
        let size = tree.size();
        let transform =
            tiny_skia::Transform::from_scale(w as f32 / size.width(), h as f32 / size.height());
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        pixmap.encode_png().ok()
    }

    pub fn board_svg(page: &Page) -> String {
        let mut svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{BOARD_W}" height="{BOARD_H}" viewBox="0 0 {BOARD_W} {BOARD_H}"><rect x="2" y="2" width="{}" height="{}" fill="#ffffff" stroke="#d5d9e0" stroke-width="4"/>"##,
            BOARD_W - 4.0,
            BOARD_H - 4.0
        );
        for item in &page.items {
            item_svg(&mut svg, item, 1.0, 1.0, 1.0);
        }
        svg.push_str("</svg>");
        svg
    }

    /// A board page as PNG.
    pub fn board(&self, page: &Page) -> Option<Vec<u8>> {
        self.rasterise(&Self::board_svg(page), BOARD_PX)
    }

    /// The drawings of a moment over its frame (or, without one, over a dark frame that
    /// says so and gives the time), as PNG.
    pub fn moment(
        &self,
        moment: &Moment,
        frame: Option<&[u8]>,
        no_frame_label: &str,
    ) -> Option<Vec<u8>> {
        let (w, h) = (640.0, 360.0);
        let mut svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="#1f2430"/>"##
        );
        match frame.and_then(|f| mime_of(f).map(|m| (m, f))) {
            Some((mime, bytes)) => {
                let data = base64::engine::general_purpose::STANDARD.encode(bytes);
                let _ = write!(
                    svg,
                    r##"<image x="0" y="0" width="{w}" height="{h}" preserveAspectRatio="xMidYMid meet" xlink:href="data:{mime};base64,{data}"/>"##
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r##"<text x="20" y="{:.0}" font-size="16" fill="#c8ccd6" font-family="sans-serif">{} · {}</text>"##,
                    h - 20.0,
                    escape(no_frame_label),
                    clock(moment.t)
                );
            }
        }
        for item in &moment.items {
            item_svg(&mut svg, item, w, h, w / 640.0);
        }
        svg.push_str("</svg>");
        self.rasterise(&svg, FRAME_PX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, points: &[f64], text: &str) -> Item {
        Item {
            kind: kind.into(),
            highlighter: false,
            points: points.to_vec(),
            color: "#e11d48".into(),
            width: 4.0,
            text: text.into(),
            size: 32.0,
            z: 0.0,
        }
    }

    #[test]
    fn a_board_page_renders_to_a_png_and_text_is_escaped() {
        let page = Page {
            id: "p".into(),
            title: "t".into(),
            items: vec![
                item("rect", &[100.0, 100.0, 400.0, 300.0], ""),
                item("arrow", &[500.0, 500.0, 900.0, 600.0], ""),
                item("text", &[100.0, 700.0], "</text><script>x</script> 피벗"),
            ],
        };
        let svg = Renderer::board_svg(&page);
        assert!(!svg.contains("<script>"));
        let png = Renderer::new(&[]).board(&page).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }

    #[test]
    fn a_moment_without_a_frame_still_renders() {
        let moment = Moment {
            t: 7000,
            items: vec![item("ink", &[0.1, 0.1, 0.5, 0.5, 0.6, 0.2], "")],
        };
        let png = Renderer::new(&[])
            .moment(&moment, None, "no frame")
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}
