// Sign-in: the ways the server offers (`GET /api/auth/providers`): Google, and the dev form
// in the embedded profile. A failed Google login comes back as `?login_error=<code>`.
import { LogIn } from "lucide-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { devLogin, expectSession, providers } from "../api/http";
import { pendingJoinToken } from "../api/invitations";
import { errorMessage } from "../api/errors";
import { ErrorNote } from "../ui/ErrorNote";
import { LanguageSwitch } from "../ui/LanguageSwitch";
import { Logo } from "../ui/Logo";
import { useTitle } from "../ui/useTitle";

export function SignIn() {
  const { t } = useTranslation();
  useTitle(t("signIn.title"));
  // Opened from an invite link: say so, and come back to it after Google.
  const joining = location.pathname === "/join" && pendingJoinToken() !== null;
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(location.search).get("login_error");
    return code ? t(`errors.${code}`, { defaultValue: t("errors.login_failed") }) : null;
  });
  // Until the server says, offer the dev form (a server without /providers has it in development).
  const [offered, setOffered] = useState<{ dev_login: boolean; google: boolean } | null>(null);

  useEffect(() => {
    void providers().then((p) => setOffered(p ?? { dev_login: true, google: false }));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await devLogin(email, name);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      <div className="signin-top"><LanguageSwitch /></div>
      <main className="signin card" id="main">
        <Logo />
        <h1>{t("signIn.heading")}</h1>
        <p className="muted">{t("signIn.tagline")}</p>
        {joining && <p className="signin-join" data-testid="signin-join">{t("signIn.toJoin")}</p>}
        {offered?.google && (
          <a className="button primary large" href={joining ? "/api/auth/google/login?return_to=%2Fjoin" : "/api/auth/google/login"} onClick={expectSession}>
            <LogIn size={18} aria-hidden /> {t("signIn.google")}
          </a>
        )}
        {offered?.dev_login && (
          <form onSubmit={submit} aria-label={t("signIn.devForm")} className="stack">
            <label className="field">
              <span>{t("signIn.email")}</span>
              <input type="email" required autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <div className="field">
              <label htmlFor="signin-name">{t("signIn.name")}</label>
              <input id="signin-name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-hint" />
              <small id="name-hint" className="muted">{t("signIn.nameHint")}</small>
            </div>
            <button type="submit" className="button primary large" disabled={busy}>{t("signIn.dev")}</button>
          </form>
        )}
        {offered && !offered.google && !offered.dev_login && <p>{t("signIn.none")}</p>}
        {error && <ErrorNote message={error} onDismiss={() => setError(null)} />}
      </main>
    </div>
  );
}
