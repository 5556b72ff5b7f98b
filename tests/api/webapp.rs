//! The built browser app as the server sends it: hashed assets compressed and cached for a
//! year, `index.html` compressed and revalidated, app routes answered with `index.html`, and
//! the API's 404s left alone.

use reqwest::StatusCode;

use crate::support::{TestApp, test_settings};

async fn app_with_client() -> TestApp {
    let (mut settings, dir) = test_settings().await;
    let client = dir.path().join("client");
    std::fs::create_dir_all(client.join("assets")).unwrap();
    let page = format!(
        "<!doctype html><html><body>{}</body></html>",
        "<p>VIVID</p>".repeat(200)
    );
    std::fs::write(client.join("index.html"), page).unwrap();
    std::fs::write(
        client.join("assets/index-Ab12Cd34.js"),
        "export const words = 'lecture video together';\n".repeat(400),
    )
    .unwrap();
    settings.http.client_dir = client;
    TestApp::spawn_with(settings, dir).await
}

#[tokio::test]
async fn hashed_assets_go_compressed_and_immutable_and_the_page_is_revalidated() {
    let app = app_with_client().await;
    for encoding in ["br", "gzip"] {
        let asset = app
            .http
            .get(app.url("/assets/index-Ab12Cd34.js"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(asset.status(), StatusCode::OK);
        assert_eq!(asset.headers()["content-encoding"], encoding);
        assert_eq!(
            asset.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let sent = asset.bytes().await.unwrap().len();
        assert!(sent < 2_000, "{encoding}: {sent} bytes for 18 KB of text");
    }
    for path in ["/", "/spaces/some-space"] {
        let page = app
            .http
            .get(app.url(path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(page.headers()["content-encoding"], "gzip", "{path}");
    }
    let missing = app
        .http
        .get(app.url("/assets/gone-123.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(
        missing
            .headers()
            .get("cache-control")
            .is_none_or(|v| v != "public, max-age=31536000, immutable")
    );
    let api = app
        .http
        .get(app.url("/api/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.headers()["content-type"], "application/json");
}
