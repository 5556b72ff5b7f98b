import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the app with hot reload and forwards the API and sockets to a
// server on :8080 (`scripts/run`). `npm run build` writes dist/, which the server serves.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": "http://localhost:8080",
      "/ws": { target: "ws://localhost:8080", ws: true },
    },
  },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
});
