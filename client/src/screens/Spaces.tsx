import { useEffect, useState } from "react";
import { ApiError, get, send, type Page, type Space } from "../api";
import { go } from "../router";

export function Spaces() {
  const [spaces, setSpaces] = useState<Space[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = async (after: string | null = null) => {
    const page = await get<Page<Space>>(`/api/spaces?limit=20${after ? `&cursor=${after}` : ""}`);
    setSpaces((old) => (after ? [...old, ...page.items] : page.items));
    setCursor(page.next_cursor);
  };
  useEffect(() => {
    void load();
  }, []);

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const space = await send<Space>("POST", "/api/spaces", { name, description: "" });
      go(`/spaces/${space.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <section>
      <h1>Spaces</h1>
      <form onSubmit={create} className="inline">
        <input aria-label="New space name" placeholder="New space" required value={name}
          onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary">Create space</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <ul className="list">
        {spaces.map((space) => (
          <li key={space.id}>
            <a href={`#/spaces/${space.id}`}>{space.name}</a>{" "}
            <span className="muted">{space.role === "host" ? "host" : `hosted by ${space.host.name}`}</span>
          </li>
        ))}
      </ul>
      {cursor && <button onClick={() => void load(cursor)}>More</button>}
    </section>
  );
}
