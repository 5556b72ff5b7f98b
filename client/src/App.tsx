import { useEffect, useState } from "react";
import { get, logout, onAuthChange, renew, type Me } from "./api";
import { useRoute } from "./router";
import { SignIn } from "./screens/SignIn";
import { Dashboard } from "./screens/Dashboard";
import { Spaces } from "./screens/Spaces";
import { SpaceScreen } from "./screens/Space";
import { VideoRoom } from "./video/VideoRoom";

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const route = useRoute();

  useEffect(() => {
    const load = async (signedIn: boolean) => {
      setMe(signedIn ? await get<Me>("/api/me").catch(() => null) : null);
      setChecking(false);
    };
    const off = onAuthChange((signedIn) => void load(signedIn));
    void renew().then((signedIn) => {
      if (!signedIn) setChecking(false);
    });
    return () => {
      off();
    };
  }, []);

  if (checking) return <p className="centered">Loading…</p>;
  if (!me) return <SignIn />;
  return (
    <div className="app">
      <header className="topbar">
        <a href="#/" className="brand">VIVID</a>
        <nav>
          <a href="#/">Dashboard</a>
          <a href="#/spaces">Spaces</a>
        </nav>
        <span className="who" data-testid="me">{me.name}</span>
        <button className="link" onClick={() => void logout()}>Sign out</button>
      </header>
      <main>
        {route.name === "dashboard" && <Dashboard />}
        {route.name === "spaces" && <Spaces />}
        {route.name === "space" && <SpaceScreen id={route.id} me={me} />}
        {route.name === "video" && <VideoRoom key={route.id} videoId={route.id} me={me} />}
      </main>
    </div>
  );
}
