//! A TCP proxy for fault tests, on 127.0.0.1 port 0:
//! - as a load balancer, it sends each new connection to the first backend (round robin) that
//!   accepts it, so clients of a killed instance land on a live one;
//! - as a network fault, [`TcpProxy::hang`] makes it stop forwarding on every open connection
//!   without closing any (a half-open link: the kernel still acknowledges, nothing answers),
//!   and [`TcpProxy::heal`] forwards new connections again while the old ones stay hung.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    pub addr: SocketAddr,
    /// Bumped by `hang`: connections opened before the bump stop forwarding for good.
    epoch: Arc<watch::Sender<u64>>,
    hung: Arc<watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

impl TcpProxy {
    pub async fn start(backends: Vec<SocketAddr>) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let epoch = Arc::new(watch::channel(0u64).0);
        let hung = Arc::new(watch::channel(false).0);
        let next = Arc::new(AtomicUsize::new(0));
        let (epoch_tx, hung_tx) = (epoch.clone(), hung.clone());
        let task = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let _ = inbound.set_nodelay(true);
                let start = next.fetch_add(1, Ordering::Relaxed);
                let backends = backends.clone();
                let (epoch, hung) = (epoch_tx.subscribe(), hung_tx.subscribe());
                tokio::spawn(async move {
                    // A connection accepted while hung waits (unanswered) until the heal.
                    let mut hung_now = hung.clone();
                    let _ = hung_now.wait_for(|h| !*h).await;
                    for i in 0..backends.len() {
                        let backend = backends[(start + i) % backends.len()];
                        if let Ok(outbound) = TcpStream::connect(backend).await {
                            let _ = outbound.set_nodelay(true);
                            pipe(inbound, outbound, epoch).await;
                            return;
                        }
                    }
                });
            }
        });
        TcpProxy {
            addr,
            epoch,
            hung,
            task,
        }
    }

    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://{}", self.addr)
    }

    /// Every open connection stops forwarding (and stays open); new ones wait unanswered.
    pub fn hang(&self) {
        self.hung.send_replace(true);
        self.epoch.send_modify(|e| *e += 1);
    }

    /// New connections are forwarded again; those open during `hang` stay hung.
    pub fn heal(&self) {
        self.hung.send_replace(false);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies both ways until either side closes, or forever without copying once `epoch` moves.
async fn pipe(inbound: TcpStream, outbound: TcpStream, mut epoch: watch::Receiver<u64>) {
    let born = *epoch.borrow_and_update();
    let (mut in_read, mut in_write) = inbound.into_split();
    let (mut out_read, mut out_write) = outbound.into_split();
    let mut up = [0u8; 16 * 1024];
    let mut down = [0u8; 16 * 1024];
    loop {
        tokio::select! {
            read = in_read.read(&mut up) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if out_write.write_all(&up[..n]).await.is_err() { return; }
                }
            },
            read = out_read.read(&mut down) => match read {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if in_write.write_all(&down[..n]).await.is_err() { return; }
                }
            },
            changed = epoch.changed() => match changed {
                Ok(()) if *epoch.borrow() != born => break,
                Ok(()) => {}
                Err(_) => return,
            },
        }
    }
    // Half-open: hold both sockets, read and forward nothing, close nothing.
    let _keep = (in_read, in_write, out_read, out_write);
    std::future::pending::<()>().await;
}

/// Settings for a second instance of `settings`' app (same database and Redis key prefix)
/// that reaches Redis (`redis`, a `redis://host:port` URL) through a proxy the test can hang.
pub async fn sibling_behind_proxy(
    settings: &vivid::config::Settings,
    redis: &str,
) -> (vivid::config::Settings, TcpProxy) {
    let target = redis.trim_start_matches("redis://").trim_end_matches('/');
    let backend = tokio::net::lookup_host(target)
        .await
        .unwrap()
        .next()
        .unwrap();
    let link = TcpProxy::start(vec![backend]).await;
    let mut cut_off = settings.clone();
    cut_off.redis.url = Some(secrecy::SecretString::from(link.url("redis")));
    cut_off.database.migrate_on_start = false;
    (cut_off, link)
}
