// Joining by invite link: the host makes a link in the participants panel; a visitor who opens
// it signs in first (the link's token survives that), sees the space and its host, and joins;
// a pending invitation shows on their dashboard with a badge until then; a revoked link is
// refused with its message. The dashboard with an invitation and the join screen are checked
// in both languages at desktop and phone width.

import assert from "node:assert/strict";
import { BASE, DESKTOP, PHONE, checkScreen, openPage, pages, shot, users } from "../lib/browser.mjs";

const CONTENT = ["Algorithms 2026", "Algorithms", "Ada", "Kim", "My videos"];

users.kim = { email: `kim-${Date.now().toString(36)}@example.com`, name: "Kim" };

/** Opens `url` signed out, signs in as Kim through the form it shows, and waits for `testid`. */
async function arriveSignedOut(name, url, { size = DESKTOP, locale = "en", testid }) {
  const page = await openPage(name, { size, locale });
  await page.goto(url);
  const english = locale === "en";
  await page.getByTestId("signin-join").waitFor();
  assert.equal(new URL(page.url()).hash, "", "the token leaves the address bar");
  await page.getByRole("textbox", { name: english ? "Email" : "이메일", exact: true }).fill(users.kim.email);
  await page.getByRole("textbox", { name: english ? "Name" : "이름", exact: true }).fill(users.kim.name);
  await page.getByRole("button", { name: english ? "Sign in" : "로그인", exact: true }).click();
  await page.getByTestId(testid).waitFor();
  return page;
}

export const invites = [
  ["a visitor joins by invite link after signing in; a revoked link is refused", async (ctx) => {
    const { ada } = pages;
    await ada.goto(`${BASE}/spaces/${ctx.spaceId}`);
    const panel = ada.getByTestId("invite-links");
    await panel.getByLabel("Works for").selectOption({ label: "1 day" });
    await panel.getByRole("button", { name: "Create link" }).click();
    const url = await panel.getByTestId("invite-url").inputValue();
    assert.match(url, /\/join#[A-Za-z0-9_-]{43}$/);
    const listed = panel.getByTestId("invite-link");
    await listed.filter({ hasText: "Expires" }).filter({ hasText: "0 people joined" }).waitFor();
    await panel.getByTestId("invite-new").scrollIntoViewIfNeeded();
    await shot(ada, "flow-3-invite-link");

    // Kim is also invited by email: the invitation waits on the dashboard with a badge.
    await ada.getByLabel("Invite by email").fill(users.kim.email);
    await ada.getByRole("button", { name: "Invite", exact: true }).click();
    await ada.getByTestId("participant").filter({ hasText: users.kim.email }).waitFor();

    // The join screen and the dashboard's invitation, in both languages and sizes (the link
    // is only looked at, not used, until the last one).
    for (const locale of ["ko", "en"]) {
      for (const [size, options] of [["desktop", DESKTOP], ["phone", PHONE]]) {
        const name = `kim-${locale}-${size}`;
        const page = await arriveSignedOut(name, url, { size: options, locale, testid: "join-card" });
        await page.getByRole("heading", { name: "Algorithms 2026" }).waitFor();
        await checkScreen(page, "join", { locale, size, allowed: CONTENT });
        await page.goto(BASE);
        await page.getByTestId("invitation").waitFor();
        await checkScreen(page, "dashboard-invitation", { locale, size, allowed: CONTENT });
        assert.equal(await page.getByTestId("invitation-badge").textContent(), "1");
        await page.context().close();
        delete pages[name];
      }
    }

    const kim = await arriveSignedOut("kim", url, { testid: "join-card" });
    await kim.getByText("Ada invites you to study together.").waitFor();
    await kim.getByRole("button", { name: "Join the space" }).click();
    await kim.waitForURL(`${BASE}/spaces/${ctx.spaceId}`);
    await kim.getByRole("heading", { name: "Algorithms 2026" }).waitFor();
    // The link took up the pending invitation: nothing waits any more.
    const answered = kim.waitForResponse((response) => response.url().includes("/api/me/invitations"));
    await kim.goto(BASE);
    await answered;
    await kim.waitForTimeout(300);
    assert.equal(await kim.getByTestId("invitation").count(), 0);
    assert.equal(await kim.getByTestId("invitation-badge").count(), 0);
    await ada.getByTestId("participant").filter({ hasText: "Kim" }).filter({ hasText: "Joined" }).waitFor({ timeout: 5000 });
    await listed.filter({ hasText: "1 person joined" }).waitFor({ timeout: 5000 });

    // Revoked: the next visitor is told so, in words.
    await listed.first().getByRole("button", { name: "Revoke link" }).click();
    await ada.getByTestId("confirm").getByRole("button", { name: "Revoke link" }).click();
    await ada.getByTestId("toast").filter({ hasText: "Link revoked." }).waitFor();
    await listed.first().waitFor({ state: "detached" });
    await kim.goto(url);
    await kim.getByTestId("join-refused").getByText("The host turned this invite link off. Ask them for a new one.").waitFor();
    await shot(kim, "flow-3b-invite-link-revoked");
    await kim.getByRole("button", { name: "Go to the dashboard" }).click();
    await kim.waitForURL(`${BASE}/`);
    await kim.context().close();
    delete pages.kim;
  }],
];
