// The session gate and the route table. Screens load as their own chunks: sign-in and the
// dashboard never pull in Quill, Yjs or hls.js (those live in the video room's chunk).
import { lazy, Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { get, maySignedIn, onAuthChange, renew } from "./api/http";
import { captureJoinToken } from "./api/invitations";
import type { Me } from "./api/types";
import { queryClient } from "./api/query";
import { SignIn } from "./screens/SignIn";
import { IntegrationReturn } from "./ui/IntegrationReturn";
import { Shell } from "./ui/Shell";
import { Loading } from "./ui/Loading";

const Dashboard = lazy(() => import("./screens/Dashboard"));
const Spaces = lazy(() => import("./screens/Spaces"));
const SpaceScreen = lazy(() => import("./screens/space/SpaceScreen"));
const VideoRoom = lazy(() => import("./video/VideoRoom"));
const Join = lazy(() => import("./screens/Join"));

// An invite link's token moves out of the address bar before anything renders.
captureJoinToken();
const SearchScreen = lazy(() => import("./search/SearchScreen"));

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(maySignedIn);

  useEffect(() => {
    const load = async (signedIn: boolean) => {
      if (!signedIn) queryClient.clear();
      setMe(signedIn ? await get<Me>("/api/me").catch(() => null) : null);
      setChecking(false);
    };
    const off = onAuthChange((signedIn) => void load(signedIn));
    if (maySignedIn()) {
      void renew().then((signedIn) => {
        if (!signedIn) setChecking(false);
      });
    }
    return () => {
      off();
    };
  }, []);

  if (checking) return <Loading />;
  if (!me) return <SignIn />;
  return (
    <Shell me={me}>
      <IntegrationReturn />
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Dashboard me={me} />} />
          <Route path="/spaces" element={<Spaces />} />
          <Route path="/spaces/:id" element={<SpaceScreen me={me} />} />
          <Route path="/videos/:id" element={<VideoRoom me={me} />} />
          <Route path="/join" element={<Join />} />
          <Route path="/search" element={<SearchScreen />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
