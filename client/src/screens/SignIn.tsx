import { useEffect, useState } from "react";
import { ApiError, devLogin } from "../api";

/** Google sign-in, and the dev-login form when the server offers it (embedded profile). */
export function SignIn() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [google, setGoogle] = useState(false);

  useEffect(() => {
    // Google is configured when its login endpoint redirects rather than answering 404.
    fetch("/api/auth/google/login", { redirect: "manual" })
      .then((response) => setGoogle(response.type === "opaqueredirect" || response.status === 302))
      .catch(() => setGoogle(false));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await devLogin(email, name || email.split("@")[0]);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <div className="signin card">
      <h1>VIVID</h1>
      <p>Study lecture recordings together.</p>
      {google && (
        <a className="button primary" href="/api/auth/google/login">Sign in with Google</a>
      )}
      <form onSubmit={submit} aria-label="Dev login">
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="primary">Sign in (dev)</button>
        {error && <p className="error" role="alert">{error}</p>}
      </form>
    </div>
  );
}
