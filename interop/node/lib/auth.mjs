// Helpers for the authentication suites: join a fixture listener with autobahn-js or wampy.js and an auth method.
import autobahn from 'autobahn';
import autobahnLog from 'autobahn/lib/log.js';
import { Wampy } from 'wampy';
import { JsonSerializer } from 'wampy/JsonSerializer.js';
import { MsgpackSerializer } from 'wampy/MsgpackSerializer.js';
import WebSocket from 'ws';
import { REALM, withTimeout, deferred, OP_TIMEOUT_MS } from './env.mjs';

if (!process.env.JUNCTION_DEBUG) {
  autobahnLog.warn = () => {}; // autobahn-js prints every ABORT and close; the tests assert on them instead
}

/** ws:// URL of a fixture listener (interop/src/test/etc), or null when the harness did not start one. */
export function fixtureUrl(name) {
  const port = process.env[`JUNCTION_PORT_${name}`];
  return port ? `ws://127.0.0.1:${port}/ws` : null;
}

/** Polls until the listener accepts a WebSocket handshake (the harness waits only for the default one). */
export async function awaitListener(url, ms = 60000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const ws = new WebSocket(url, ['wamp.2.json']);
      ws.on('open', () => { ws.terminate(); resolve(true); });
      ws.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`listener ${url} did not come up within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Why a join failed: the ABORT reason and message. */
export class Aborted extends Error {
  constructor(reason, message) {
    super(`aborted: ${reason} (${message})`);
    this.reason = reason;
    this.abortMessage = message;
  }
}

/**
 * Joins with autobahn-js. Resolves {session, details, close()}; rejects with Aborted.
 * opts: authmethods, authid, authextra, onchallenge(session, method, extra), serializer ('json'|'msgpack'),
 * headers (extra HTTP headers of the upgrade request, e.g. Cookie), tlsConfiguration ({ca, cert, key} for wss).
 * The resolved object's `closed` resolves with the Aborted describing how the session ended.
 */
export async function autobahnJoin(url, opts = {}) {
  const ser = opts.serializer === 'msgpack' ? new autobahn.serializer.MsgpackSerializer()
    : new autobahn.serializer.JSONSerializer();
  const connection = new autobahn.Connection({
    realm: opts.realm || REALM,
    transports: [{ type: 'websocket', url, serializers: [ser], protocols: [`wamp.2.${opts.serializer || 'json'}`],
      headers: opts.headers, tlsConfiguration: opts.tlsConfiguration }],
    authmethods: opts.authmethods,
    authid: opts.authid,
    authextra: opts.authextra,
    onchallenge: opts.onchallenge,
    max_retries: 0,
    retry_if_unreachable: false,
  });
  const joined = deferred();
  const closed = deferred();
  connection.onopen = (session, details) => joined.resolve({
    session,
    details,
    closed: closed.promise,
    close: () => { try { connection.close(); } catch { /* closed */ } return withTimeout(closed.promise, 'close'); },
  });
  connection.onclose = (reason, details) => {
    const err = new Aborted(details?.reason || reason, details?.message);
    joined.reject(err);
    closed.resolve(err);
    return true;
  };
  connection.open();
  return withTimeout(joined.promise, `autobahn join ${url} ${JSON.stringify(opts.authmethods)}`);
}

/** Joins with wampy.js; resolves {wampy, details}; rejects with Aborted. */
export async function wampyJoin(url, opts = {}) {
  const wampy = new Wampy(url, {
    realm: opts.realm || REALM,
    ws: WebSocket,
    serializer: opts.serializer === 'msgpack' ? new MsgpackSerializer() : new JsonSerializer(),
    autoReconnect: false,
    authid: opts.authid,
    authmethods: opts.authmethods,
    onChallenge: opts.onChallenge,
    onError: () => {},
  });
  try {
    const details = await withTimeout(wampy.connect(), `wampy join ${url}`, OP_TIMEOUT_MS);
    return { wampy, details };
  } catch (e) {
    try { wampy._ws?.terminate?.(); } catch { /* ignore */ }
    if (e?.errorUri) throw new Aborted(e.errorUri, e.details?.message);
    throw e;
  }
}

/** Asserts that `promise` rejects with an ABORT whose reason is `reason`. */
export async function expectAbort(promise, reason) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    if (!(e instanceof Aborted)) throw e;
    if (e.reason !== reason) throw new Error(`expected ABORT ${reason}, got ${e.reason} (${e.abortMessage})`);
    return e;
  }
  await result.close?.();
  throw new Error(`expected ABORT ${reason}, but the session joined as ${JSON.stringify(result.details)}`);
}
