// Two stock y-websocket clients (the npm packages, unchanged) on one document of the server.
// Usage: node two_clients.mjs <ws base, e.g. ws://127.0.0.1:PORT/ws> <doc> <ticketA> <ticketB>
// Prints one JSON line with what each client saw; exits 1 when something did not arrive.
// (The strokes name no `author`: the server refuses an entry naming anyone but its sender.)
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [base, doc, ticketA, ticketB] = process.argv.slice(2)
const PATIENCE_MS = 5000

function client (ticket, claimedName) {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(base, doc, ydoc, {
    WebSocketPolyfill: WebSocket,
    params: { ticket },
    disableBc: true,
    // Tickets are single use: a stock client must not retry with the same one.
    maxBackoffTime: 60000
  })
  // The client claims a name; the server must replace it with the authenticated user.
  provider.awareness.setLocalStateField('user', { name: claimedName, id: 'forged' })
  provider.awareness.setLocalStateField('playhead', 12.5)
  return { ydoc, provider }
}

function until (what, check) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer)
        resolve()
      } else if (Date.now() - started > PATIENCE_MS) {
        clearInterval(timer)
        reject(new Error(`timed out waiting for ${what}`))
      }
    }, 20)
  })
}

function peers (provider) {
  const mine = provider.awareness.clientID
  return [...provider.awareness.getStates().entries()]
    .filter(([id]) => id !== mine)
    .map(([, state]) => state)
}

const a = client(ticketA, 'Mallory A')
const b = client(ticketB, 'Mallory B')
try {
  await until('both synced', () => a.provider.synced && b.provider.synced)

  a.ydoc.getText('memo').insert(0, 'Graphs: ')
  a.ydoc.getMap('strokes').set('stroke-a', {
    t: 1000, d: 3000, tool: 'pen', color: '#e6194b', width: 2, points: [0.1, 0.2, 0.3, 0.4]
  })
  await until('B sees A', () => b.ydoc.getText('memo').toString() === 'Graphs: ' &&
    b.ydoc.getMap('strokes').has('stroke-a'))

  b.ydoc.getText('memo').insert(b.ydoc.getText('memo').length, 'BFS and DFS')
  b.ydoc.getMap('strokes').set('stroke-b', {
    t: 2000, d: 1000, tool: 'highlighter', color: '#3cb44b', width: 8, points: [0.5, 0.5]
  })
  await until('A sees B', () => a.ydoc.getText('memo').toString() === 'Graphs: BFS and DFS' &&
    a.ydoc.getMap('strokes').has('stroke-b'))

  await until('presence both ways', () => peers(a.provider).length > 0 && peers(b.provider).length > 0)
  console.log(JSON.stringify({
    memoA: a.ydoc.getText('memo').toString(),
    memoB: b.ydoc.getText('memo').toString(),
    strokesA: [...a.ydoc.getMap('strokes').keys()].sort(),
    strokesB: [...b.ydoc.getMap('strokes').keys()].sort(),
    aSees: peers(a.provider),
    bSees: peers(b.provider)
  }))
  process.exitCode = 0
} catch (error) {
  console.error(error.message, JSON.stringify({
    memoA: a.ydoc.getText('memo').toString(),
    memoB: b.ydoc.getText('memo').toString(),
    aSees: peers(a.provider),
    bSees: peers(b.provider)
  }))
  process.exitCode = 1
} finally {
  a.provider.destroy()
  b.provider.destroy()
  setTimeout(() => process.exit(), 100)
}
