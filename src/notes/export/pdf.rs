//! The PDF: A4 pages, one column, laid out in two passes (blocks → positioned text and
//! images per page → krilla). Text is drawn with the export's font (NanumGothic covers
//! Hangul and Latin), bold with its bold face when there is one; widths are the font's own
//! glyph advances (skrifa, the crate krilla reads fonts with), so lines wrap at the margin.
//! Images are PNGs placed at their aspect ratio; a heading stays with what follows it.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{Point, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::{FontRef, MetadataProvider};

use super::model::{LineKind, Run, clock};
use super::{Block, ExportError};

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const COLUMN: f32 = PAGE_W - 2.0 * MARGIN;

#[derive(Clone, Copy, PartialEq)]
enum Tone {
    Ink,
    Muted,
    Brand,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        tone: Tone,
        text: String,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: std::sync::Arc<Vec<u8>>,
    },
}

fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Text widths from the fonts' advances (an estimate for a font that cannot be read).
struct Measure<'a> {
    regular: Option<FontRef<'a>>,
    bold: Option<FontRef<'a>>,
}

impl Measure<'_> {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold {
            self.bold.as_ref().or(self.regular.as_ref())
        } else {
            self.regular.as_ref()
        };
        let Some(font) = font else {
            return text
                .chars()
                .map(|c| if wide(c) { 1.0 } else { 0.6 })
                .sum::<f32>()
                * size;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(FontSize::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|glyph| metrics.advance_width(glyph))
                    .unwrap_or(if wide(c) { size } else { size * 0.6 })
            })
            .sum()
    }
}

struct Layout<'a> {
    pages: Vec<Vec<Op>>,
    y: f32,
    measure: Measure<'a>,
}

/// A piece of a line: text in one style.
struct Piece {
    text: String,
    bold: bool,
    tone: Tone,
}

impl<'a> Layout<'a> {
    fn new(measure: Measure<'a>) -> Layout<'a> {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
            measure,
        }
    }

    fn need(&mut self, height: f32) {
        if self.y + height > PAGE_H - MARGIN && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    /// Lays pieces out from `x0`, wrapping at the column's edge (by word, or by character
    /// for text without spaces such as long Korean runs).
    fn flow(&mut self, pieces: &[Piece], x0: f32, size: f32, first_prefix: Option<Piece>) {
        let line_h = size * 1.45;
        self.need(line_h);
        let mut x = x0;
        let right = MARGIN + COLUMN;
        if let Some(prefix) = first_prefix {
            let w = self.measure.width(&prefix.text, size, prefix.bold);
            self.push(Op::Text {
                x: x0 - w - 4.0,
                y: self.y + size,
                size,
                bold: prefix.bold,
                tone: prefix.tone,
                text: prefix.text,
            });
        }
        for piece in pieces {
            // Words keep their trailing space.
            let mut words: Vec<String> = Vec::new();
            let mut current = String::new();
            for c in piece.text.chars() {
                current.push(c);
                if c == ' ' || wide(c) {
                    words.push(std::mem::take(&mut current));
                }
            }
            if !current.is_empty() {
                words.push(current);
            }
            let mut run = String::new();
            let mut run_x = x;
            for word in words {
                let w = self.measure.width(&word, size, piece.bold);
                if x + w > right && x > x0 {
                    if !run.is_empty() {
                        self.push(Op::Text {
                            x: run_x,
                            y: self.y + size,
                            size,
                            bold: piece.bold,
                            tone: piece.tone,
                            text: std::mem::take(&mut run),
                        });
                    }
                    self.y += line_h;
                    self.need(line_h);
                    x = x0;
                    run_x = x;
                    if word == " " {
                        continue;
                    }
                }
                // A word longer than the column is cut by characters.
                if w > COLUMN {
                    for c in word.chars() {
                        let cw = self.measure.width(&c.to_string(), size, piece.bold);
                        if x + cw > right {
                            self.push(Op::Text {
                                x: run_x,
                                y: self.y + size,
                                size,
                                bold: piece.bold,
                                tone: piece.tone,
                                text: std::mem::take(&mut run),
                            });
                            self.y += line_h;
                            self.need(line_h);
                            x = x0;
                            run_x = x;
                        }
                        run.push(c);
                        x += cw;
                    }
                    continue;
                }
                run.push_str(&word);
                x += w;
            }
            if !run.is_empty() {
                self.push(Op::Text {
                    x: run_x,
                    y: self.y + size,
                    size,
                    bold: piece.bold,
                    tone: piece.tone,
                    text: run,
                });
            }
        }
        self.y += line_h;
    }

    fn image(&mut self, png: &std::sync::Arc<Vec<u8>>, scale: f32, caption: &str) {
        let (w, h) = image_size(png, scale);
        self.need(h + 24.0);
        self.push(Op::Image {
            x: MARGIN,
            y: self.y + 4.0,
            w,
            h,
            png: png.clone(),
        });
        self.y += h + 8.0;
        self.push(Op::Text {
            x: MARGIN,
            y: self.y + 9.0,
            size: 9.0,
            bold: false,
            tone: Tone::Muted,
            text: caption.to_owned(),
        });
        self.y += 20.0;
    }
}

/// Where an image goes: its width in the column and its height, at most a page.
fn image_size(png: &[u8], scale: f32) -> (f32, f32) {
    let (pw, ph) = png_size(png).unwrap_or((16, 9));
    let mut w = COLUMN * scale.clamp(0.2, 1.0);
    let mut h = w * ph as f32 / pw as f32;
    let max_h = PAGE_H - 2.0 * MARGIN - 30.0;
    if h > max_h {
        w *= max_h / h;
        h = max_h;
    }
    (w, h)
}

/// Width and height from a PNG's IHDR.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(b"\x89PNG") {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn layout(blocks: &[Block], measure: Measure<'_>) -> Vec<Vec<Op>> {
    let mut page = Layout::new(measure);
    let mut ordered = 0;
    for (index, block) in blocks.iter().enumerate() {
        // A heading or a timeline entry is never left alone at the foot of a page: it needs
        // room for what follows it when that is an image.
        let next_image = match blocks.get(index + 1) {
            Some(Block::Image { png, scale, .. }) => image_size(png, *scale).1 + 24.0,
            _ => 0.0,
        };
        if !matches!(block, Block::Memo(l) if l.kind == LineKind::Ordered) {
            ordered = 0;
        }
        let plain = |text: &str, bold: bool, tone: Tone| Piece {
            text: text.to_owned(),
            bold,
            tone,
        };
        match block {
            Block::Title(t) => {
                page.flow(&[plain(t, true, Tone::Ink)], MARGIN, 20.0, None);
            }
            Block::Muted(t) => {
                page.flow(&[plain(t, false, Tone::Muted)], MARGIN, 10.0, None);
                page.y += 4.0;
            }
            Block::Heading(t) => {
                page.y += 10.0;
                page.need(60.0 + next_image);
                page.flow(&[plain(t, true, Tone::Brand)], MARGIN, 16.0, None);
            }
            Block::Subheading(t) => {
                page.y += 6.0;
                page.need(50.0 + next_image);
                page.flow(&[plain(t, true, Tone::Ink)], MARGIN, 12.5, None);
                page.y += 2.0;
            }
            Block::Memo(line) => {
                let size = match line.kind {
                    LineKind::Header(1) => 16.0,
                    LineKind::Header(2) => 14.0,
                    LineKind::Header(_) => 12.5,
                    _ => 11.0,
                };
                let header = matches!(line.kind, LineKind::Header(_));
                let pieces: Vec<Piece> = line
                    .runs
                    .iter()
                    .filter_map(|run| match run {
                        Run::Text(t, style) => Some(Piece {
                            text: t.clone(),
                            bold: style.bold || header,
                            tone: if style.link.is_some() {
                                Tone::Brand
                            } else if line.kind == LineKind::Code {
                                Tone::Muted
                            } else {
                                Tone::Ink
                            },
                        }),
                        Run::Timestamp(ms) => Some(Piece {
                            text: format!("[{}] ", clock(*ms)),
                            bold: true,
                            tone: Tone::Brand,
                        }),
                        Run::Snapshot(_) => None,
                    })
                    .collect();
                let x0 = MARGIN + 18.0 * (line.indent as f32);
                let (x0, prefix) = match &line.kind {
                    LineKind::Bullet => (x0 + 14.0, Some(plain("•", false, Tone::Ink))),
                    LineKind::Ordered => {
                        ordered += 1;
                        (
                            x0 + 18.0,
                            Some(plain(&format!("{ordered}."), false, Tone::Ink)),
                        )
                    }
                    LineKind::Check(done) => (
                        x0 + 22.0,
                        Some(plain(if *done { "[x]" } else { "[ ]" }, false, Tone::Muted)),
                    ),
                    LineKind::Quote => (x0 + 14.0, Some(plain("|", true, Tone::Muted))),
                    LineKind::Code => (x0 + 10.0, None),
                    _ => (x0, None),
                };
                if pieces.is_empty() {
                    page.y += size * 0.8;
                } else {
                    page.flow(&pieces, x0, size, prefix);
                }
            }
            Block::Entry(t, kind, text) => {
                let mut pieces = vec![
                    plain(&format!("[{}] ", clock(*t)), true, Tone::Brand),
                    plain(kind, true, Tone::Ink),
                ];
                if !text.is_empty() {
                    pieces.push(plain(&format!(": {text}"), false, Tone::Ink));
                }
                page.need(20.0 + next_image);
                page.flow(&pieces, MARGIN, 11.0, None);
            }
            Block::Image {
                png,
                caption,
                scale,
                ..
            } => page.image(png, *scale, caption),
        }
    }
    page.pages
}

fn colour(tone: Tone) -> rgb::Color {
    match tone {
        Tone::Ink => rgb::Color::new(0x1f, 0x24, 0x30),
        Tone::Muted => rgb::Color::new(0x6b, 0x72, 0x80),
        Tone::Brand => rgb::Color::new(0x43, 0x38, 0xca),
    }
}

pub fn write(blocks: &[Block], fonts: &[Vec<u8>]) -> Result<Vec<u8>, ExportError> {
    let regular = fonts
        .first()
        .and_then(|data| Font::new(data.clone().into(), 0))
        .ok_or_else(|| ExportError::NoFont("the font file could not be read".into()))?;
    let bold = fonts
        .get(1)
        .and_then(|data| Font::new(data.clone().into(), 0))
        .unwrap_or_else(|| regular.clone());
    let measure = Measure {
        regular: fonts.first().and_then(|f| FontRef::new(f).ok()),
        bold: fonts.get(1).and_then(|f| FontRef::new(f).ok()),
    };
    let mut document = Document::new();
    for ops in layout(blocks, measure) {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ExportError::Failed("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: is_bold,
                    tone,
                    text,
                } => {
                    surface.set_fill(Some(Fill {
                        paint: colour(tone).into(),
                        opacity: NormalizedF32::ONE,
                        rule: Default::default(),
                    }));
                    let font = if is_bold {
                        bold.clone()
                    } else {
                        regular.clone()
                    };
                    surface.draw_text(
                        Point::from_xy(x, y),
                        font,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Image { x, y, w, h, png } => {
                    let image = Image::from_png(png.as_ref().clone().into(), true)
                        .map_err(ExportError::Failed)?;
                    let size = Size::from_wh(w, h)
                        .ok_or_else(|| ExportError::Failed("image size".into()))?;
                    surface.push_transform(&Transform::from_translate(x, y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| ExportError::Failed(format!("{e:?}")))
}
