import { useEffect, useState } from "react";
import { get, type Video } from "../api";
import { StatusBadge } from "./Space";

interface Dashboard {
  spaces: number;
  individual_videos: number;
  completed_videos: number;
  last_studied: { id: string; progress_percent: number; video: Video } | null;
  recent_videos: Video[];
  webex_connected: boolean;
}

export function Dashboard() {
  const [data, setData] = useState<Dashboard | null>(null);
  useEffect(() => {
    void get<Dashboard>("/api/me/dashboard").then(setData);
  }, []);
  if (!data) return <p>Loading…</p>;
  return (
    <section>
      <h1>Dashboard</h1>
      <div className="stats">
        <div className="card"><strong>{data.spaces}</strong> spaces</div>
        <div className="card"><strong>{data.individual_videos}</strong> videos</div>
        <div className="card"><strong>{data.completed_videos}</strong> completed</div>
        <div className="card">Webex: {data.webex_connected ? "connected" : "not connected"}</div>
      </div>
      {data.last_studied && (
        <p>
          Last studied:{" "}
          <a href={`#/videos/${data.last_studied.video.id}`}>{data.last_studied.video.title}</a>{" "}
          ({data.last_studied.progress_percent}%)
        </p>
      )}
      <h2>Recent videos</h2>
      <ul className="list">
        {data.recent_videos.map((video) => (
          <li key={video.id}>
            <a href={`#/videos/${video.id}`}>{video.title}</a> <StatusBadge video={video} />
          </li>
        ))}
        {data.recent_videos.length === 0 && <li className="muted">No videos yet.</li>}
      </ul>
    </section>
  );
}
