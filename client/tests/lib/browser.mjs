// The browser and what every step needs from it: Chromium with pages at desktop (1360×900)
// or phone (390×844, touch) size in a chosen language, signing in through the dev form,
// screenshots, and the checks every screen gets (axe-core, no sideways scrolling on phones,
// no English left on a Korean screen).

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BASE = process.env.VIVID_URL ?? "http://127.0.0.1:8080";
export const SHOTS = process.env.SCREENSHOTS ?? "test-results/screenshots";
mkdirSync(SHOTS, { recursive: true });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const AXE_SOURCE = readFileSync(AXE, "utf8");

export const DESKTOP = { viewport: { width: 1360, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"],
});

/** Every open page by name, for failure screenshots. */
export const pages = {};
/** Console errors and page errors per page name. */
export const consoleErrors = {};

const unique = Date.now().toString(36);
export const users = {
  ada: { email: `ada-${unique}@example.com`, name: "Ada" },
  grace: { email: `grace-${unique}@example.com`, name: "Grace" },
  lin: { email: `lin-${unique}@example.com`, name: "Lin" },
};

/** A new page (own context) named `name`, in `locale` ("en" or "ko"), at `size`. */
export async function openPage(name, { size = DESKTOP, locale = "en" } = {}) {
  const context = await browser.newContext({
    ...size,
    locale: locale === "ko" ? "ko-KR" : "en-US",
    extraHTTPHeaders: { "accept-language": locale === "ko" ? "ko-KR,ko" : "en-US,en" },
  });
  const page = await context.newPage();
  consoleErrors[name] = [];
  page.on("pageerror", (error) => {
    consoleErrors[name].push(error.message);
    console.error(`[${name}] page error:`, error.message);
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors[name].push(message.text());
  });
  pages[name] = page;
  return page;
}

/** Signs `who` in through the dev form on a new page and waits for the signed-in app. */
export async function signIn(who, options = {}) {
  const page = await openPage(options.name ?? who, options);
  await page.goto(BASE);
  const english = (options.locale ?? "en") === "en";
  await page.getByRole("textbox", { name: english ? "Email" : "이메일", exact: true }).fill(users[who].email);
  await page.getByRole("textbox", { name: english ? "Name" : "이름", exact: true }).fill(users[who].name);
  await page.getByRole("button", { name: english ? "Sign in" : "로그인", exact: true }).click();
  await page.getByTestId("me").waitFor();
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function axe(page, where) {
  // Evaluated, not added as a <script>: the app's Content-Security-Policy refuses inline
  // scripts, and the tests run under it.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, [], `axe on ${where}`);
}

/** On a phone nothing scrolls sideways. */
export async function noSidewaysScroll(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${where}: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
}

/**
 * On a Korean screen no English word is left: no run of three or more Latin letters in the
 * visible text and the accessible names, once people's content (`allowed`, email addresses)
 * and product names are set aside.
 */
export async function noEnglish(page, where, allowed) {
  let text = await page.evaluate(() => {
    const texts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll("[aria-label], [placeholder], [title], img[alt]")) {
      if (el.closest("[hidden], [aria-hidden=true]")) continue;
      for (const name of ["aria-label", "placeholder", "title", "alt"]) {
        const value = el.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    return texts.join("\n");
  });
  // People's email addresses and what they wrote stay as written.
  text = text.replace(/\S+@\S+/g, " ");
  for (const phrase of [...allowed].sort((a, b) => b.length - a.length)) text = text.split(phrase).join(" ");
  const words = text.match(/[A-Za-z][A-Za-z'’]{2,}/g) ?? [];
  // "English" is the language switch's option, named in its own language.
  const allow = new Set(["VIVID", "Google", "Webex", "Zoom", "MP4", "MOV", "English", "PDF", "Alt"]);
  const left = [...new Set(words.filter((w) => !allow.has(w)))];
  assert.deepEqual(left, [], `English left on the Korean ${where}`);
}

/** The checks every screen gets, and its screenshot: `<screen>-<locale>-<size>.png`. */
export async function checkScreen(page, screen, { locale, size, allowed = [] }) {
  // (Never "networkidle": the event stream and the room's socket stay open.)
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => Promise.all([...document.images].filter((img) => !img.complete && img.loading !== "lazy")
    .map((img) => new Promise((resolve) => { img.onload = img.onerror = resolve; }))));
  // Tooltips and toasts come and go; let them settle.
  await page.waitForTimeout(300);
  await shot(page, `${screen}-${locale}-${size}`);
  await axe(page, `${screen} (${locale}, ${size})`);
  if (size === "phone") await noSidewaysScroll(page, `${screen} (${locale})`);
  if (locale === "ko") await noEnglish(page, screen, allowed);
}

/** Waits until `check()` holds (polling), or fails with `what`. */
export async function eventually(check, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${what} (last: ${JSON.stringify(last)})`);
}
