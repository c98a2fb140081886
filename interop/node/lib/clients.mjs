// One small interface over autobahn-js and wampy.js, so every scenario runs with both libraries and
// both serializers. Results and errors are normalised to {args, kwargs} and WampError {uri, args, kwargs}.
import autobahn from 'autobahn';
import autobahnLog from 'autobahn/lib/log.js';
import { Wampy } from 'wampy';
import { JsonSerializer } from 'wampy/JsonSerializer.js';
import { MsgpackSerializer } from 'wampy/MsgpackSerializer.js';
import { CborSerializer } from 'wampy/CborSerializer.js';
import WebSocket from 'ws';
import { URL, REALM, withTimeout, deferred } from './env.mjs';

if (!process.env.JUNCTION_DEBUG) {
  // autobahn-js warns on every orderly close ("connection closed", "auto-reconnect disabled!").
  autobahnLog.warn = () => {};
}

export const SERIALIZERS = ['json', 'msgpack'];
export const LIBRARIES = ['autobahn', 'wampy'];

/** An error reply from the router or a callee, normalised. */
export class WampError extends Error {
  constructor(uri, args = [], kwargs = {}) {
    super(`${uri} ${JSON.stringify(args)} ${JSON.stringify(kwargs)}`);
    this.uri = uri;
    this.args = args || [];
    this.kwargs = kwargs || {};
  }
}

/** Why a connection attempt or a session ended. */
export class SessionClosed extends Error {
  constructor(reason, details) {
    super(`session closed: ${reason} ${JSON.stringify(details ?? {})}`);
    this.reason = reason;
    this.details = details ?? {};
  }
}

// ---- JSON binary convention (spec advanced/serialization_binary_json.md) for autobahn-js ----
function jsonReplacer(key, value) {
  const original = this[key];
  if (original instanceof Uint8Array) {
    return '\u0000' + Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
  }
  return value;
}
function jsonReviver(key, value) {
  if (typeof value === 'string' && value.length > 0 && value.charCodeAt(0) === 0) {
    return Buffer.from(value.slice(1), 'base64');
  }
  return value;
}

/**
 * wampy's msgpack serializer (msgpackr defaults) decodes 64-bit integers as BigInt; turn the ones that fit a JS
 * number back into numbers so results compare by value. (It also encodes integers beyond 32 bits as float64.)
 */
function bigIntsToNumbers(v) {
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  if (Array.isArray(v)) return v.map(bigIntsToNumbers);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigIntsToNumbers(x)]));
  }
  return v;
}

/** Every client opened in a test, so the test can close them all in `after`. */
export class Clients {
  constructor() { this.open = []; }
  async connect(lib, serializer, opts = {}) {
    const c = await connect(lib, serializer, opts);
    this.open.push(c);
    return c;
  }
  async closeAll() {
    const all = this.open.splice(0);
    await Promise.all(all.map((c) => c.close().catch(() => c.terminate())));
  }
}

/** Opens a session. Rejects with SessionClosed (e.g. reason wamp.error.no_such_realm) when the router refuses. */
export async function connect(lib, serializer, opts = {}) {
  if (lib === 'autobahn') return AutobahnClient.connect(serializer, opts);
  if (lib === 'wampy') return WampyClient.connect(serializer, opts);
  throw new Error(`unknown library ${lib}`);
}

class AutobahnClient {
  static async connect(serializer, { realm = REALM } = {}) {
    const ser = serializer === 'json'
      ? new autobahn.serializer.JSONSerializer(jsonReplacer, jsonReviver)
      : serializer === 'cbor' ? new autobahn.serializer.CBORSerializer()
        : new autobahn.serializer.MsgpackSerializer();
    const connection = new autobahn.Connection({
      realm,
      transports: [{ type: 'websocket', url: URL, serializers: [ser], protocols: [`wamp.2.${serializer}`] }],
      max_retries: 0,
      retry_if_unreachable: false,
    });
    const joined = deferred();
    const closed = deferred();
    const client = new AutobahnClient(connection, serializer, closed.promise);
    connection.onopen = (session, details) => {
      client.session = session;
      client.welcome = details;
      client.id = session.id;
      joined.resolve(client);
    };
    connection.onclose = (reason, details) => {
      client.isOpen = false;
      const err = new SessionClosed(details?.reason || reason, { transport: reason, ...details });
      joined.reject(err);
      closed.resolve(err);
      return true; // never reconnect
    };
    connection.open();
    try {
      return await withTimeout(joined.promise, `autobahn/${serializer} join of realm ${realm}`);
    } catch (e) {
      try { connection.close(); } catch { /* already closed */ }
      throw e;
    }
  }

  constructor(connection, serializer, closed) {
    this.lib = 'autobahn';
    this.serializer = serializer;
    this.connection = connection;
    this.closed = closed; // resolves with SessionClosed when the session/transport ends
    this.isOpen = true;
    this.label = `autobahn/${serializer}`;
  }

  static toError(e) {
    if (e instanceof autobahn.Error) return new WampError(e.error, e.args, e.kwargs);
    return e instanceof Error ? e : new Error(String(e));
  }

  async subscribe(topic, onEvent) {
    try {
      return await withTimeout(this.session.subscribe(topic, (args, kwargs, details) =>
        onEvent({ args: args || [], kwargs: kwargs || {}, details })), `${this.label} SUBSCRIBE ${topic}`);
    } catch (e) { throw AutobahnClient.toError(e); }
  }

  async unsubscribe(sub) {
    try { await withTimeout(this.session.unsubscribe(sub), `${this.label} UNSUBSCRIBE`); } catch (e) { throw AutobahnClient.toError(e); }
  }

  /** Publishes with acknowledge; resolves with the publication id. */
  async publish(topic, args = [], kwargs = {}, options = {}) {
    try {
      const pub = await withTimeout(this.session.publish(topic, args, kwargs, { acknowledge: true, ...options }),
        `${this.label} PUBLISH(acknowledge) ${topic}`);
      return pub.id;
    } catch (e) { throw AutobahnClient.toError(e); }
  }

  /** handler({args, kwargs, details}) returns {args, kwargs} or throws WampError. */
  async register(procedure, handler) {
    try {
      return await withTimeout(this.session.register(procedure, async (args, kwargs, details) => {
        try {
          const r = await handler({ args: args || [], kwargs: kwargs || {}, details });
          return new autobahn.Result(r?.args ?? [], r?.kwargs ?? {});
        } catch (e) {
          if (e instanceof WampError) throw new autobahn.Error(e.uri, e.args, e.kwargs);
          throw e;
        }
      }), `${this.label} REGISTER ${procedure}`);
    } catch (e) { throw AutobahnClient.toError(e); }
  }

  async unregister(reg) {
    try { await withTimeout(this.session.unregister(reg), `${this.label} UNREGISTER`); } catch (e) { throw AutobahnClient.toError(e); }
  }

  async call(procedure, args = [], kwargs = {}, options = {}, ms) {
    let r;
    try {
      r = await withTimeout(this.session.call(procedure, args, kwargs, options), `${this.label} CALL ${procedure}`, ms);
    } catch (e) { throw AutobahnClient.toError(e); }
    if (r instanceof autobahn.Result) return { args: r.args || [], kwargs: r.kwargs || {} };
    if (r === null || r === undefined) return { args: [], kwargs: {} };
    return { args: [r], kwargs: {} };
  }

  /** Orderly leave: GOODBYE, wait for the reply and the transport close. Resolves with SessionClosed. */
  async close() {
    if (this.isOpen) {
      try { this.connection.close('wamp.close.normal'); } catch { /* already closing */ }
    }
    return withTimeout(this.closed, `${this.label} close`);
  }

  /**
   * Ends the transport without GOODBYE. autobahn-js keeps its socket private, so this sends a WebSocket
   * close frame (wampy's terminate() drops TCP outright).
   */
  terminate() {
    try { this.connection._transport?.close(1000, ''); } catch { /* already closed */ }
  }
}

class WampyClient {
  static async connect(serializer, { realm = REALM, uriValidation = 'strict' } = {}) {
    const closed = deferred();
    const client = new WampyClient(serializer, closed.promise);
    const wampy = new Wampy(URL, {
      realm,
      ws: WebSocket,
      serializer: serializer === 'json' ? new JsonSerializer()
        : serializer === 'cbor' ? new CborSerializer() : new MsgpackSerializer(),
      autoReconnect: false,
      uriValidation,
      onClose: () => { client.isOpen = false; closed.resolve(new SessionClosed('closed')); },
      onError: (err) => { client.lastError = err; },
    });
    client.wampy = wampy;
    try {
      client.welcome = bigIntsToNumbers(await withTimeout(wampy.connect(), `wampy/${serializer} join of realm ${realm}`));
    } catch (e) {
      client.isOpen = false;
      try { wampy._ws?.terminate?.(); } catch { /* ignore */ }
      if (e?.errorUri) throw new SessionClosed(e.errorUri, e.details);
      throw e;
    }
    client.id = bigIntsToNumbers(wampy.getSessionId());
    return client;
  }

  constructor(serializer, closed) {
    this.lib = 'wampy';
    this.serializer = serializer;
    this.closed = closed;
    this.isOpen = true;
    this.label = `wampy/${serializer}`;
  }

  static toError(e) {
    if (e && typeof e.errorUri === 'string') return new WampError(e.errorUri, bigIntsToNumbers(e.argsList), bigIntsToNumbers(e.argsDict));
    return e instanceof Error ? e : new Error(String(e));
  }

  static payload(args, kwargs) {
    return { argsList: args ?? [], argsDict: kwargs ?? {} };
  }

  async subscribe(topic, onEvent) {
    try {
      return await withTimeout(this.wampy.subscribe(topic, ({ argsList, argsDict, details }) =>
        onEvent(bigIntsToNumbers({ args: argsList || [], kwargs: argsDict || {}, details }))),
      `${this.label} SUBSCRIBE ${topic}`);
    } catch (e) { throw WampyClient.toError(e); }
  }

  async unsubscribe(sub) {
    try { await withTimeout(this.wampy.unsubscribe(sub.subscriptionId), `${this.label} UNSUBSCRIBE`); } catch (e) { throw WampyClient.toError(e); }
  }

  async publish(topic, args = [], kwargs = {}, options = {}) {
    try {
      const r = await withTimeout(this.wampy.publish(topic, WampyClient.payload(args, kwargs), options),
        `${this.label} PUBLISH(acknowledge) ${topic}`);
      return bigIntsToNumbers(r.publicationId);
    } catch (e) { throw WampyClient.toError(e); }
  }

  async register(procedure, handler) {
    try {
      const reg = await withTimeout(this.wampy.register(procedure, async ({ argsList, argsDict, details }) => {
        try {
          const r = await handler(bigIntsToNumbers({ args: argsList || [], kwargs: argsDict || {}, details }));
          return WampyClient.payload(r?.args, r?.kwargs);
        } catch (e) {
          if (e instanceof WampError) throw { error: e.uri, argsList: e.args, argsDict: e.kwargs };
          throw e;
        }
      }), `${this.label} REGISTER ${procedure}`);
      return { ...reg, procedure };
    } catch (e) { throw WampyClient.toError(e); }
  }

  async unregister(reg) {
    try { await withTimeout(this.wampy.unregister(reg.procedure), `${this.label} UNREGISTER`); } catch (e) { throw WampyClient.toError(e); }
  }

  async call(procedure, args = [], kwargs = {}, options = {}, ms) {
    try {
      const r = await withTimeout(this.wampy.call(procedure, WampyClient.payload(args, kwargs), options),
        `${this.label} CALL ${procedure}`, ms);
      return bigIntsToNumbers({ args: r.argsList || [], kwargs: r.argsDict || {} });
    } catch (e) { throw WampyClient.toError(e); }
  }

  async close() {
    if (this.isOpen) {
      try { await withTimeout(this.wampy.disconnect(), `${this.label} GOODBYE`); } catch { this.terminate(); }
    }
    return withTimeout(this.closed, `${this.label} close`);
  }

  terminate() {
    try { this.wampy._ws?.terminate?.(); } catch { /* ignore */ }
  }
}
