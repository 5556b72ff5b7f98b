import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, get, request, send, type Me, type Page, type Space, type Video } from "../api";
import { subscribe } from "../events";
import { go } from "../router";
import { startUpload, type Upload } from "../upload";

interface Participant {
  id: string;
  email: string;
  user: { id: string; name: string } | null;
  role: "host" | "participant";
  status: string;
}

interface SpaceDetail extends Space {
  participants: Participant[];
  videos: Page<Video>;
}

interface Uploading {
  name: string;
  fraction: number;
  upload?: Upload;
  error?: string;
}

export function StatusBadge({ video }: { video: Video }) {
  const label = video.status === "transcoding" ? `transcoding ${video.percent}%` : video.status.replace("_", " ");
  return <span className={`badge ${video.status}`} data-testid="status">{label}</span>;
}

export function SpaceScreen({ id, me }: { id: string; me: Me }) {
  const [space, setSpace] = useState<SpaceDetail | null>(null);
  const [videos, setVideos] = useState<Video[]>([]);
  const [uploads, setUploads] = useState<Uploading[]>([]);
  const [imports, setImports] = useState<Record<string, number>>({});
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async () => {
    try {
      const detail = await get<SpaceDetail>(`/api/spaces/${id}`);
      setSpace(detail);
      setVideos(detail.videos.items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
    return subscribe((name, event) => {
      if (name === "resync") return void load();
      if (event.space_id !== id) return;
      if (name === "video_status") {
        setVideos((list) => list.map((v) => v.id === event.video_id
          ? { ...v, status: event.status as Video["status"], percent: event.percent ?? v.percent, status_reason: event.reason ?? null }
          : v));
      } else if (name === "import_progress") {
        const total = event.total_bytes ?? 0;
        setImports((all) => ({ ...all, [event.video_id!]: total ? (event.received_bytes ?? 0) / total : 0 }));
      } else if (name === "space_deleted") {
        go("/spaces");
      } else {
        void load();
      }
    });
  }, [id, load]);

  const upload = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const entry: Uploading = { name: file.name, fraction: 0 };
      setUploads((list) => [...list, entry]);
      const update = (patch: Partial<Uploading>) => {
        Object.assign(entry, patch);
        setUploads((list) => [...list]);
      };
      try {
        const started = await startUpload(id, file, (fraction) => update({ fraction }));
        update({ upload: started });
        await started.done;
        setUploads((list) => list.filter((u) => u !== entry));
      } catch (e) {
        update({ error: e instanceof Error ? e.message : String(e) });
      }
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!space) return <p>Loading…</p>;
  const isHost = space.role === "host";
  return (
    <section>
      <SpaceHeader space={space} isHost={isHost} onChange={load} />
      <div
        className="dropzone"
        data-testid="dropzone"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void upload(e.dataTransfer.files);
        }}
      >
        Drop videos here or{" "}
        <button className="link" onClick={() => fileInput.current?.click()}>choose files</button>
        <input ref={fileInput} type="file" accept="video/*" multiple hidden aria-label="Upload videos"
          onChange={(e) => e.target.files && void upload(e.target.files)} />
      </div>
      {uploads.map((u, index) => (
        <div key={index} className="upload" data-testid="upload">
          <span>{u.name}</span>
          <progress max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />
          {u.error ? <span className="error">{u.error}</span>
            : <button onClick={() => u.upload?.cancel()}>Cancel</button>}
        </div>
      ))}
      <h2>Videos</h2>
      <ul className="list videos">
        {videos.map((video) => (
          <li key={video.id} data-testid="video">
            <a href={`#/videos/${video.id}`}>{video.title}</a> <StatusBadge video={video} />
            {video.status === "transcoding" && <progress max={100} value={video.percent} aria-label="Transcoding" />}
            {imports[video.id] !== undefined && video.status === "awaiting_upload" && (
              <progress max={1} value={imports[video.id]} aria-label="Importing" />
            )}
            {video.status === "failed" && <span className="error"> {video.status_reason}</span>}
            {video.status === "failed" && (isHost || video.uploader_id === me.id) && (
              <button onClick={() => void send("POST", `/api/videos/${video.id}/retry`).then(load)}>Retry</button>
            )}
          </li>
        ))}
        {videos.length === 0 && <li className="muted">No videos yet.</li>}
      </ul>
      <WebexImport spaceId={id} />
      <Participants space={space} isHost={isHost} onChange={load} />
    </section>
  );
}

function SpaceHeader({ space, isHost, onChange }: { space: SpaceDetail; isHost: boolean; onChange: () => void }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(space.name);
  if (renaming) {
    return (
      <form className="inline" onSubmit={(e) => {
        e.preventDefault();
        void send("PATCH", `/api/spaces/${space.id}`, { name }).then(() => { setRenaming(false); onChange(); });
      }}>
        <input aria-label="Space name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary">Save</button>
      </form>
    );
  }
  return (
    <div className="heading">
      <h1>{space.name}</h1>
      {isHost && <button onClick={() => setRenaming(true)}>Rename</button>}
      {isHost && (
        <button className="danger" onClick={() => {
          if (confirm(`Delete ${space.name} with all its videos?`)) {
            void send("DELETE", `/api/spaces/${space.id}`).then(() => go("/spaces"));
          }
        }}>Delete space</button>
      )}
    </div>
  );
}

function Participants({ space, isHost, onChange }: { space: SpaceDetail; isHost: boolean; onChange: () => void }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <h2>Participants</h2>
      <ul className="list">
        {space.participants.map((p) => (
          <li key={p.id}>
            {p.user?.name ?? p.email} <span className="muted">{p.role} · {p.status}</span>
            {isHost && p.role !== "host" && (
              <button className="link" onClick={() => void send("DELETE", `/api/spaces/${space.id}/participants/${p.user?.id ?? p.id}`).then(onChange)}>Remove</button>
            )}
          </li>
        ))}
      </ul>
      {isHost && (
        <form className="inline" onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          send("POST", `/api/spaces/${space.id}/participants`, { email })
            .then(() => { setEmail(""); onChange(); })
            .catch((err) => setError(err instanceof ApiError ? err.message : String(err)));
        }}>
          <input type="email" aria-label="Invite by email" placeholder="email@example.com" required
            value={email} onChange={(e) => setEmail(e.target.value)} />
          <button type="submit">Invite</button>
        </form>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

interface Recording { id: string; topic: string; createTime?: string; durationSeconds?: number }

function WebexImport({ spaceId }: { spaceId: string }) {
  const [status, setStatus] = useState<{ configured: boolean; connected: boolean } | null>(null);
  const [recordings, setRecordings] = useState<Recording[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void get<{ configured: boolean; connected: boolean }>("/api/integrations/webex").then(setStatus);
  }, []);
  if (!status?.configured) return null;
  const connect = async () => {
    const { authorize_url } = await (await fetchJson("/api/integrations/webex/connect"));
    location.href = authorize_url;
  };
  return (
    <div>
      <h2>Import from Webex</h2>
      {!status.connected && <button onClick={() => void connect()}>Connect Webex</button>}
      {status.connected && recordings === null && (
        <button onClick={() => void get<Page<Recording>>("/api/integrations/webex/recordings?limit=20").then((p) => setRecordings(p.items))}>
          Show recordings
        </button>
      )}
      <ul className="list">
        {recordings?.map((r) => (
          <li key={r.id}>
            {r.topic} <span className="muted">{r.createTime}</span>
            <button onClick={() => void send("POST", `/api/spaces/${spaceId}/imports/webex`, { recordingId: r.id, title: r.topic })
              .then(() => setMessage(`Importing ${r.topic}…`))
              .catch((e) => setMessage(e instanceof ApiError ? e.message : String(e)))}>Import</button>
          </li>
        ))}
      </ul>
      {message && <p>{message}</p>}
    </div>
  );
}

async function fetchJson(path: string) {
  return (await request(path, { headers: { accept: "application/json" } })).json();
}
