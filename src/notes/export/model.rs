//! A layer's document read into what an export shows: the memo as lines of formatted runs,
//! board pages with their items, drawings on the video grouped by the moment they appear,
//! bookmarks and comments. Shared data is untrusted: anything that does not match the
//! schema in docs/collab.md is skipped, never fatal.

use serde_json::Value;
use yrs::types::text::Diff;
use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, Text, Transact};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub code: bool,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Text(String, Style),
    /// A video time in ms.
    Timestamp(u64),
    /// A snapshot id.
    Snapshot(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    Paragraph,
    Header(u8),
    Bullet,
    Ordered,
    Check(bool),
    Quote,
    Code,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub kind: LineKind,
    pub indent: u8,
    pub runs: Vec<Run>,
}

impl Line {
    pub fn plain(&self) -> String {
        self.runs
            .iter()
            .map(|run| match run {
                Run::Text(text, _) => text.clone(),
                Run::Timestamp(ms) => format!("[{}]", clock(*ms)),
                Run::Snapshot(_) => String::new(),
            })
            .collect()
    }
}

/// One drawing item (board or video), as docs/collab.md describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: String,
    pub highlighter: bool,
    pub points: Vec<f64>,
    pub color: String,
    pub width: f64,
    pub text: String,
    pub size: f64,
    pub z: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// Video drawings visible at one moment (those starting within the same second).
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub t: u64,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub t: u64,
    pub text: String,
    pub author: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layer {
    pub memo: Vec<Line>,
    pub pages: Vec<Page>,
    pub moments: Vec<Moment>,
    pub bookmarks: Vec<Mark>,
    pub comments: Vec<Mark>,
}

impl Layer {
    pub fn is_empty(&self) -> bool {
        self.memo.iter().all(|l| l.runs.is_empty())
            && self.pages.is_empty()
            && self.moments.is_empty()
            && self.bookmarks.is_empty()
            && self.comments.is_empty()
    }
}

/// `m:ss` or `h:mm:ss`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

fn json(any: &Any) -> Value {
    serde_json::to_value(any).unwrap_or(Value::Null)
}

fn entries(map: &MapRef, txn: &impl ReadTxn) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = map
        .iter(txn)
        .filter_map(|(k, v)| match v {
            Out::Any(any) => Some((k.to_owned(), json(&any))),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn is_colour(s: &str) -> bool {
    let hex = s.strip_prefix('#').unwrap_or("");
    matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

pub fn parse_item(value: &Value, video: bool) -> Option<Item> {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("ink");
    if !["ink", "line", "arrow", "rect", "ellipse", "text"].contains(&kind) {
        return None;
    }
    let points: Vec<f64> = value
        .get("points")?
        .as_array()?
        .iter()
        .map(Value::as_f64)
        .collect::<Option<_>>()?;
    let needed = match kind {
        "text" => 2,
        "ink" => 2,
        _ => 4,
    };
    if points.len() < needed
        || !points.len().is_multiple_of(2)
        || points.iter().any(|p| !p.is_finite())
    {
        return None;
    }
    let color = value.get("color").and_then(Value::as_str).unwrap_or("#000");
    let width = value.get("width").and_then(Value::as_f64).unwrap_or(3.0);
    let text = value.get("text").and_then(Value::as_str).unwrap_or("");
    if kind == "text" && text.is_empty() {
        return None;
    }
    let default_size = if video { 18.0 } else { 32.0 };
    Some(Item {
        kind: kind.to_owned(),
        highlighter: value.get("tool").and_then(Value::as_str) == Some("highlighter"),
        points,
        color: if is_colour(color) { color } else { "#000" }.to_owned(),
        width: if width > 0.0 && width <= 64.0 {
            width
        } else {
            3.0
        },
        text: text.chars().take(2000).collect(),
        size: value
            .get("size")
            .and_then(Value::as_f64)
            .filter(|s| *s > 0.0 && *s <= 400.0)
            .unwrap_or(default_size),
        z: value.get("z").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

fn mark(value: &Value, field: &str) -> Option<Mark> {
    let t = value
        .get("t")?
        .as_f64()
        .filter(|t| t.is_finite() && *t >= 0.0)?;
    let text = value.get(field)?.as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    Some(Mark {
        t: t as u64,
        text: text.chars().take(500).collect(),
        author: value
            .get("authorName")
            .and_then(Value::as_str)
            .unwrap_or("")
            .chars()
            .take(80)
            .collect(),
    })
}

fn style_of(attrs: &serde_json::Map<String, Value>) -> Style {
    let on = |k: &str| attrs.get(k).and_then(Value::as_bool).unwrap_or(false);
    Style {
        bold: on("bold"),
        italic: on("italic"),
        underline: on("underline"),
        strike: on("strike"),
        code: on("code"),
        link: attrs
            .get("link")
            .and_then(Value::as_str)
            .filter(|l| {
                l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:")
            })
            .map(str::to_owned),
    }
}

fn line_kind(attrs: &serde_json::Map<String, Value>) -> (LineKind, u8) {
    let indent = attrs
        .get("indent")
        .and_then(Value::as_u64)
        .unwrap_or(0)
        .min(8) as u8;
    let kind = if let Some(h) = attrs.get("header").and_then(Value::as_u64) {
        LineKind::Header(h.clamp(1, 3) as u8)
    } else if let Some(list) = attrs.get("list").and_then(Value::as_str) {
        match list {
            "ordered" => LineKind::Ordered,
            "checked" => LineKind::Check(true),
            "unchecked" => LineKind::Check(false),
            _ => LineKind::Bullet,
        }
    } else if attrs
        .get("blockquote")
        .is_some_and(|v| v.as_bool() == Some(true))
    {
        LineKind::Quote
    } else if attrs.get("code-block").is_some_and(|v| !v.is_null()) {
        LineKind::Code
    } else {
        LineKind::Paragraph
    };
    (kind, indent)
}

/// The memo as lines: Quill keeps a line's format on its `\n`.
pub fn memo_lines(doc: &Doc) -> Vec<Line> {
    let memo = doc.get_or_insert_text("memo");
    let txn = doc.transact();
    let mut lines = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    for chunk in memo.diff(&txn, |_| ()) {
        let chunk: Diff<()> = chunk;
        let attrs: serde_json::Map<String, Value> = chunk
            .attributes
            .as_ref()
            .map(|a| a.iter().map(|(k, v)| (k.to_string(), json(v))).collect())
            .unwrap_or_default();
        match &chunk.insert {
            Out::Any(Any::String(s)) => {
                let mut parts = s.split('\n').peekable();
                while let Some(part) = parts.next() {
                    if !part.is_empty() {
                        runs.push(Run::Text(part.to_owned(), style_of(&attrs)));
                    }
                    if parts.peek().is_some() {
                        let (kind, indent) = line_kind(&attrs);
                        lines.push(Line {
                            kind,
                            indent,
                            runs: std::mem::take(&mut runs),
                        });
                    }
                }
            }
            Out::Any(Any::Map(map)) => {
                if let Some(ms) = map.get("timestamp").and_then(|v| match v {
                    Any::Number(n) => n.as_f64().filter(|n| *n >= 0.0).map(|n| n as u64),
                    _ => None,
                }) {
                    runs.push(Run::Timestamp(ms));
                } else if let Some(Any::String(id)) = map.get("snapshot") {
                    runs.push(Run::Snapshot(id.to_string()));
                }
            }
            _ => {}
        }
    }
    if !runs.is_empty() {
        lines.push(Line {
            kind: LineKind::Paragraph,
            indent: 0,
            runs,
        });
    }
    // Trailing empty lines (Quill's final newline) say nothing.
    while lines.last().is_some_and(|l| l.runs.is_empty()) {
        lines.pop();
    }
    lines
}

pub fn read_layer(doc: &Doc) -> Layer {
    let memo = memo_lines(doc);
    let strokes = doc.get_or_insert_map("strokes");
    let bookmarks = doc.get_or_insert_map("bookmarks");
    let comments = doc.get_or_insert_map("comments");
    let pages = doc.get_or_insert_map("boardPages");
    let items = doc.get_or_insert_map("boardItems");
    let txn = doc.transact();

    let mut board: Vec<(f64, Page)> = entries(&pages, &txn)
        .into_iter()
        .filter_map(|(id, value)| {
            let title = value.get("title")?.as_str()?.chars().take(80).collect();
            let order = value.get("order").and_then(Value::as_f64).unwrap_or(0.0);
            Some((
                order,
                Page {
                    id,
                    title,
                    items: Vec::new(),
                },
            ))
        })
        .collect();
    board.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut board: Vec<Page> = board.into_iter().map(|(_, p)| p).collect();
    for (_, value) in entries(&items, &txn) {
        let Some(page) = value.get("page").and_then(Value::as_str) else {
            continue;
        };
        if let (Some(target), Some(item)) = (
            board.iter_mut().find(|p| p.id == page),
            parse_item(&value, false),
        ) {
            target.items.push(item);
        }
    }
    for page in &mut board {
        page.items.sort_by(|a, b| a.z.total_cmp(&b.z));
    }

    let mut moments: Vec<Moment> = Vec::new();
    let mut timed: Vec<(u64, u64, Item)> = entries(&strokes, &txn)
        .into_iter()
        .filter_map(|(_, value)| {
            let t = value
                .get("t")?
                .as_f64()
                .filter(|t| t.is_finite() && *t >= 0.0)?;
            let d = value
                .get("d")
                .and_then(Value::as_f64)
                .filter(|d| d.is_finite() && *d > 0.0)
                .unwrap_or(f64::MAX);
            Some((t as u64, d.min(1e12) as u64, parse_item(&value, true)?))
        })
        .collect();
    timed.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.z.total_cmp(&b.2.z)));
    // One moment per second in which drawings start; it shows everything visible then.
    let mut starts: Vec<u64> = timed.iter().map(|(t, _, _)| t / 1000 * 1000).collect();
    starts.dedup();
    for start in starts {
        let at = timed
            .iter()
            .filter(|(t, _, _)| t / 1000 * 1000 == start)
            .map(|(t, _, _)| *t)
            .max()
            .unwrap_or(start);
        let items = timed
            .iter()
            .filter(|(t, d, _)| *t <= at && at < t.saturating_add(*d))
            .map(|(_, _, item)| item.clone())
            .collect();
        moments.push(Moment { t: at, items });
    }

    let marks = |map: &MapRef, field: &str| {
        let mut list: Vec<Mark> = entries(map, &txn)
            .iter()
            .filter_map(|(_, v)| mark(v, field))
            .collect();
        list.sort_by_key(|m| m.t);
        list
    };
    Layer {
        memo,
        pages: board,
        moments,
        bookmarks: marks(&bookmarks, "label"),
        comments: marks(&comments, "text"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use yrs::types::Attrs;

    use super::*;

    fn obj(pairs: &[(&str, Any)]) -> Any {
        Any::from(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect::<HashMap<String, Any>>(),
        )
    }

    #[test]
    fn the_memo_reads_as_formatted_lines_with_timestamps() {
        let doc = Doc::new();
        let memo = doc.get_or_insert_text("memo");
        {
            let mut txn = doc.transact_mut();
            memo.insert(&mut txn, 0, "Title\nfirst ");
            memo.format(
                &mut txn,
                5,
                1,
                Attrs::from([("header".into(), Any::from(1.0))]),
            );
            let end = memo.len(&txn);
            memo.insert_embed(&mut txn, end, obj(&[("timestamp", Any::from(7000.0))]));
            let end = memo.len(&txn);
            memo.insert_with_attributes(
                &mut txn,
                end,
                "bold",
                Attrs::from([("bold".into(), Any::Bool(true))]),
            );
            let end = memo.len(&txn);
            memo.insert_with_attributes(
                &mut txn,
                end,
                "\n",
                Attrs::from([("list".into(), Any::from("bullet"))]),
            );
        }
        let lines = memo_lines(&doc);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].kind, LineKind::Header(1));
        assert_eq!(lines[0].plain(), "Title");
        assert_eq!(lines[1].kind, LineKind::Bullet);
        assert_eq!(lines[1].plain(), "first [0:07]bold");
        assert!(matches!(&lines[1].runs[2], Run::Text(t, s) if t == "bold" && s.bold));
    }

    #[test]
    fn drawings_group_by_moment_and_malformed_entries_are_skipped() {
        let doc = Doc::new();
        let strokes = doc.get_or_insert_map("strokes");
        let pages = doc.get_or_insert_map("boardPages");
        let items = doc.get_or_insert_map("boardItems");
        {
            let mut txn = doc.transact_mut();
            let points = Any::from(vec![
                Any::from(0.1),
                Any::from(0.1),
                Any::from(0.5),
                Any::from(0.5),
            ]);
            strokes.insert(
                &mut txn,
                "a",
                obj(&[
                    ("t", Any::from(1500.0)),
                    ("d", Any::from(3000.0)),
                    ("points", points.clone()),
                ]),
            );
            strokes.insert(
                &mut txn,
                "b",
                obj(&[
                    ("t", Any::from(1800.0)),
                    ("points", points.clone()),
                    ("kind", Any::from("rect")),
                ]),
            );
            strokes.insert(&mut txn, "bad", obj(&[("t", Any::from("x"))]));
            pages.insert(
                &mut txn,
                "p1",
                obj(&[("title", Any::from("Sorting")), ("order", Any::from(1.0))]),
            );
            items.insert(
                &mut txn,
                "i1",
                obj(&[
                    ("page", Any::from("p1")),
                    ("kind", Any::from("text")),
                    ("points", Any::from(vec![Any::from(10.0), Any::from(10.0)])),
                    ("text", Any::from("pivot")),
                ]),
            );
            items.insert(
                &mut txn,
                "i2",
                obj(&[
                    ("page", Any::from("p1")),
                    ("kind", Any::from("iframe")),
                    ("points", points),
                ]),
            );
        }
        let layer = read_layer(&doc);
        assert_eq!(layer.moments.len(), 1);
        assert_eq!(layer.moments[0].t, 1800);
        assert_eq!(layer.moments[0].items.len(), 2);
        assert_eq!(layer.pages.len(), 1);
        assert_eq!(layer.pages[0].items.len(), 1);
        assert_eq!(layer.pages[0].items[0].text, "pivot");
    }
}
