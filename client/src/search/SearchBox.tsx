// The top bar's search box: Enter opens the results (/search?q=…); `/` focuses it from
// anywhere but a text field or an editor. On phones the box folds into an icon that opens
// the search screen, whose own field takes the focus.
import { Search } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { isSearchKey, normalize, searchHref } from "./query";

export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const onSearch = location.pathname === "/search";
  const current = onSearch ? params.get("q") ?? "" : "";
  const [q, setQ] = useState(current);
  const input = useRef<HTMLInputElement>(null);

  // Follow the results screen's query (back/forward, a search from its own field).
  useEffect(() => setQ(current), [current]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchKey(event)) return;
      event.preventDefault();
      const box = input.current;
      // The box is hidden on phones: the search screen's field takes the focus there.
      if (box && box.offsetParent !== null) {
        box.focus();
        box.select();
      } else {
        navigate(onSearch ? location.pathname + location.search : "/search", { state: { focus: Date.now() } });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, onSearch, location.pathname, location.search]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!normalize(q)) return;
    navigate(searchHref(q));
  };

  return (
    <>
      <form role="search" aria-label={t("search.title")} className="topbar-search" onSubmit={submit}>
        <Search size={16} aria-hidden className="topbar-search-icon" />
        <input ref={input} type="search" aria-label={t("search.label")} placeholder={t("search.placeholder")}
          value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} enterKeyHint="search"
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()} data-testid="search-box" />
        <kbd aria-hidden="true" title={t("search.shortcut")}>/</kbd>
      </form>
      <Link to="/search" className="topbar-search-link icon-button" aria-label={t("search.title")}>
        <Search size={20} aria-hidden />
      </Link>
    </>
  );
}
