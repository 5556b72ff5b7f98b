// Writing into a live document the way another client would: the update is built here with
// yjs and sent by a WebSocket opened in `page` (Node 20 has no WebSocket of its own), with a
// ticket from the API. Used to put drawings and board pages into a layer before the drawing
// tools of the room exist on this branch.

import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import { tokenOf } from "./api.mjs";
import { BASE } from "./browser.mjs";

export async function sendUpdate(page, who, docKey, build) {
  const doc = new Y.Doc();
  build(doc);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  const frame = Array.from(encoding.toUint8Array(encoder));
  const token = await tokenOf(who);
  const response = await fetch(`${BASE}/api/ws-tickets`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ doc: docKey }),
  });
  if (!response.ok) throw new Error(`ticket for ${docKey}: ${response.status}`);
  const { url } = await response.json();
  await page.evaluate(async ({ url, frame }) => {
    const socket = new WebSocket(url);
    socket.binaryType = "arraybuffer";
    await new Promise((resolve, reject) => {
      socket.onopen = () => {
        socket.send(new Uint8Array(frame));
        setTimeout(resolve, 500);
      };
      socket.onerror = () => reject(new Error("socket failed"));
    });
    socket.close();
  }, { url, frame });
}
