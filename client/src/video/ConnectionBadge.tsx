// The room's connection as a badge: live, syncing, offline (edits merge on return), closed.
import { useTranslation } from "react-i18next";
import type { TicketProvider } from "../collab/provider";

export function ConnectionBadge({ provider, connection }: { provider: TicketProvider; connection: string }) {
  const { t } = useTranslation();
  const [state, synced] = connection.split(":");
  const label = state === "connected" ? (synced === "true" ? t("room.connection.live") : t("room.connection.syncing"))
    : state === "closed" ? t("room.connection.closed")
    : state === "offline" ? t("room.connection.offline")
    : t("room.connection.connecting");
  return (
    <span className={`connection ${state}`} data-testid="connection" data-state={state} data-synced={synced}
      title={state === "closed" ? provider.closedReason ?? undefined : undefined} role="status">
      <span className="dot" aria-hidden="true" />{label}
    </span>
  );
}
