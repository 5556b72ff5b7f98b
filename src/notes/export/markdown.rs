//! The Markdown bundle: `notes.md` with the blocks, and every image under `images/` (PNG,
//! stored without recompression).

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::model::{LineKind, Run, Style, clock};
use super::{Block, ExportError};

/// Escapes what Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn styled(text: &str, style: &Style) -> String {
    if text.trim().is_empty() {
        return text.to_owned();
    }
    let mut s = if style.code {
        format!("`{}`", text.replace('`', "'"))
    } else {
        escape(text)
    };
    if style.bold {
        s = format!("**{s}**");
    }
    if style.italic {
        s = format!("*{s}*");
    }
    if style.strike {
        s = format!("~~{s}~~");
    }
    if let Some(link) = &style.link {
        s = format!("[{s}](<{}>)", link.replace(['<', '>', ' '], ""));
    }
    s
}

pub fn markdown(blocks: &[Block]) -> String {
    let mut md = String::new();
    let mut ordered = 0;
    let mut in_code = false;
    for block in blocks {
        if in_code && !matches!(block, Block::Memo(l) if l.kind == LineKind::Code) {
            md.push_str("```\n\n");
            in_code = false;
        }
        if !matches!(block, Block::Memo(l) if l.kind == LineKind::Ordered) {
            ordered = 0;
        }
        match block {
            Block::Title(t) => md.push_str(&format!("# {}\n\n", escape(t))),
            Block::Muted(t) => md.push_str(&format!("_{}_\n\n", escape(t))),
            Block::Heading(t) => md.push_str(&format!("## {}\n\n", escape(t))),
            Block::Subheading(t) => md.push_str(&format!("### {}\n\n", escape(t))),
            Block::Memo(line) => {
                let text: String = line
                    .runs
                    .iter()
                    .map(|run| match run {
                        Run::Text(t, style) if line.kind == LineKind::Code => {
                            let _ = style;
                            t.clone()
                        }
                        Run::Text(t, style) => styled(t, style),
                        Run::Timestamp(ms) => format!("`[{}]`", clock(*ms)),
                        Run::Snapshot(_) => String::new(),
                    })
                    .collect();
                let indent = "  ".repeat(line.indent as usize);
                match &line.kind {
                    LineKind::Code => {
                        if !in_code {
                            md.push_str("```\n");
                            in_code = true;
                        }
                        md.push_str(&text);
                        md.push('\n');
                    }
                    LineKind::Header(n) => {
                        md.push_str(&format!("{} {text}\n\n", "#".repeat(*n as usize + 3)))
                    }
                    LineKind::Bullet => md.push_str(&format!("{indent}- {text}\n")),
                    LineKind::Ordered => {
                        ordered += 1;
                        md.push_str(&format!("{indent}{ordered}. {text}\n"));
                    }
                    LineKind::Check(done) => md.push_str(&format!(
                        "{indent}- [{}] {text}\n",
                        if *done { "x" } else { " " }
                    )),
                    LineKind::Quote => md.push_str(&format!("> {text}\n\n")),
                    LineKind::Paragraph if text.is_empty() => md.push('\n'),
                    LineKind::Paragraph => md.push_str(&format!("{text}\n\n")),
                }
            }
            Block::Entry(t, kind, text) => {
                let text = if text.is_empty() {
                    String::new()
                } else {
                    format!(": {}", escape(text))
                };
                md.push_str(&format!("- `[{}]` **{}**{text}\n", clock(*t), escape(kind)));
            }
            Block::Image { file, caption, .. } => {
                md.push_str(&format!("\n![{}]({file})\n\n", escape(caption)));
            }
        }
    }
    if in_code {
        md.push_str("```\n");
    }
    md
}

pub fn write(blocks: &[Block]) -> Result<Vec<u8>, ExportError> {
    let failed = |e: zip::result::ZipError| ExportError::Failed(e.to_string());
    let io = |e: std::io::Error| ExportError::Failed(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let text = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("notes.md", text).map_err(failed)?;
    zip.write_all(markdown(blocks).as_bytes()).map_err(io)?;
    for block in blocks {
        if let Block::Image { file, png, .. } = block {
            zip.start_file(file.as_str(), stored).map_err(failed)?;
            zip.write_all(png).map_err(io)?;
        }
    }
    Ok(zip.finish().map_err(failed)?.into_inner())
}
