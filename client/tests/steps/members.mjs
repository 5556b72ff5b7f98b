// People leaving and coming back: removing a member asks first and keeps their private notes
// for a re-invitation; deleting a space sends the others away with a message.

import assert from "node:assert/strict";
import { BASE, pages, shot, users } from "../lib/browser.mjs";
import { openRoom, tab, typeInMemo, waitMemo } from "../lib/room.mjs";

export const members = [
  ["a removed member, invited again, finds their private notes", async (ctx) => {
    const { ada, grace } = pages;
    await openRoom(grace, BASE, ctx.videoId);
    await tab(grace, "My notes");
    await grace.getByText("Only you can see these notes.").waitFor();
    await typeInMemo(grace, "Grace's own note on merge sort.", "notes");
    await grace.waitForTimeout(500);
    await grace.goto(`${BASE}/spaces/${ctx.spaceId}`);

    await ada.goto(`${BASE}/spaces/${ctx.spaceId}`);
    await ada.getByRole("button", { name: "Remove Grace" }).click();
    const confirm = ada.getByTestId("confirm");
    await confirm.getByText("Their notes, progress and snapshots are kept").waitFor();
    await shot(ada, "flow-7-remove-confirm");
    await confirm.getByRole("button", { name: "Remove" }).click();
    await ada.getByTestId("toast").filter({ hasText: "Removed Grace." }).waitFor();
    // Grace's open page tells her and takes her to her spaces.
    await grace.getByTestId("toast").filter({ hasText: "You were removed from" }).waitFor({ timeout: 5000 });
    await grace.waitForURL(`${BASE}/spaces`);

    await ada.getByLabel("Invite by email").fill(users.grace.email);
    await ada.getByRole("button", { name: "Invite", exact: true }).click();
    await ada.getByTestId("participant").filter({ hasText: users.grace.email }).waitFor();
    await grace.goto(BASE);
    await grace.getByTestId("invitation").filter({ hasText: "Algorithms 2026" }).getByRole("button", { name: "Join Algorithms 2026" }).click();
    await grace.getByRole("heading", { name: "Algorithms 2026" }).waitFor();
    await openRoom(grace, BASE, ctx.videoId);
    await tab(grace, "My notes");
    await waitMemo(grace, (text) => text.includes("Grace's own note on merge sort."), { which: "notes", timeout: 5000 });
    await tab(grace, "Memo");
  }],

  ["a participant can leave a space after confirming", async () => {
    // Checked on the screen only: the button exists and asks first (the server test covers leaving).
    const { grace } = pages;
    await grace.goto(`${BASE}/spaces`);
    await grace.getByTestId("space").first().getByRole("link").click();
    await grace.getByRole("button", { name: "Leave space" }).click();
    await grace.getByTestId("confirm").getByText("Your notes and progress are kept").waitFor();
    await grace.getByTestId("confirm").getByRole("button", { name: "Cancel" }).click();
    assert.equal(await grace.getByTestId("confirm").count(), 0);
  }],

  ["deleting a space sends the others away with a message", async (ctx) => {
    const { ada, grace } = pages;
    await grace.goto(`${BASE}/spaces/${ctx.spaceId}`);
    await grace.getByRole("heading", { name: "Algorithms 2026" }).waitFor();
    await ada.goto(`${BASE}/spaces/${ctx.spaceId}`);
    await ada.getByRole("button", { name: "Delete space" }).click();
    await ada.getByTestId("confirm").getByRole("button", { name: "Delete space" }).click();
    await ada.waitForURL(`${BASE}/spaces`);
    await grace.getByTestId("toast").filter({ hasText: "The host deleted “Algorithms 2026”." }).waitFor({ timeout: 5000 });
    await grace.waitForURL(`${BASE}/spaces`);
    await shot(grace, "flow-8-space-deleted");
  }],
];
