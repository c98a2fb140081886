// A raw WAMP peer on the `ws` package: exact messages on the wire, for protocol-level checks.
import WebSocket from 'ws';
import http from 'node:http';
import { Packr, Unpackr } from 'msgpackr';
import cbor from 'cbor';
import { URL, REALM, OP_TIMEOUT_MS, Inbox, withTimeout, deferred } from './env.mjs';

export const MSG = {
  HELLO: 1, WELCOME: 2, ABORT: 3, GOODBYE: 6, ERROR: 8,
  PUBLISH: 16, PUBLISHED: 17, SUBSCRIBE: 32, SUBSCRIBED: 33, UNSUBSCRIBE: 34, UNSUBSCRIBED: 35, EVENT: 36,
  CALL: 48, RESULT: 50, REGISTER: 64, REGISTERED: 65, UNREGISTER: 66, UNREGISTERED: 67, INVOCATION: 68, YIELD: 70,
};

// msgpackr encodes integers beyond 32 bits as float64 and decodes uint64/int64 as BigInt by default. WAMP IDs go
// up to 2^53 and must be integers on the wire, so encode such numbers as BigInt (int64) and decode 64-bit ints as
// numbers.
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });
function bigIntsForPacking(v) {
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) > 0xffffffff) return BigInt(v);
  if (Array.isArray(v)) return v.map(bigIntsForPacking);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigIntsForPacking(x)]));
  }
  return v;
}
export const pack = (v) => packr.pack(bigIntsForPacking(v));
export const unpack = (b) => unpackr.unpack(b);

export const HELLO_DETAILS = {
  agent: 'junction-interop-raw',
  roles: { caller: { features: {} }, callee: { features: {} }, publisher: { features: {} }, subscriber: { features: {} } },
};

export class RawPeer {
  /**
   * Opens a WebSocket with the given subprotocol(s) and resolves once it is open.
   * serializer 'json', 'msgpack' or 'cbor' decides how messages are encoded.
   */
  static async open(serializer = 'json', protocols = [`wamp.2.${serializer}`], url = URL) {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false });
    const peer = new RawPeer(ws, serializer);
    const opened = deferred();
    ws.on('open', () => opened.resolve());
    ws.on('unexpected-response', (req, res) => {
      opened.reject(new Error(`HTTP ${res.statusCode} instead of 101 for subprotocols ${JSON.stringify(protocols)}`));
      req.destroy();
    });
    ws.on('error', (e) => opened.reject(e));
    await withTimeout(opened.promise, `WebSocket open (${protocols.join(',')})`);
    return peer;
  }

  constructor(ws, serializer) {
    this.ws = ws;
    this.serializer = serializer;
    this.inbox = new Inbox(`raw/${serializer} message`);
    this.nextRequestId = 1;
    this.log = []; // every message in both directions, for failure messages
    const closed = deferred();
    this.closed = closed.promise; // resolves with {code, reason}
    this.isClosed = false;
    ws.on('message', (data, isBinary) => {
      let msg;
      try {
        msg = this.serializer === 'json' ? JSON.parse(data.toString('utf8'))
          : this.serializer === 'cbor' ? cbor.decodeFirstSync(data) : unpack(data);
      } catch (e) {
        msg = { undecodable: data, isBinary, error: String(e) };
      }
      this.log.push(['<-', msg]);
      this.inbox.push(msg);
    });
    ws.on('close', (code, reason) => {
      this.isClosed = true;
      this.log.push(['closed', code, reason.toString()]);
      closed.resolve({ code, reason: reason.toString() });
    });
    ws.on('error', () => { /* 'close' follows */ });
  }

  get protocol() { return this.ws.protocol; }

  /** Next session-scope request id (spec: sequential, starting at 1). */
  rid() { return this.nextRequestId++; }

  send(msg) {
    this.log.push(['->', msg]);
    if (this.serializer === 'json') this.ws.send(JSON.stringify(msg));
    else if (this.serializer === 'cbor') this.ws.send(cbor.encode(msg), { binary: true });
    else this.ws.send(pack(msg), { binary: true });
  }

  sendFrame(data, binary) {
    this.log.push(['->', `raw frame ${binary ? 'binary' : 'text'} ${JSON.stringify(String(data)).slice(0, 80)}`]);
    this.ws.send(data, { binary });
  }

  next(what, ms = OP_TIMEOUT_MS) {
    return this.inbox.next(what, ms);
  }

  /** The wire exchange so far, for assertion messages. */
  transcript() {
    return this.log.map((e) => e.map((x) => (typeof x === 'string' ? x : JSON.stringify(x, (k, v) =>
      (v && v.type === 'Buffer' && Array.isArray(v.data) ? `<${v.data.length} bytes>` : v)))).join(' ')).join('\n');
  }

  async hello(realm = REALM) {
    this.send([MSG.HELLO, realm, HELLO_DETAILS]);
    const m = await this.next(`WELCOME for realm ${realm}`);
    if (!Array.isArray(m) || m[0] !== MSG.WELCOME) {
      throw new Error(`expected WELCOME, got ${JSON.stringify(m)}\n${this.transcript()}`);
    }
    this.sessionId = m[1];
    this.welcomeDetails = m[2];
    return m;
  }

  /** Waits for the transport to close within the bound. */
  async waitClosed(what = 'the router to close the connection', ms = OP_TIMEOUT_MS) {
    return withTimeout(this.closed, what, ms);
  }

  terminate() { try { this.ws.terminate(); } catch { /* ignore */ } }
}

/**
 * Waits for whichever of several peers receives a message first; resolves with [label, message]. The other waits
 * are withdrawn, so their next messages stay queued.
 */
export async function firstOf(entries, what, ms = OP_TIMEOUT_MS) {
  for (const [label, peer] of entries) if (peer.inbox.size) return [label, await peer.next(what)];
  const takes = entries.map(([label, peer]) => ({ label, t: peer.inbox.take(what, ms) }));
  try {
    return await Promise.race(takes.map(({ label, t }) => t.promise.then((m) => [label, m])));
  } finally {
    takes.forEach(({ t }) => t.cancel());
  }
}

/** Attempts an upgrade and reports what the server answered: {status, protocol} without throwing. */
export async function tryUpgrade(protocols) {
  const ws = protocols === undefined ? new WebSocket(URL) : new WebSocket(URL, protocols);
  const result = deferred();
  ws.on('open', () => { result.resolve({ status: 101, protocol: ws.protocol }); ws.terminate(); });
  ws.on('unexpected-response', (req, res) => {
    let body = '';
    res.on('data', (c) => { body += c; });
    res.on('end', () => result.resolve({ status: res.statusCode, body }));
    res.on('error', () => result.resolve({ status: res.statusCode, body }));
  });
  ws.on('error', (e) => result.resolve({ status: 0, error: String(e) }));
  try {
    return await withTimeout(result.promise, `upgrade with subprotocols ${JSON.stringify(protocols)}`);
  } finally {
    ws.terminate();
  }
}

/** Plain HTTP GET of the WebSocket URL (ws:// -> http://). */
export async function httpGet(path) {
  const u = new globalThis.URL(URL.replace(/^ws/, 'http'));
  if (path !== undefined) u.pathname = path;
  const done = deferred();
  const req = http.get(u, { agent: false, headers: { Accept: 'text/html' } }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c) => { body += c; });
    res.on('end', () => done.resolve({ status: res.statusCode, headers: res.headers, body }));
  });
  req.on('error', (e) => done.reject(e));
  try {
    return await withTimeout(done.promise, `HTTP GET ${u}`);
  } finally {
    req.destroy();
  }
}
