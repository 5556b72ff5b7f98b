// i18next set-up: Korean and English. Korean first for Korean browsers, English otherwise;
// the choice made with the top bar's switch is kept in localStorage and mirrored to
// <html lang> (the Korean font stack and line breaking follow `lang`).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { ko } from "./ko";

export const LOCALES = ["ko", "en"] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = "vivid.locale";

/** The stored choice if any, else the first of the browser's languages we speak, else English. */
export function pickLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === "ko" || stored === "en") return stored;
  for (const language of languages) {
    const base = language.toLowerCase().split("-")[0];
    if (base === "ko" || base === "en") return base;
  }
  return "en";
}

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  void i18n.changeLanguage(locale);
}

i18n.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: pickLocale(storedLocale(), navigator.languages ?? [navigator.language]),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
