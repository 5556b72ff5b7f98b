//! The little HTTP server every stub of an outside service runs on: its routes, with the
//! stub's state shared by them, on one worker in this test's runtime.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::{App, HttpServer, web};

/// Serves `routes` on `listener` (bound by the caller, who knows its address first).
pub fn serve<T: Send + Sync + 'static>(
    listener: TcpListener,
    state: Arc<T>,
    routes: fn(&mut web::ServiceConfig),
) {
    let data = web::Data::from(state);
    let server = HttpServer::new(move || App::new().app_data(data.clone()).configure(routes))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("the stub listens")
        .run();
    tokio::spawn(server);
}

/// A listener on a free port of 127.0.0.1, and its base URL.
pub fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    (listener, base)
}
