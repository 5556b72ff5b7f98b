//! "Export notes": a student's layer, the shared layer or both, as a PDF or as a Markdown
//! bundle (a zip of `notes.md` and `images/`). Pure over its input (documents' states,
//! snapshot images, frames, fonts): the HTTP edge gathers those, this module lays them out.
//!
//! Per layer: the memo (formatted, timestamps as `[m:ss]`, inserted snapshots as images),
//! then a timeline in video-time order (bookmarks, comments, the drawings on the video over
//! their frame, snapshots), then the drawing board's pages as images.
//!
//! Bounds (each refused with `export_too_large` before any rendering): at most
//! [`MAX_PAGES`] board pages, [`MAX_MOMENTS`] drawing moments and [`MAX_SNAPSHOTS`]
//! snapshots per export; the result is at most [`MAX_OUTPUT_BYTES`].

pub mod markdown;
pub mod model;
pub mod pdf;
pub mod render;

use std::collections::HashMap;
use std::sync::Arc;

use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact, Update};

use self::model::{Layer, Line, Run, clock, read_layer};
use self::render::Renderer;

pub const MAX_PAGES: usize = 60;
pub const MAX_MOMENTS: usize = 200;
pub const MAX_SNAPSHOTS: usize = 200;
pub const MAX_OUTPUT_BYTES: usize = 200 * 1024 * 1024;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Markdown,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Layers {
    Private,
    Shared,
    Both,
}

impl Layers {
    pub fn private(self) -> bool {
        matches!(self, Layers::Private | Layers::Both)
    }
    pub fn shared(self) -> bool {
        matches!(self, Layers::Shared | Layers::Both)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    En,
    Ko,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    TooLarge(String),
    #[error("no font to write the PDF with: {0}")]
    NoFont(String),
    #[error("the export could not be written: {0}")]
    Failed(String),
}

pub struct SnapshotImage {
    pub id: String,
    pub time_ms: u64,
    pub bytes: Vec<u8>,
}

pub struct LayerState {
    pub private: bool,
    /// The document's state as a v1 update.
    pub state: Vec<u8>,
}

pub struct Input {
    pub title: String,
    pub format: Format,
    pub locale: Locale,
    pub layers: Vec<LayerState>,
    /// The owner's snapshots of this video (shown with the private layer).
    pub snapshots: Vec<SnapshotImage>,
    /// Frames of the video: (time in ms, image bytes), by ascending time.
    pub frames: Vec<(u64, Vec<u8>)>,
    /// Font files: regular, then bold (the PDF needs the first).
    pub fonts: Vec<Vec<u8>>,
    pub created: String,
}

pub struct Output {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
}

/// What an export shows, in order; both writers consume this.
#[derive(Debug, Clone)]
pub enum Block {
    Title(String),
    Muted(String),
    Heading(String),
    Subheading(String),
    Memo(Line),
    /// A timeline entry: time, what kind (localised), text.
    Entry(u64, String, String),
    Image {
        file: String,
        png: Arc<Vec<u8>>,
        caption: String,
        /// Width in 0..1 of the text column.
        scale: f32,
    },
}

pub struct Labels {
    pub private: &'static str,
    pub shared: &'static str,
    pub memo: &'static str,
    pub timeline: &'static str,
    pub board: &'static str,
    pub bookmark: &'static str,
    pub comment: &'static str,
    pub drawing: &'static str,
    pub snapshot: &'static str,
    pub empty: &'static str,
    pub no_frame: &'static str,
    pub exported: &'static str,
    pub missing_snapshot: &'static str,
}

pub fn labels(locale: Locale) -> Labels {
    match locale {
        Locale::En => Labels {
            private: "My notes",
            shared: "Shared notes",
            memo: "Memo",
            timeline: "Timeline",
            board: "Drawing board",
            bookmark: "Bookmark",
            comment: "Comment",
            drawing: "Drawing on the video",
            snapshot: "Snapshot",
            empty: "Nothing here yet.",
            no_frame: "No frame available",
            exported: "Exported",
            missing_snapshot: "(a snapshot that was deleted)",
        },
        Locale::Ko => Labels {
            private: "내 노트",
            shared: "공유 노트",
            memo: "메모",
            timeline: "타임라인",
            board: "그리기 보드",
            bookmark: "북마크",
            comment: "댓글",
            drawing: "영상 위 그림",
            snapshot: "스냅샷",
            empty: "아직 내용이 없습니다.",
            no_frame: "화면 없음",
            exported: "내보낸 시각",
            missing_snapshot: "(삭제된 스냅샷)",
        },
    }
}

fn decode(state: &[u8]) -> Result<Doc, ExportError> {
    let doc = Doc::new();
    let update = Update::decode_v1(state).map_err(|e| ExportError::Failed(e.to_string()))?;
    doc.transact_mut()
        .apply_update(update)
        .map_err(|e| ExportError::Failed(e.to_string()))?;
    Ok(doc)
}

/// The frame shown at `t`: the latest one at or before it.
fn frame_at(frames: &[(u64, Vec<u8>)], t: u64) -> Option<&[u8]> {
    frames
        .iter()
        .rev()
        .find(|(at, _)| *at <= t)
        .or(frames.first())
        .map(|(_, bytes)| bytes.as_slice())
}

/// Lays the layers out as blocks (rendering every drawing and snapshot to PNG).
pub fn blocks(input: &Input) -> Result<Vec<Block>, ExportError> {
    let l = labels(input.locale);
    let layers: Vec<(bool, Layer)> = input
        .layers
        .iter()
        .map(|layer| Ok((layer.private, read_layer(&decode(&layer.state)?))))
        .collect::<Result<_, ExportError>>()?;
    let pages: usize = layers.iter().map(|(_, l)| l.pages.len()).sum();
    let moments: usize = layers.iter().map(|(_, l)| l.moments.len()).sum();
    if pages > MAX_PAGES || moments > MAX_MOMENTS || input.snapshots.len() > MAX_SNAPSHOTS {
        return Err(ExportError::TooLarge(format!(
            "an export holds at most {MAX_PAGES} board pages, {MAX_MOMENTS} drawing moments and \
             {MAX_SNAPSHOTS} snapshots (this one: {pages}, {moments}, {})",
            input.snapshots.len()
        )));
    }
    let renderer = Renderer::new(&input.fonts);
    // Snapshots as PNG, rendered once (also for the memo's inserted ones).
    let snapshot_png: HashMap<&str, Arc<Vec<u8>>> = input
        .snapshots
        .iter()
        .filter_map(|s| {
            let moment = model::Moment {
                t: s.time_ms,
                items: Vec::new(),
            };
            let png = renderer.moment(&moment, Some(&s.bytes), l.no_frame)?;
            Some((s.id.as_str(), Arc::new(png)))
        })
        .collect();

    let mut out = vec![
        Block::Title(input.title.clone()),
        Block::Muted(format!("{} {}", l.exported, input.created)),
    ];
    let mut image_no = 0;
    let mut file = |kind: &str| {
        image_no += 1;
        format!("images/{image_no:03}-{kind}.png")
    };
    for (private, layer) in &layers {
        out.push(Block::Heading(
            if *private { l.private } else { l.shared }.to_owned(),
        ));
        let snapshots: &[SnapshotImage] = if *private { &input.snapshots } else { &[] };
        if layer.is_empty() && snapshots.is_empty() {
            out.push(Block::Muted(l.empty.to_owned()));
            continue;
        }
        if !layer.memo.is_empty() {
            out.push(Block::Subheading(l.memo.to_owned()));
            for line in &layer.memo {
                out.push(Block::Memo(line.clone()));
                for run in &line.runs {
                    if let Run::Snapshot(id) = run {
                        match (
                            snapshot_png.get(id.as_str()),
                            input.snapshots.iter().find(|s| &s.id == id),
                        ) {
                            (Some(png), Some(s)) => out.push(Block::Image {
                                file: file("memo-snapshot"),
                                png: png.clone(),
                                caption: format!("{} {}", l.snapshot, clock(s.time_ms)),
                                scale: 0.6,
                            }),
                            _ => out.push(Block::Muted(l.missing_snapshot.to_owned())),
                        }
                    }
                }
            }
        }
        // The timeline: everything with a video time, in time order.
        enum Entry<'a> {
            Mark(&'static str, &'a model::Mark),
            Moment(&'a model::Moment),
            Snapshot(&'a SnapshotImage),
        }
        let mut timeline: Vec<(u64, u8, Entry)> = Vec::new();
        for m in &layer.bookmarks {
            timeline.push((m.t, 0, Entry::Mark(l.bookmark, m)));
        }
        for m in &layer.comments {
            timeline.push((m.t, 1, Entry::Mark(l.comment, m)));
        }
        for m in &layer.moments {
            timeline.push((m.t, 2, Entry::Moment(m)));
        }
        for s in snapshots {
            timeline.push((s.time_ms, 3, Entry::Snapshot(s)));
        }
        timeline.sort_by_key(|(t, order, _)| (*t, *order));
        if !timeline.is_empty() {
            out.push(Block::Subheading(l.timeline.to_owned()));
        }
        for (t, _, entry) in timeline {
            match entry {
                Entry::Mark(kind, mark) => {
                    let text = if mark.author.is_empty() {
                        mark.text.clone()
                    } else {
                        format!("{} — {}", mark.text, mark.author)
                    };
                    out.push(Block::Entry(t, kind.to_owned(), text));
                }
                Entry::Moment(moment) => {
                    out.push(Block::Entry(t, l.drawing.to_owned(), String::new()));
                    if let Some(png) =
                        renderer.moment(moment, frame_at(&input.frames, t), l.no_frame)
                    {
                        out.push(Block::Image {
                            file: file("drawing"),
                            png: Arc::new(png),
                            caption: format!("{} {}", l.drawing, clock(t)),
                            scale: 0.75,
                        });
                    }
                }
                Entry::Snapshot(s) => {
                    out.push(Block::Entry(t, l.snapshot.to_owned(), String::new()));
                    if let Some(png) = snapshot_png.get(s.id.as_str()) {
                        out.push(Block::Image {
                            file: file("snapshot"),
                            png: png.clone(),
                            caption: format!("{} {}", l.snapshot, clock(t)),
                            scale: 0.75,
                        });
                    }
                }
            }
        }
        if !layer.pages.is_empty() {
            out.push(Block::Subheading(l.board.to_owned()));
            for page in &layer.pages {
                let png = renderer
                    .board(page)
                    .ok_or_else(|| ExportError::Failed("a board page did not render".into()))?;
                out.push(Block::Image {
                    file: file("board"),
                    png: Arc::new(png),
                    caption: page.title.clone(),
                    scale: 1.0,
                });
            }
        }
    }
    Ok(out)
}

/// Builds the export. CPU-bound: run it on a blocking thread.
pub fn build(input: &Input) -> Result<Output, ExportError> {
    let blocks = blocks(input)?;
    let output = match input.format {
        Format::Pdf => Output {
            bytes: pdf::write(&blocks, &input.fonts)?,
            content_type: "application/pdf",
            extension: "pdf",
        },
        Format::Markdown => Output {
            bytes: markdown::write(&blocks)?,
            content_type: "application/zip",
            extension: "zip",
        },
    };
    if output.bytes.len() > MAX_OUTPUT_BYTES {
        return Err(ExportError::TooLarge(format!(
            "the export would be over {MAX_OUTPUT_BYTES} bytes"
        )));
    }
    Ok(output)
}

/// The font files the PDF is written with: the first of `candidates` that exists (regular),
/// and its bold sibling when there is one. Read at export time, not built into the binary
/// (see docs/api.md, "Export").
pub fn load_fonts(candidates: &[(&str, &str)]) -> Result<Vec<Vec<u8>>, ExportError> {
    for (regular, bold) in candidates {
        if let Ok(data) = std::fs::read(regular) {
            let mut fonts = vec![data];
            if let Ok(bold) = std::fs::read(bold) {
                fonts.push(bold);
            }
            return Ok(fonts);
        }
    }
    Err(ExportError::NoFont(format!(
        "none of {} exists (install fonts-nanum)",
        candidates
            .iter()
            .map(|(r, _)| *r)
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Korean first (NanumGothic, Debian's fonts-nanum), then DejaVu Sans (Latin only).
pub const FONT_CANDIDATES: [(&str, &str); 2] = [
    (
        "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
        "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
];

/// The video times (ms) at which the layers' drawings on the video are shown, ascending:
/// the frames an export needs.
pub fn moment_times(layers: &[LayerState]) -> Vec<u64> {
    let mut times: Vec<u64> = layers
        .iter()
        .filter_map(|layer| decode(&layer.state).ok())
        .flat_map(|doc| read_layer(&doc).moments.into_iter().map(|m| m.t))
        .collect();
    times.sort_unstable();
    times.dedup();
    times
}
