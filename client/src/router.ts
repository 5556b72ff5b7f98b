// Hash routes: #/ (dashboard), #/spaces, #/spaces/{id}, #/videos/{id}.
import { useEffect, useState } from "react";

export type Route =
  | { name: "dashboard" }
  | { name: "spaces" }
  | { name: "space"; id: string }
  | { name: "video"; id: string };

export function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "spaces" && parts[1]) return { name: "space", id: parts[1] };
  if (parts[0] === "spaces") return { name: "spaces" };
  if (parts[0] === "videos" && parts[1]) return { name: "video", id: parts[1] };
  return { name: "dashboard" };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export function go(path: string) {
  location.hash = path;
}
