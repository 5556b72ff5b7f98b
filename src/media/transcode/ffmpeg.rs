//! ffmpeg on this machine: one run makes the HLS ladder (renditions up to the source's
//! height; H.264 High profile in `yuv420p`, whatever the source's pixel format, so every
//! player decodes it), the master playlist and the thumbnails of the visual index. Progress
//! comes from ffmpeg's `-progress` output. At most `max_concurrent` runs at once; the others
//! wait in a queue that takes turns between the people who added them (one student's
//! semester of uploads does not hold up everyone else's single lecture), and each waiting
//! video is told its place in it (`Outcome::Queued`), renumbered whenever the queue moves.
//! Deleting the video kills its run or takes it out of the queue.
//!
//! Uploads are untrusted, so ffprobe's answer is checked against `transcode.max_duration_secs`,
//! `max_width` and `max_height` before ffmpeg starts, ffprobe gets [`PROBE_TIMEOUT`] and ffmpeg
//! `timeout_min_secs` + duration × `timeout_factor`; past those the video fails with a reason
//! people can read.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use super::{Job, Outcome, Reporter, TranscodeError, Transcoder, media_prefix, thumbnails_prefix};
use crate::background::Background;
use crate::config::TranscodeSettings;
use crate::media::storage::Stores;

/// Renditions of the ladder: (height, video bitrate).
const LADDER: [(u32, &str); 2] = [(360, "800k"), (720, "2800k")];
/// Container formats an upload may be in. Uploads are untrusted: without this list ffmpeg
/// would follow an uploaded playlist (HLS, concat) to other files on this machine.
const INPUT_FORMATS: &str = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mpeg,flv,asf,ogg";
/// Only the file itself may be opened.
const INPUT_PROTOCOLS: &str = "file";
/// The tail of ffmpeg's error output kept for the failure reason.
const STDERR_TAIL: usize = 4096;

/// Progress is published at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(500);
/// How long ffprobe may look at an upload.
const PROBE_TIMEOUT: Duration = Duration::from_secs(60);

struct Running {
    cancel: CancellationToken,
    done: tokio::sync::watch::Receiver<bool>,
}

pub struct FfmpegTranscoder {
    inner: Arc<Inner>,
}

struct Inner {
    settings: TranscodeSettings,
    stores: Stores,
    reporter: Reporter,
    /// An async lock: the queue's reports are written while it is held, so the positions
    /// stored always follow the order in which the queue changed.
    queue: tokio::sync::Mutex<Queue>,
    running: Mutex<HashMap<String, Running>>,
    work_dir: PathBuf,
    /// Runs are jobs: shutdown waits for them (up to its timeout).
    background: Background,
}

/// The slots (`max_concurrent`) and the runs waiting for one, first come first served.
struct Queue {
    free: usize,
    waiting: VecDeque<Waiter>,
}

struct Waiter {
    video_id: String,
    /// Who added the video: the queue takes turns between owners.
    owner: Option<String>,
    /// Tells this waiter apart from a newer run of the same video (a retry).
    token: CancellationToken,
    go: oneshot::Sender<()>,
}

/// A run's place in the queue: either it holds a slot already or it waits to be sent one.
enum Place {
    Slot,
    Waiting(oneshot::Receiver<()>),
}

/// A held slot; dropping it (however the run ends, panics included) hands the slot to the
/// next waiter.
struct Slot {
    inner: Arc<Inner>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let inner = self.inner.clone();
        tokio::spawn(async move { inner.release().await });
    }
}

impl FfmpegTranscoder {
    pub fn new(
        settings: TranscodeSettings,
        stores: Stores,
        reporter: Reporter,
        work_dir: PathBuf,
        background: Background,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                queue: tokio::sync::Mutex::new(Queue {
                    free: settings.max_concurrent,
                    waiting: VecDeque::new(),
                }),
                settings,
                stores,
                reporter,
                running: Mutex::new(HashMap::new()),
                work_dir,
                background,
            }),
        }
    }

    /// True when `ffmpeg -version` runs.
    pub async fn available(settings: &TranscodeSettings) -> bool {
        Command::new(&settings.ffmpeg)
            .arg("-version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .await
            .is_ok_and(|status| status.success())
    }
}

#[async_trait]
impl Transcoder for FfmpegTranscoder {
    fn name(&self) -> &'static str {
        "ffmpeg"
    }

    async fn start(&self, job: Job) -> Result<Option<String>, TranscodeError> {
        let cancel = CancellationToken::new();
        let (done_tx, done) = tokio::sync::watch::channel(false);
        let previous = self.inner.running.lock().expect("not poisoned").insert(
            job.video_id.clone(),
            Running {
                cancel: cancel.clone(),
                done,
            },
        );
        if let Some(previous) = previous {
            previous.cancel.cancel();
        }
        // Queued before answering, so the video's JSON already tells its place.
        let place = self
            .inner
            .enqueue(&job.video_id, job.owner.as_deref(), &cancel)
            .await;
        let inner = self.inner.clone();
        self.inner.background.spawn_job(async move {
            let video_id = job.video_id.clone();
            let work = inner.work_dir.join(crate::db::new_id());
            let outcome = match inner.clone().wait_for_slot(place, &video_id, &cancel).await {
                Some(slot) => {
                    let outcome = inner.run(&job, &work, &cancel).await;
                    drop(slot);
                    outcome
                }
                None => Err("cancelled".to_owned()),
            };
            let _ = tokio::fs::remove_dir_all(&work).await;
            // A cancelled run (the video was deleted) reports nothing.
            if !cancel.is_cancelled() {
                let outcome = outcome.unwrap_or_else(|reason| {
                    tracing::warn!(%video_id, %reason, "transcoding failed");
                    Outcome::Failed(reason)
                });
                inner.reporter.report_or_log(&video_id, None, outcome).await;
            }
            let mut running = inner.running.lock().expect("not poisoned");
            if running.get(&video_id).is_some_and(|r| r.cancel == cancel) {
                running.remove(&video_id);
            }
            drop(running);
            let _ = done_tx.send(true);
        });
        Ok(None)
    }

    async fn cancel(&self, video_id: &str, _job_id: Option<&str>) {
        let running = self
            .inner
            .running
            .lock()
            .expect("not poisoned")
            .remove(video_id);
        if let Some(mut running) = running {
            running.cancel.cancel();
            // The child is killed when its future is dropped; wait for that to happen.
            let _ =
                tokio::time::timeout(Duration::from_secs(10), running.done.wait_for(|done| *done))
                    .await;
        }
    }
}

impl Inner {
    /// Takes a free slot, or joins the queue at its owner's turn (see [`turn_of`]) and
    /// records the places from there on.
    async fn enqueue(
        &self,
        video_id: &str,
        owner: Option<&str>,
        token: &CancellationToken,
    ) -> Place {
        let mut queue = self.queue.lock().await;
        if queue.free > 0 && queue.waiting.is_empty() {
            queue.free -= 1;
            return Place::Slot;
        }
        let (go, ready) = oneshot::channel();
        let owners: Vec<Option<&str>> = queue.waiting.iter().map(|w| w.owner.as_deref()).collect();
        let index = turn_of(&owners, owner);
        queue.waiting.insert(
            index,
            Waiter {
                video_id: video_id.to_owned(),
                owner: owner.map(str::to_owned),
                token: token.clone(),
                go,
            },
        );
        self.renumber(&queue, index).await;
        Place::Waiting(ready)
    }

    /// Waits until the run holds a slot (None when cancelled first), then records that
    /// work started: the place in the queue clears.
    async fn wait_for_slot(
        self: Arc<Self>,
        place: Place,
        video_id: &str,
        token: &CancellationToken,
    ) -> Option<Slot> {
        if let Place::Waiting(mut ready) = place {
            tokio::select! {
                sent = &mut ready => {
                    if sent.is_err() {
                        return None;
                    }
                }
                _ = token.cancelled() => {
                    let mut queue = self.queue.lock().await;
                    match queue.waiting.iter().position(|w| w.token == *token) {
                        Some(index) => {
                            queue.waiting.remove(index);
                            self.renumber(&queue, index).await;
                        }
                        // The slot was handed over just now: pass it on.
                        None => {
                            drop(queue);
                            drop(Slot { inner: self.clone() });
                        }
                    }
                    return None;
                }
            }
        }
        let slot = Slot {
            inner: self.clone(),
        };
        if token.is_cancelled() {
            return None;
        }
        self.reporter
            .report_or_log(video_id, None, Outcome::Progress(0))
            .await;
        Some(slot)
    }

    /// A slot came free: the first waiter still there gets it, or it stays free.
    async fn release(&self) {
        let mut queue = self.queue.lock().await;
        while let Some(waiter) = queue.waiting.pop_front() {
            if waiter.go.send(()).is_ok() {
                self.renumber(&queue, 0).await;
                return;
            }
        }
        queue.free += 1;
    }

    /// Records the new places of the waiters from `from` on (those behind a departure).
    async fn renumber(&self, queue: &Queue, from: usize) {
        for (index, waiter) in queue.waiting.iter().enumerate().skip(from) {
            self.reporter
                .report_or_log(&waiter.video_id, None, Outcome::Queued(index as i32 + 1))
                .await;
        }
    }

    /// The whole job, once it holds a slot, stopping at the first step after `cancel` fires
    /// (ffmpeg itself is killed and reaped before this returns); `Err` holds the reason
    /// shown to people.
    async fn run(
        &self,
        job: &Job,
        work: &Path,
        cancel: &CancellationToken,
    ) -> Result<Outcome, String> {
        let cancelled = || "cancelled".to_owned();
        tokio::fs::create_dir_all(work.join("out/thumbs"))
            .await
            .map_err(internal)?;
        let input = match self.stores.uploads.local_path(&job.source_key) {
            Some(path) => path,
            None => {
                let path = work.join("input");
                tokio::select! {
                    downloaded = self.stores.uploads.download_to(&job.source_key, &path) => {
                        downloaded.map_err(|error| format!("could not read the upload: {error}"))?
                    }
                    _ = cancel.cancelled() => return Err(cancelled()),
                }
                path
            }
        };
        let probe = self.probe(&input).await?;
        check_caps(&probe, &self.settings)?;
        self.transcode(job, &input, &probe, &work.join("out"), cancel)
            .await?;
        let out = work.join("out");
        let prefix = media_prefix(&job.video_id);
        for file in files_under(&out).await.map_err(internal)? {
            if cancel.is_cancelled() {
                return Err(cancelled());
            }
            let relative = file
                .strip_prefix(&out)
                .map_err(internal)?
                .to_string_lossy()
                .into_owned();
            self.stores
                .media
                .put_file(&format!("{prefix}{relative}"), &file, content_type(&file))
                .await
                .map_err(|error| format!("could not store the output: {error}"))?;
        }
        let thumbnails = self
            .stores
            .media
            .list(&thumbnails_prefix(&job.video_id))
            .await
            .map_err(|error| format!("could not list the thumbnails: {error}"))?;
        Ok(Outcome::Ready {
            playback_key: format!("{prefix}hls/master.m3u8"),
            thumbnail_key: thumbnails.into_iter().next(),
            duration_ms: Some((probe.duration_secs * 1000.0) as i64),
        })
    }

    async fn probe(&self, input: &Path) -> Result<Probe, String> {
        let probing = Command::new(&self.settings.ffprobe)
            .args([
                "-v",
                "error",
                "-show_entries",
                "format=duration:stream=codec_type,width,height",
            ])
            .args(["-of", "json"])
            .args(["-format_whitelist", INPUT_FORMATS])
            .args(["-protocol_whitelist", INPUT_PROTOCOLS])
            .arg(input)
            .kill_on_drop(true)
            .output();
        let output = tokio::time::timeout(PROBE_TIMEOUT, probing)
            .await
            .map_err(|_| "the upload took too long to read; it may be damaged".to_owned())?
            .map_err(|error| format!("could not run ffprobe: {error}"))?;
        if !output.status.success() {
            return Err("the upload is not a video ffmpeg can read".into());
        }
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(internal)?;
        let streams = json["streams"].as_array().cloned().unwrap_or_default();
        let video = streams.iter().filter(|s| s["codec_type"] == "video");
        let height = video
            .clone()
            .filter_map(|s| s["height"].as_u64())
            .max()
            .ok_or("the upload has no video stream")?;
        let width = video.filter_map(|s| s["width"].as_u64()).max().unwrap_or(0);
        let duration_secs = json["format"]["duration"]
            .as_str()
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|d| *d > 0.0)
            .ok_or("the upload has no duration")?;
        Ok(Probe {
            width: u32::try_from(width).unwrap_or(u32::MAX),
            height: u32::try_from(height).unwrap_or(u32::MAX),
            has_audio: streams.iter().any(|s| s["codec_type"] == "audio"),
            duration_secs,
        })
    }

    async fn transcode(
        &self,
        job: &Job,
        input: &Path,
        probe: &Probe,
        out: &Path,
        cancel: &CancellationToken,
    ) -> Result<(), String> {
        let rungs: Vec<_> = LADDER
            .iter()
            .enumerate()
            .filter(|(index, (height, _))| *index == 0 || *height <= probe.height)
            .map(|(_, rung)| *rung)
            .collect();
        let mut command = Command::new(&self.settings.ffmpeg);
        command
            .args([
                "-hide_banner",
                "-nostdin",
                "-y",
                "-nostats",
                "-progress",
                "pipe:1",
            ])
            .args(["-format_whitelist", INPUT_FORMATS])
            .args(["-protocol_whitelist", INPUT_PROTOCOLS])
            .arg("-i")
            .arg(input);
        let splits: String = (0..rungs.len()).map(|i| format!("[s{i}]")).collect();
        let mut graph = format!("[0:v]split={}{splits}", rungs.len());
        for (i, (height, _)) in rungs.iter().enumerate() {
            graph.push_str(&format!(";[s{i}]scale=-2:{height}[v{i}]"));
        }
        command.args(["-filter_complex", &graph]);
        let mut stream_map = Vec::new();
        for (i, (_, bitrate)) in rungs.iter().enumerate() {
            command.args(["-map", &format!("[v{i}]")]);
            command.arg(format!("-b:v:{i}")).arg(bitrate);
            if probe.has_audio {
                command.args(["-map", "0:a:0"]);
                stream_map.push(format!("v:{i},a:{i}"));
            } else {
                stream_map.push(format!("v:{i}"));
            }
        }
        let keyframes = "expr:gte(t,n_forced*2)";
        command
            .args([
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                // What every player decodes (Safari, iOS, hardware decoders): 8-bit 4:2:0,
                // High profile, whatever the source's pixel format (4:4:4, 10-bit, …).
                "-pix_fmt",
                "yuv420p",
                "-profile:v",
                "high",
                "-force_key_frames",
                keyframes,
            ])
            .args(["-c:a", "aac", "-b:a", "128k", "-ac", "2"])
            .args(["-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod"])
            .args(["-master_pl_name", "master.m3u8"])
            .args(["-var_stream_map", &stream_map.join(" ")])
            .arg("-hls_segment_filename")
            .arg(out.join("hls/v%v/seg%05d.ts"))
            .arg(out.join("hls/v%v/index.m3u8"));
        // `eof_action=pass`: a clip shorter than the interval still gets its one thumbnail
        // (which is also its poster); longer ones get the same frames as without it.
        let fps = format!(
            "fps=1/{}:eof_action=pass,scale=-2:180",
            self.settings.thumbnail_interval.as_secs()
        );
        command
            .args(["-map", "0:v:0", "-vf", &fps, "-q:v", "5"])
            .arg(out.join("thumbs/%05d.jpg"));
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| format!("could not run ffmpeg: {error}"))?;
        let mut stderr = child.stderr.take().expect("piped");
        let errors = tokio::spawn(async move {
            let mut tail = Vec::new();
            let mut chunk = [0u8; 4096];
            while let Ok(read) = stderr.read(&mut chunk).await {
                if read == 0 {
                    break;
                }
                tail.extend_from_slice(&chunk[..read]);
                if tail.len() > STDERR_TAIL {
                    tail.drain(..tail.len() - STDERR_TAIL);
                }
            }
            String::from_utf8_lossy(&tail).into_owned()
        });
        let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
        let total_us = probe.duration_secs * 1_000_000.0;
        let mut last_sent = Instant::now() - PROGRESS_EVERY;
        let mut last_percent = 0;
        let progress = async {
            while let Ok(Some(line)) = lines.next_line().await {
                let Some(value) = line.strip_prefix("out_time_us=") else {
                    continue;
                };
                let Ok(done_us) = value.trim().parse::<f64>() else {
                    continue;
                };
                let percent = ((done_us / total_us) * 100.0).clamp(0.0, 99.0) as i32;
                if percent > last_percent && last_sent.elapsed() >= PROGRESS_EVERY {
                    last_percent = percent;
                    last_sent = Instant::now();
                    self.reporter
                        .report_or_log(&job.video_id, None, Outcome::Progress(percent))
                        .await;
                }
            }
        };
        let limit = self.settings.timeout_min
            + Duration::from_secs_f64(probe.duration_secs * self.settings.timeout_factor);
        let timed_out = tokio::select! {
            _ = progress => false,
            _ = cancel.cancelled() => false,
            _ = tokio::time::sleep(limit) => true,
        };
        if timed_out {
            let _ = child.kill().await;
            tracing::warn!(video_id = %job.video_id, ?limit, "ffmpeg timed out");
            return Err(format!(
                "transcoding took longer than the {} minutes allowed for this video",
                limit.as_secs().div_ceil(60)
            ));
        }
        if cancel.is_cancelled() {
            // Killed and reaped before returning: nothing writes after a delete answers.
            let _ = child.kill().await;
            return Err("cancelled".into());
        }
        let status = child.wait().await.map_err(internal)?;
        let errors = errors.await.unwrap_or_default();
        if status.success() {
            return Ok(());
        }
        let last = errors
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(format!("ffmpeg could not transcode the video: {last}"))
    }
}

struct Probe {
    width: u32,
    height: u32,
    has_audio: bool,
    duration_secs: f64,
}

/// Refuses what is too long or too large to transcode here, with a reason people can read.
fn check_caps(probe: &Probe, settings: &TranscodeSettings) -> Result<(), String> {
    let max_secs = settings.max_duration.as_secs_f64();
    if probe.duration_secs > max_secs {
        return Err(format!(
            "the video is longer than the {} minutes allowed",
            settings.max_duration.as_secs() / 60
        ));
    }
    if probe.width > settings.max_width || probe.height > settings.max_height {
        return Err(format!(
            "the video is larger than the {}×{} allowed",
            settings.max_width, settings.max_height
        ));
    }
    Ok(())
}

/// Where a new run of `owner` joins a queue of runs of `waiting` owners: before the first
/// run that is further into its owner's turns than the new one will be. Owners with fewer
/// runs waiting go first, so the queue takes turns (a, a, a, b → a, b, a, a).
fn turn_of(waiting: &[Option<&str>], owner: Option<&str>) -> usize {
    let mut seen: HashMap<Option<&str>, usize> = HashMap::new();
    let mine = waiting.iter().filter(|w| **w == owner).count();
    for (index, waiter) in waiting.iter().enumerate() {
        let turn = seen.entry(*waiter).or_insert(0);
        if *turn > mine {
            return index;
        }
        *turn += 1;
    }
    waiting.len()
}

fn internal(error: impl std::fmt::Display) -> String {
    format!("transcoding failed: {error}")
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("m3u8") => "application/vnd.apple.mpegurl",
        Some("ts") => "video/mp2t",
        Some("jpg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

async fn files_under(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let mut entries = tokio::fs::read_dir(&dir).await?;
        while let Some(entry) = entries.next_entry().await? {
            if entry.file_type().await?.is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queue_after(arrivals: &[&str]) -> Vec<String> {
        let mut queue: Vec<Option<&str>> = Vec::new();
        for owner in arrivals {
            let index = turn_of(&queue, Some(owner));
            queue.insert(index, Some(owner));
        }
        queue.into_iter().map(|o| o.unwrap().to_owned()).collect()
    }

    #[test]
    fn the_queue_takes_turns_between_owners_in_order_of_arrival() {
        assert_eq!(queue_after(&["a", "a", "a", "b"]), ["a", "b", "a", "a"]);
        assert_eq!(
            queue_after(&["a", "a", "a", "b", "c", "b"]),
            ["a", "b", "c", "a", "b", "a"]
        );
        // One owner alone: first come, first served.
        assert_eq!(queue_after(&["a", "a"]), ["a", "a"]);
        // Videos whose uploader is gone take turns as one owner.
        let mut queue = vec![None, None];
        let index = turn_of(&queue, Some("a"));
        queue.insert(index, Some("a"));
        assert_eq!(queue, [None, Some("a"), None]);
    }

    #[test]
    fn caps_refuse_long_or_large_videos_with_a_readable_reason() {
        let settings = crate::config::Settings::defaults().unwrap().transcode;
        let probe = |width, height, duration_secs| Probe {
            width,
            height,
            has_audio: true,
            duration_secs,
        };
        assert!(check_caps(&probe(1920, 1080, 5400.0), &settings).is_ok());
        let long = check_caps(&probe(1920, 1080, 7.0 * 3600.0), &settings).unwrap_err();
        assert_eq!(long, "the video is longer than the 360 minutes allowed");
        let large = check_caps(&probe(7680, 4320, 60.0), &settings).unwrap_err();
        assert_eq!(large, "the video is larger than the 4096×2160 allowed");
    }
}
