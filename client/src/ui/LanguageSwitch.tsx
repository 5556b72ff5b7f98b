// The language switch in the top bar: 한국어 / English.
import { Languages } from "lucide-react";
import { useTranslation } from "react-i18next";
import { setLocale, type Locale } from "../i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language">
      <Languages size={18} aria-hidden />
      <span className="visually-hidden">{t("nav.language")}</span>
      <select value={i18n.language} data-testid="language" onChange={(e) => setLocale(e.target.value as Locale)}>
        <option value="ko" lang="ko">한국어</option>
        <option value="en" lang="en">English</option>
      </select>
    </label>
  );
}
