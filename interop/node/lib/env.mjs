// Shared settings and small helpers for the Node interop suites.
import { randomBytes } from 'node:crypto';

export const URL = process.env.JUNCTION_URL;
export const REALM = process.env.JUNCTION_REALM || 'realm1';
if (!URL) {
  throw new Error('JUNCTION_URL is not set (e.g. ws://127.0.0.1:8080/ws); the Maven harness sets it');
}

/** Bound for one WAMP operation (join, call, publish...). A hung router fails the test, not the build. */
export const OP_TIMEOUT_MS = Number(process.env.JUNCTION_OP_TIMEOUT_MS || 10000);

/** Rejects when `promise` has not settled within `ms`, naming what was awaited. */
export function withTimeout(promise, what, ms = OP_TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for: ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** A promise with its resolve/reject exposed. */
export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** A queue of received items that a test can await one at a time, with a bound. */
export class Inbox {
  constructor(name) { this.name = name; this.items = []; this.waiters = []; }
  push(item) {
    const w = this.waiters.shift();
    if (w) w.resolve(item); else this.items.push(item);
  }
  /** The next item, or a rejection naming `what` after `ms`. */
  next(what = this.name, ms = OP_TIMEOUT_MS) {
    return this.take(what, ms).promise;
  }
  /** Like next(), plus cancel(): withdraws the wait so a later item stays queued (for races between inboxes). */
  take(what = this.name, ms = OP_TIMEOUT_MS) {
    if (this.items.length) return { promise: Promise.resolve(this.items.shift()), cancel() {} };
    const d = deferred();
    const remove = () => {
      const i = this.waiters.indexOf(waiter);
      if (i >= 0) this.waiters.splice(i, 1);
    };
    const timer = setTimeout(() => {
      remove();
      d.reject(new Error(`timed out after ${ms} ms waiting for: ${what}`));
    }, ms);
    const waiter = { resolve: (v) => { clearTimeout(timer); d.resolve(v); } };
    this.waiters.push(waiter);
    return { promise: d.promise, cancel: () => { clearTimeout(timer); remove(); } };
  }
  get size() { return this.items.length; }
}

/** A fresh strict URI (lowercase [0-9a-z_] components) unique to this run. */
export function uniqueUri(name) {
  return `com.junction.interop.t${randomBytes(6).toString('hex')}.${name}`;
}

/** Deep-converts Uint8Array/Buffer to Buffer so assert.deepStrictEqual compares bytes, not classes. */
export function normalizeBinary(value) {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(normalizeBinary);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeBinary(v)]));
  }
  return value;
}

/** Payload exercising unicode, nesting, number edge cases, booleans and null (no binary). */
export function richPayload() {
  return {
    args: [
      'Grüße, 世界! 🌍 ☃ — “quotes” \\ back\\slash \n newline \t tab',
      42, -7, 0, 9007199254740991, 1.5, -0.25,
      true, false, null,
      [1, [2, [3, ['deep']]], { a: [] }],
      { nested: { list: [1, 'two', { three: 3 }], empty: {} } },
      '',
    ],
    kwargs: {
      'ключ': 'значение',
      emoji: '😀🎉',
      obj: { x: 1, y: [true, null, 'z'], z: { 'ü': 'ö' } },
      empty_list: [],
      big: 4294967296,
    },
  };
}

/** A binary value with every byte value, including a leading 0x00. */
export function sampleBytes(length = 512) {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = i % 256;
  return b;
}
