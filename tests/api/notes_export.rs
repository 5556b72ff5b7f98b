//! Notes beyond the live document: a document written before issue 14 still loads and shows
//! (and passes the memo whitelist when a client sends it again), and "Export notes" builds a
//! PDF and a Markdown zip holding the memo, its timestamps, bookmark labels and an image per
//! board page, drawing moment and snapshot.

use std::collections::HashMap;
use std::io::Read;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vivid::collab::protocol;
use yrs::{Any, Map, Text, Transact};

use crate::support::peer::Peer;
use crate::support::{Session, TestApp, assert_error, ok_json};

const OLD_DOC: &[u8] = include_bytes!("../fixtures/old-video-doc.bin");

async fn my_copy(who: &Session) -> String {
    let mine = ok_json(who.get("/api/individual-videos").await).await;
    mine["items"][0]["id"].as_str().unwrap().to_owned()
}

fn obj(pairs: &[(&str, Any)]) -> Any {
    Any::from(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect::<HashMap<String, Any>>(),
    )
}

fn nums(values: &[f64]) -> Any {
    Any::from(values.iter().map(|v| Any::from(*v)).collect::<Vec<_>>())
}

/// `update` with every JSON string value in `ids` (lib0: tag 119, varint length, bytes)
/// replaced by `user`. No other part of a v1 update records byte lengths, so it stays valid.
fn written_by(update: &[u8], ids: &[&str], user: &str) -> Vec<u8> {
    let encoded = |s: &str| {
        assert!(s.len() < 128, "a one-byte length");
        [&[119u8, s.len() as u8][..], s.as_bytes()].concat()
    };
    let mut out = update.to_vec();
    for id in ids {
        let (from, to) = (encoded(id), encoded(user));
        while let Some(at) = out.windows(from.len()).position(|w| w == from.as_slice()) {
            out.splice(at..at + from.len(), to.iter().copied());
        }
    }
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(30, 120, 200, 255));
    pixmap.encode_png().unwrap()
}

#[tokio::test]
async fn a_document_of_the_previous_schema_loads_and_shows_its_memo_strokes_bookmarks_and_comments()
{
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let doc = format!("video-{}", m.video);
    // A client that still holds the old document sends it whole (as on a resync): the
    // whitelist accepts every format the old editor could write. Its entries name their
    // authors, and the server takes an entry only from the user it names (authorship.rs), so
    // the fixture's made-up ids become the sender's.
    let mut old_client = Peer::join(&app, &m.host, &doc).await;
    let old_doc = written_by(OLD_DOC, &["u-ada", "u-grace"], &m.host.user_id);
    old_client.send(protocol::update(&old_doc).to_vec()).await;
    let mut other = Peer::join(&app, &m.participant, &doc).await;
    assert!(
        other
            .pump_until(
                |d| d.get_or_insert_map("comments").len(&d.transact()) == 1,
                0
            )
            .await
    );
    old_client.close().await;
    // Stored and loaded again: a version, then a fresh reader.
    let saved = m
        .host
        .post(&format!("/api/docs/{doc}/versions"), json!({}))
        .await;
    assert_eq!(saved.status(), StatusCode::CREATED);
    let late = Peer::join(&app, &m.participant, &doc).await;
    assert_eq!(
        late.memo(),
        "Lecture 3: sorting\nMerge sort splits in halves\nQuicksort picks a pivot\nsee the notes\n"
    );
    assert_eq!(late.strokes(), ["s-old-1", "s-old-2"]);

    let content = ok_json(m.participant.get(&format!("/api/docs/{doc}")).await).await;
    let delta = content["memo"]["delta"].as_array().unwrap();
    assert!(
        delta
            .iter()
            .any(|op| op["insert"] == "Merge sort" && op["attributes"]["bold"] == true)
    );
    assert!(delta.iter().any(|op| op["attributes"]["list"] == "bullet"));
    assert!(
        delta
            .iter()
            .any(|op| op["attributes"]["link"] == "https://example.com/sorting")
    );
    assert_eq!(content["strokes"]["s-old-1"]["tool"], "pen");
    assert_eq!(content["bookmarks"]["b-old-1"]["label"], "Pivot choice");
    assert_eq!(content["comments"]["c-old-1"]["text"], "Why log n levels?");

    // And the export of the shared layer shows all of it, in time order.
    let mine = my_copy(&m.participant).await;
    let zip = export(&m.participant, &mine, "markdown", "shared").await;
    let (markdown, images) = unzip(&zip);
    assert!(markdown.contains("**Merge sort**"), "{markdown}");
    assert!(markdown.contains("- Quicksort picks a pivot"), "{markdown}");
    let bookmark = markdown.find("Pivot choice").unwrap();
    let comment = markdown.find("Why log n levels?").unwrap();
    assert!(
        bookmark < comment,
        "video-time order: bookmark at 0:03, comment at 0:04"
    );
    assert_eq!(
        images.len(),
        2,
        "one picture per drawing moment: {images:?}"
    );
}

async fn export(who: &Session, individual: &str, format: &str, layers: &str) -> Vec<u8> {
    let response = who
        .post(
            &format!("/api/individual-videos/{individual}/export"),
            json!({"format": format, "layers": layers}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK, "{format} export");
    let expected = if format == "pdf" {
        "application/pdf"
    } else {
        "application/zip"
    };
    assert_eq!(response.headers()["content-type"], expected);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    response.bytes().await.unwrap().to_vec()
}

fn unzip(bytes: &[u8]) -> (String, Vec<String>) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut markdown = String::new();
    archive
        .by_name("notes.md")
        .unwrap()
        .read_to_string(&mut markdown)
        .unwrap();
    let mut images = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        if file.name().starts_with("images/") {
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            assert!(data.starts_with(b"\x89PNG"), "{} is a PNG", file.name());
            images.push(file.name().to_owned());
        }
    }
    for image in &images {
        assert!(
            markdown.contains(&format!("]({image})")),
            "{image} is linked from notes.md"
        );
    }
    (markdown, images)
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

#[tokio::test]
async fn an_export_holds_the_memo_timestamps_bookmarks_and_an_image_per_page_drawing_and_snapshot()
{
    let app = TestApp::spawn().await;
    let m = app.space_with_members().await;
    let mine = my_copy(&m.participant).await;

    // A snapshot at 0:04.
    let form = reqwest::multipart::Form::new()
        .part(
            "image",
            reqwest::multipart::Part::bytes(png(320, 180)).file_name("frame.png"),
        )
        .text("video_time_ms", "4000");
    let created = app
        .http
        .post(app.url(&format!("/api/individual-videos/{mine}/snapshots")))
        .bearer_auth(&m.participant.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let snapshot: Value = created.json().await.unwrap();
    let snapshot_id = snapshot["id"].as_str().unwrap().to_owned();

    // My notes: a formatted memo with a timestamp and the snapshot, two board pages, a
    // drawing on the video, a bookmark.
    let mut peer = Peer::join(&app, &m.participant, &format!("note-{mine}")).await;
    let update = {
        let doc = &peer.doc;
        let memo = doc.get_or_insert_text("memo");
        let pages = doc.get_or_insert_map("boardPages");
        let items = doc.get_or_insert_map("boardItems");
        let strokes = doc.get_or_insert_map("strokes");
        let bookmarks = doc.get_or_insert_map("bookmarks");
        let mut txn = doc.transact_mut();
        memo.insert(&mut txn, 0, "Divide and conquer 분할 정복 ");
        let end = memo.len(&txn);
        memo.insert_embed(&mut txn, end, obj(&[("timestamp", Any::from(7000.0))]));
        let end = memo.len(&txn);
        memo.insert(&mut txn, end, "\n");
        let end = memo.len(&txn);
        memo.insert_embed(
            &mut txn,
            end,
            obj(&[("snapshot", Any::from(snapshot_id.as_str()))]),
        );
        let end = memo.len(&txn);
        memo.insert(&mut txn, end, "\n");
        for (id, title, order) in [("p1", "Recursion tree", 1.0), ("p2", "Master theorem", 2.0)] {
            pages.insert(
                &mut txn,
                id,
                obj(&[("title", Any::from(title)), ("order", Any::from(order))]),
            );
        }
        items.insert(
            &mut txn,
            "i1",
            obj(&[
                ("page", Any::from("p1")),
                ("kind", Any::from("rect")),
                ("points", nums(&[100.0, 100.0, 700.0, 500.0])),
                ("color", Any::from("#2563eb")),
                ("width", Any::from(6.0)),
            ]),
        );
        items.insert(
            &mut txn,
            "i2",
            obj(&[
                ("page", Any::from("p2")),
                ("kind", Any::from("text")),
                ("points", nums(&[200.0, 200.0])),
                ("text", Any::from("T(n) = 2T(n/2) + n")),
                ("size", Any::from(48.0)),
            ]),
        );
        strokes.insert(
            &mut txn,
            "s1",
            obj(&[
                ("t", Any::from(2500.0)),
                ("d", Any::from(3000.0)),
                ("kind", Any::from("arrow")),
                ("points", nums(&[0.1, 0.1, 0.6, 0.5])),
                ("color", Any::from("#ef4444")),
                ("width", Any::from(4.0)),
            ]),
        );
        bookmarks.insert(
            &mut txn,
            "b1",
            obj(&[
                ("t", Any::from(3000.0)),
                ("label", Any::from("Base case")),
                ("author", Any::from(m.participant.user_id.as_str())),
                ("authorName", Any::from("Grace")),
            ]),
        );
        txn.encode_update_v1()
    };
    peer.send(protocol::update(&update).to_vec()).await;
    // The server has applied it when a second reader sees it.
    let mut reader = Peer::join(&app, &m.participant, &format!("note-{mine}")).await;
    assert!(
        reader
            .pump_until(
                |d| d.get_or_insert_map("bookmarks").len(&d.transact()) == 1,
                0
            )
            .await
    );

    // Markdown: the same text, and one image per snapshot (in the memo and in the
    // timeline), drawing moment and board page.
    let zip = export(&m.participant, &mine, "markdown", "private").await;
    let (markdown, images) = unzip(&zip);
    for text in [
        "Divide and conquer 분할 정복",
        "`[0:07]`",
        "Base case",
        "Recursion tree",
        "Master theorem",
    ] {
        assert!(markdown.contains(text), "{text} in {markdown}");
    }
    let count = |kind: &str| images.iter().filter(|i| i.contains(kind)).count();
    assert_eq!(
        (count("board"), count("drawing"), count("snapshot")),
        (2, 1, 2),
        "{images:?}"
    );

    // PDF: the same text and at least one image per board page and snapshot.
    let pdf = export(&m.participant, &mine, "pdf", "both").await;
    assert!(pdf.starts_with(b"%PDF-"));
    if tool("pdftotext") && tool("pdfimages") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let text = Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        for expected in [
            "Divide and conquer",
            "분할 정복",
            "[0:07]",
            "Base case",
            "My notes",
            "Shared notes",
        ] {
            assert!(
                text.contains(expected),
                "{expected} in the PDF text: {text}"
            );
        }
        let list = Command::new("pdfimages")
            .arg("-list")
            .arg(&path)
            .output()
            .unwrap();
        let images = String::from_utf8_lossy(&list.stdout)
            .lines()
            .skip(2)
            .count();
        // Two board pages, the drawing over its frame and the snapshot.
        let expected = 2 + 1 + 1;
        assert!(
            images >= expected,
            "board pages, the drawing and the snapshot: {images}"
        );
    } else {
        panic!("pdftotext and pdfimages are needed (poppler-utils; scripts/test installs them)");
    }

    // Only the owner exports their individual video.
    assert_error(
        m.host
            .post(
                &format!("/api/individual-videos/{mine}/export"),
                json!({"format": "pdf", "layers": "both"}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "individual_video_not_found",
    )
    .await;
}
