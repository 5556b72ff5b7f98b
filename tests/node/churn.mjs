// Stock y-websocket + yjs clients under churn, for the fault tests (tests/api/collab_faults.rs).
// Usage: node churn.mjs <config.json>
// The config: { http, doc, scenario, steady: [token…], churn: [token…], rounds, perRound,
//               typeMs, settleMs }
// - `http`: where tickets are fetched and sockets opened (an instance, or a load balancer).
// - scenario `leavers`: each round, `perRound` clients join, send one edit each and close at
//   once (a student closing the tab right after typing) while the steady clients type.
// - scenario `presence`: each round, `perRound` clients join, show presence, type once and
//   leave at staggered times while the steady clients type (and move their cursors).
// - scenario `failover`: the steady clients type until the test writes `killed` on stdin,
//   then for `settleMs` more; they reconnect wherever the load balancer sends them.
// Every client fetches a new ticket before each (re)connect, as the browser app does.
// Prints `ready` when the steady clients are synced, then one JSON line with what was seen.
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const wsBase = config.http.replace(/^http/, 'ws') + '/ws'
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const CONVERGE_MS = 20000

async function fetchTicket (token) {
  for (;;) {
    try {
      const response = await fetch(`${config.http}/api/ws-tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ doc: config.doc }),
        signal: AbortSignal.timeout(5000)
      })
      if (response.ok) return (await response.json()).ticket
    } catch {}
    await sleep(100)
  }
}

/** A stock provider that fetches a ticket before every connect and records its closes. */
function client (name, token) {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(wsBase, config.doc, ydoc, {
    WebSocketPolyfill: WebSocket,
    params: { ticket: '' },
    disableBc: true,
    connect: false,
    maxBackoffTime: 1000
  })
  const me = { name, ydoc, provider, closes: [], stopping: false, syncedAt: [], closedAt: [] }
  const connect = async () => {
    provider.params.ticket = await fetchTicket(token)
    if (!me.stopping) provider.connect()
  }
  provider.on('connection-close', (event) => {
    me.closes.push(event ? event.code : null)
    me.closedAt.push(Date.now())
    if (me.stopping) return
    provider.shouldConnect = false // the stock retry would reuse the spent ticket
    connect()
  })
  provider.on('sync', (synced) => { if (synced) me.syncedAt.push(Date.now()) })
  provider.awareness.setLocalStateField('user', { name })
  me.start = connect
  me.stop = () => { me.stopping = true; provider.destroy() }
  me.memo = () => ydoc.getText('memo').toString()
  return me
}

function until (check, ms) {
  return new Promise((resolve) => {
    const started = Date.now()
    const timer = setInterval(() => {
      if (check() || Date.now() - started > ms) {
        clearInterval(timer)
        resolve(check())
      }
    }, 20)
  })
}

/** Types a marker at the end of the memo every `typeMs` and moves its cursor (awareness). */
function typist (me, index) {
  me.typed = []
  let n = 0
  me.timer = setInterval(() => {
    if (!me.provider.synced) return
    const marker = `S${index}.${n++};`
    const memo = me.ydoc.getText('memo')
    memo.insert(memo.length, marker)
    me.typed.push(marker)
    me.provider.awareness.setLocalStateField('cursor', n)
  }, config.typeMs)
}

const steady = config.steady.map((token, i) => client(`steady-${i}`, token))
steady.forEach((me) => me.start())
await until(() => steady.every((me) => me.provider.synced), 10000)
steady.forEach(typist)
console.log('ready')

const churned = []
let killedAt = null
if (config.scenario === 'failover') {
  const lines = createInterface({ input: process.stdin })
  await new Promise((resolve) => lines.on('line', (line) => {
    if (line.trim() === 'killed') { killedAt = Date.now(); resolve() }
  }))
  await sleep(config.settleMs)
} else {
  for (let round = 0; round < config.rounds; round++) {
    const batch = Array.from({ length: config.perRound }, (_, i) =>
      client(`churn-${round}.${i}`, config.churn[(round * config.perRound + i) % config.churn.length]))
    batch.forEach((me) => me.start())
    await until(() => batch.every((me) => me.provider.synced), 15000)
    batch.forEach((me, i) => { me.marker = `L${round}.${i};` })
    if (config.scenario === 'leavers') {
      // One edit each, then close at once: the update is on the wire when the socket closes.
      for (const me of batch) {
        const memo = me.ydoc.getText('memo')
        memo.insert(memo.length, me.marker)
        me.stop()
      }
    } else {
      for (const [i, me] of batch.entries()) {
        me.provider.awareness.setLocalStateField('cursor', i)
        const memo = me.ydoc.getText('memo')
        memo.insert(memo.length, me.marker)
      }
      await Promise.all(batch.map(async (me) => {
        await sleep(Math.floor(Math.random() * 800))
        me.stop()
      }))
    }
    churned.push(...batch)
    await sleep(200)
  }
}

steady.forEach((me) => clearInterval(me.timer))
const expected = [...churned.map((me) => me.marker), ...steady.flatMap((me) => me.typed)]
const missing = (me) => expected.filter((marker) => !me.memo().includes(marker))
await until(() => steady.every((me) => missing(me).length === 0), CONVERGE_MS)
// Presence of departed clients must be gone from every steady client's view.
const steadyIds = new Set(steady.map((me) => me.ydoc.clientID))
const strangers = (me) => [...me.provider.awareness.getStates().keys()].filter((id) => !steadyIds.has(id))
await until(() => steady.every((me) => strangers(me).length === 0), 8000)

console.log(JSON.stringify({
  expected,
  lost: Object.fromEntries(steady.map((me) => [me.name, missing(me)])),
  steadyCloses: steady.map((me) => me.closes),
  churnFirstCloses: churned.map((me) => me.closes[0] ?? null),
  churnCloses: churned.flatMap((me) => me.closes),
  ghosts: Object.fromEntries(steady.map((me) => [me.name, strangers(me).length])),
  // Failover: how long each client that lost its socket took to be synced again.
  reconnectMs: killedAt === null
    ? []
    : steady.filter((me) => me.closedAt.some((t) => t >= killedAt))
      .map((me) => {
        const resynced = me.syncedAt.find((t) => t >= killedAt)
        return resynced === undefined ? null : resynced - killedAt
      })
}))
steady.forEach((me) => me.stop())
setTimeout(() => process.exit(0), 100)
