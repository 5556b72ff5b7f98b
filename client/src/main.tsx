// The app's providers: i18n (imported first, so <html lang> is right before the first paint),
// TanStack Query, the router, tooltips and toasts.
import "./i18n";
import { QueryClientProvider } from "@tanstack/react-query";
import * as Tooltip from "@radix-ui/react-tooltip";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App";
import { queryClient } from "./api/query";
import { Toasts } from "./ui/toast";
import "./styles/tokens.css";
import "./styles/base.css";
import "./styles/app.css";

// Old links were hash routes (#/videos/…): keep them working.
if (location.hash.startsWith("#/")) history.replaceState(null, "", location.hash.slice(1));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Tooltip.Provider delayDuration={300}>
          <App />
          <Toasts />
        </Tooltip.Provider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
