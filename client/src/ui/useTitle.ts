// The document title per screen: "Algorithms · VIVID".
import { useEffect } from "react";

export function useTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · VIVID` : "VIVID";
  }, [title]);
}
