// The y-websocket wire format, written by hand for k6 (which cannot load yjs): lib0 varints
// and strings, sync step 1, updates that append to the `memo` text or set a key of the
// `strokes` map for one client, and awareness updates. Every update is a valid Yjs v1
// update: the server decodes and applies it like any other.

/** UTF-8 bytes of a string (k6 has no TextEncoder). */
function utf8(text) {
  const bytes = [];
  for (const char of text) {
    const code = char.codePointAt(0);
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
}

export class Writer {
  constructor() {
    this.bytes = [];
  }
  uint(n) {
    while (n > 0x7f) {
      this.bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
    return this;
  }
  raw(array) {
    for (const b of array) this.bytes.push(b);
    return this;
  }
  string(text) {
    const bytes = utf8(text);
    return this.uint(bytes.length).raw(bytes);
  }
  array(array) {
    return this.uint(array.length).raw(array);
  }
  buffer() {
    return new Uint8Array(this.bytes).buffer;
  }
}

/** `[0, 0, stateVector]`: an empty state vector asks for the whole document. */
export function syncStep1() {
  return new Writer().uint(0).uint(0).array([0]).buffer();
}

/** One client's document edits, with the clock a Yjs client would keep. */
export class Client {
  constructor(id) {
    this.id = id;
    this.clock = 0;
    this.awarenessClock = 0;
  }

  /** Inserts `text` at the start of the `memo` Y.Text (no origin: always valid). */
  memoInsert(text) {
    const item = new Writer()
      .uint(4) // info: ContentString, no origins, parent given by name
      .uint(1) // parent is a root type, by name
      .string("memo")
      .string(text);
    return this.update(item, [...text].length);
  }

  /** Sets `strokes[key]` to a JSON string (ContentAny holding one string). */
  strokeSet(key, value) {
    const item = new Writer()
      .uint(0x28) // info: parentSub present | ContentAny
      .uint(1)
      .string("strokes")
      .string(key)
      .uint(1) // one value
      .uint(119) // lib0 any: string
      .string(JSON.stringify(value));
    return this.update(item, 1);
  }

  update(item, length) {
    const update = new Writer()
      .uint(1) // one client's structs
      .uint(1) // one struct
      .uint(this.id)
      .uint(this.clock)
      .raw(item.bytes)
      .uint(0); // empty delete set
    this.clock += length;
    return new Writer().uint(0).uint(2).array(update.bytes).buffer();
  }

  /** `[1, awarenessUpdate]` with this client's state. */
  awareness(state) {
    this.awarenessClock += 1;
    const body = new Writer().uint(1).uint(this.id).uint(this.awarenessClock).string(JSON.stringify(state));
    return new Writer().uint(1).array(body.bytes).buffer();
  }
}

/** The message kind of a received frame: "update", "sync", "awareness" or "other". */
export function kind(data) {
  const bytes = new Uint8Array(data);
  if (bytes[0] === 0) return bytes[1] === 2 || bytes[1] === 1 ? "update" : "sync";
  if (bytes[0] === 1) return "awareness";
  return "other";
}

export function randomClientId() {
  return Math.floor(Math.random() * 0x3fffffff) + 1;
}
