// The signed-in frame: top bar (logo, navigation, language switch, who is signed in, sign
// out), a skip link, and the live library events that keep every screen fresh.
import { LayoutDashboard, LogOut, Users } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router-dom";
import { logout } from "../api/http";
import { usePendingInvitations } from "../api/invitations";
import { useLibraryEvents } from "../api/query";
import "../styles/invites.css";
import type { Me } from "../api/types";
import { IconButton } from "./IconButton";
import { LanguageSwitch } from "./LanguageSwitch";
import { Logo } from "./Logo";

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  useLibraryEvents();
  const pending = usePendingInvitations().data?.items.length ?? 0;
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t("nav.skip")}</a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t("nav.home")}><Logo /></Link>
        <nav aria-label={t("nav.main")}>
          <NavLink to="/" end>
            <LayoutDashboard size={18} aria-hidden /><span>{t("nav.dashboard")}</span>
            {pending > 0 && (
              <>
                <span className="count-badge" data-testid="invitation-badge" aria-hidden="true">{pending > 99 ? "99+" : pending}</span>
                <span className="visually-hidden">{t("invitations.badge", { count: pending })}</span>
              </>
            )}
          </NavLink>
          <NavLink to="/spaces"><Users size={18} aria-hidden /><span>{t("nav.spaces")}</span></NavLink>
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="who" data-testid="me" title={me.email}>
            <span className="avatar small" aria-hidden="true">{me.name.slice(0, 1).toUpperCase()}</span>
            <span className="who-name">{me.name}</span>
          </span>
          <IconButton label={t("nav.signOut")} icon={<LogOut size={18} aria-hidden />} onClick={() => void logout()} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </div>
  );
}
