// Browser tests: students in Chromium (playwright-core, Debian's chromium) against a real
// embedded server at $VIVID_URL. `scripts/test-browser` starts the server and runs this.
// Screenshots go to $SCREENSHOTS: the flow (`flow-*.png`), every screen in both languages at
// desktop and phone width (`<screen>-<locale>-<size>.png`), and every page on a failure.

import { join } from "node:path";
import { browser, pages, SHOTS } from "./lib/browser.mjs";
import { board } from "./steps/board.mjs";
import { abandonedUploadIsGone, library } from "./steps/library.mjs";
import { invites } from "./steps/invites.mjs";
import { members } from "./steps/members.mjs";
import { notes } from "./steps/notes.mjs";
import { room } from "./steps/room.mjs";
import { search } from "./steps/search.mjs";
import { study } from "./steps/study.mjs";
import { tour } from "./steps/tour.mjs";
import { zoom } from "./steps/zoom.mjs";

const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const steps = [
  ...library,
  ...room,
  ["an upload abandoned by the reload is cleaned up for everyone", abandonedUploadIsGone],
  ...board,
  ...notes,
  ...search,
  ...study,
  ...zoom,
  ...tour,
  ...invites,
  ...members,
];

const ctx = {};
let failed = false;
for (const [name, run] of steps) {
  if (only && !only.test(name) && !/space, an invitation|upload shows/.test(name)) continue;
  const started = Date.now();
  try {
    await run(ctx);
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed = true;
    console.error(`not ok - ${name}\n${error.stack ?? error}`);
    for (const [who, page] of Object.entries(pages)) {
      await page.screenshot({ path: join(SHOTS, `failure-${who}.png`), fullPage: true }).catch(() => {});
    }
    break;
  }
}
await browser.close();
console.log(`screenshots: ${SHOTS}`);
process.exit(failed ? 1 : 0);
