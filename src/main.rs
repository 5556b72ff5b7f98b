use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use vivid::config::Settings;
use vivid::startup::Application;

/// VIVID: study with videos together.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// A settings file layered over the defaults (also VIVID_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Rebuild the search index of every document from its newest snapshot, and exit (once
    /// after the upgrade that adds search: documents are otherwise indexed at their next
    /// snapshot).
    ReindexSearch,
}

/// Large buffers (a whole document encoded for a step 2, an export, a snapshot) are mapped
/// and unmapped on their own instead of coming from glibc's arenas. By default glibc raises
/// this threshold after the first large free, and later large buffers stay in arenas that
/// keep their pages: one burst of big answers would hold the process's memory for good.
fn return_large_buffers_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> anyhow::Result<()> {
    return_large_buffers_to_the_system();
    serve()
}

#[actix_web::main]
async fn serve() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref()).context("refusing to start")?;
    vivid::telemetry::init(&settings);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), "serving");
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
        Command::Migrate => {
            let applied = vivid::db::migrate(&settings.database_url()).await?;
            tracing::info!(count = applied.len(), ?applied, "migrations applied");
            if let Some(table) = &settings.history.dynamodb_table {
                let history = vivid::startup::dynamo_history(&settings, table).await;
                history.ensure_resources().await?;
                tracing::info!(
                    table = %table,
                    bucket = %settings.history.s3_bucket,
                    "history table and bucket ready"
                );
            }
            vivid::media::storage::ensure_buckets(&settings).await?;
        }
        Command::ReindexSearch => {
            let db = vivid::db::Db::connect(&settings.database_url(), 2)?;
            let history = vivid::startup::history_store(&settings, &db).await?;
            let count = vivid::library::search::index::reindex_all(&db, history.as_ref()).await?;
            tracing::info!(documents = count, "search index rebuilt");
        }
    }
    Ok(())
}
