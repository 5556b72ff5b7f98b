import { useEffect, useState } from "react";
import { ApiError, get, send, type Page } from "../api";

interface Version {
  version: number;
  created_at: string;
  name: string | null;
  contributors: string[];
  size_bytes: number;
}

/** Versions of the board: preview, save a named one, restore (live for everyone). */
export function History({ docKey }: { docKey: string }) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [preview, setPreview] = useState<{ version: number; text: string } | null>(null);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const load = () => get<Page<Version>>(`/api/docs/${docKey}/versions?limit=50`).then((p) => setVersions(p.items));
  useEffect(() => {
    void load();
  }, [docKey]);
  const fail = (e: unknown) => setMessage(e instanceof ApiError ? e.message : String(e));
  return (
    <div className="history" data-testid="history">
      <form className="inline" onSubmit={(e) => {
        e.preventDefault();
        send("POST", `/api/docs/${docKey}/versions`, name ? { name } : {})
          .then(() => { setName(""); setMessage("Saved."); return load(); })
          .catch(fail);
      }}>
        <input aria-label="Version name" placeholder="Name this version" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Save version</button>
        <button type="button" onClick={() => void load()}>Refresh</button>
      </form>
      {message && <p className="muted">{message}</p>}
      <ul className="list">
        {versions.map((v) => (
          <li key={v.version} data-testid="version">
            <strong>{v.name ?? `Version ${v.version}`}</strong>{" "}
            <span className="muted">{new Date(v.created_at).toLocaleString()}</span>{" "}
            <button onClick={() => void get<{ content: { memo: { text: string } } }>(`/api/docs/${docKey}/versions/${v.version}`)
              .then((full) => setPreview({ version: v.version, text: full.content.memo.text }))
              .catch(fail)}>Preview</button>
            <button onClick={() => void send("POST", `/api/docs/${docKey}/versions/${v.version}/restore`)
              .then(() => setMessage(`Restored version ${v.version}.`))
              .catch(fail)}>Restore</button>
          </li>
        ))}
        {versions.length === 0 && <li className="muted">No versions yet.</li>}
      </ul>
      {preview && (
        <div className="preview" data-testid="preview">
          <h4>Version {preview.version}</h4>
          <pre>{preview.text}</pre>
        </div>
      )}
    </div>
  );
}
