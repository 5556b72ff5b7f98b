// Writes fuzz/seeds/: frames a stock Yjs client (yjs + y-protocols, as y-websocket uses them)
// sends — sync step 1 and 2, memo edits with formats and embeds, map entries, deletions,
// awareness and queries — one file per frame for frame_codec, and length-prefixed sequences
// (`[len: u16 LE][frame]`) for room_frames. Run it from the repository root:
//   (cd tests/node && npm ci) && node fuzz/make_seeds.mjs     (from the repository root)
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(process.cwd(), 'tests/node/node_modules/'));
const Y = require('yjs');
const syncProtocol = require('y-protocols/sync');
const awarenessProtocol = require('y-protocols/awareness');
const encoding = require('lib0/encoding');

const here = dirname(fileURLToPath(import.meta.url));
const frames = [];
const frame = (write) => {
  const encoder = encoding.createEncoder();
  write(encoder);
  frames.push(encoding.toUint8Array(encoder));
};

const doc = new Y.Doc();
const updates = [];
doc.on('update', (update) => updates.push(update));
frame((e) => { encoding.writeVarUint(e, 0); syncProtocol.writeSyncStep1(e, doc); });
const memo = doc.getText('memo');
memo.insert(0, 'Eigenvalues ', { bold: true });
memo.insertEmbed(memo.length, { timestamp: 67000 });
memo.insert(memo.length, 'see the board\n', { header: 2 });
memo.format(0, 4, { link: 'https://example.org/notes' });
memo.delete(2, 3);
doc.getMap('strokes').set('s1', { t: 1000, d: 3000, tool: 'pen', color: '#f00', width: 2, points: [0.1, 0.2, 0.3, 0.4] });
doc.getMap('boardItems').set('b1', { kind: 'text', page: 'p1', points: [10, 20], text: 'hi', size: 16 });
doc.getMap('comments').set('c1', { t: 5000, text: 'why?', author: 'u-ada' });
doc.getMap('strokes').delete('s1');
for (const update of updates) {
  frame((e) => { encoding.writeVarUint(e, 0); syncProtocol.writeUpdate(e, update); });
}
frame((e) => { encoding.writeVarUint(e, 0); syncProtocol.writeSyncStep2(e, doc); });
const awareness = new awarenessProtocol.Awareness(doc);
awareness.setLocalState({ user: { name: 'Ada', color: '#0af' }, cursor: { index: 3 } });
frame((e) => {
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
});
frame((e) => { encoding.writeVarUint(e, 3); });
frame((e) => { encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 0); encoding.writeVarString(e, 'x'); });

const codec = join(here, 'seeds/frame_codec');
const room = join(here, 'seeds/room_frames');
mkdirSync(codec, { recursive: true });
mkdirSync(room, { recursive: true });
frames.forEach((f, i) => writeFileSync(join(codec, `frame-${i}`), f));
const sequence = (list) => Buffer.concat(list.flatMap((f) => {
  const len = Buffer.alloc(2);
  len.writeUInt16LE(f.length);
  return [len, Buffer.from(f)];
}));
writeFileSync(join(room, 'all-frames'), sequence(frames));
frames.forEach((f, i) => writeFileSync(join(room, `frame-${i}`), sequence([f])));
awareness.destroy();
console.log(`${frames.length} frames`);
