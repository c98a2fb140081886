// Hostile input, table-driven, with a raw `ws` peer: every case and the answer the router must give (README,
// "Where Junction follows the specification rather than Crossbar"), then a check that a fresh client still works.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import cbor from 'cbor';
import { RawPeer, MSG, HELLO_DETAILS, pack } from '../lib/raw.mjs';
import { REALM, uniqueUri } from '../lib/env.mjs';

const LIMITS_URL = process.env.JUNCTION_PORT_LIMITS
  ? `ws://127.0.0.1:${process.env.JUNCTION_PORT_LIMITS}/ws` : null;
const PV = 'wamp.error.protocol_violation';
const peers = [];
after(() => peers.forEach((p) => p.terminate()));

async function open(ser, url) {
  const p = await RawPeer.open(ser, [`wamp.2.${ser}`], url);
  peers.push(p);
  return p;
}


// Each case: how far the session gets first (`fresh`, `joined`, `afterGoodbye`), what it sends, and the answer:
// { abort, close } = ABORT with that reason, then the WebSocket closed with that code; { close } = closed with that
// code and no ABORT; { error } = ERROR with that URI and the session goes on.
const CASES = [
  { name: 'invalid JSON', ser: 'json', at: 'fresh', send: (p) => p.sendFrame('[1, "realm1", {', false),
    answer: { abort: PV, close: 1002 } },
  { name: 'invalid MsgPack (0xc1 is never used)', ser: 'msgpack', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.from([0x93, 0xc1, 0xc1, 0xc1]), true), answer: { abort: PV, close: 1002 } },
  { name: 'truncated MsgPack', ser: 'msgpack', at: 'fresh',
    send: (p) => p.sendFrame(pack([MSG.HELLO, REALM, HELLO_DETAILS]).subarray(0, 9), true),
    answer: { abort: PV, close: 1002 } },
  { name: 'invalid CBOR (additional information 28 is reserved)', ser: 'cbor', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.from([0x83, 0x1c, 0x00, 0x00]), true), answer: { abort: PV, close: 1002 } },
  { name: 'truncated CBOR', ser: 'cbor', at: 'fresh',
    send: (p) => p.sendFrame(cbor.encode([MSG.HELLO, REALM, HELLO_DETAILS]).subarray(0, 9), true),
    answer: { abort: PV, close: 1002 } },
  { name: 'a CBOR break code outside an indefinite-length item', ser: 'cbor', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.from([0x83, 0x01, 0xff, 0xa0]), true), answer: { abort: PV, close: 1002 } },
  { name: 'invalid UTF-8 in a MsgPack string (the realm)', ser: 'msgpack', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.concat([Buffer.from([0x93, 0x01, 0xa2, 0xff, 0xfe]), pack(HELLO_DETAILS)]), true),
    answer: { abort: PV, close: 1002 } },
  { name: 'invalid UTF-8 in a CBOR text string (the realm)', ser: 'cbor', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.concat([Buffer.from([0x83, 0x01, 0x62, 0xff, 0xfe]), cbor.encode(HELLO_DETAILS)]),
      true), answer: { abort: PV, close: 1002 } },
  { name: 'invalid UTF-8 in a text frame', ser: 'json', at: 'fresh',
    send: (p) => p.sendFrame(Buffer.from([0x5b, 0x31, 0x2c, 0x22, 0xff, 0xfe, 0x22, 0x5d]), false),
    answer: { close: 1007 } },
  { name: 'a binary frame on wamp.2.json', ser: 'json', at: 'joined',
    send: (p) => p.sendFrame(Buffer.from('[16,1,{},"com.a"]'), true), answer: { abort: PV, close: 1002 } },
  { name: 'a text frame on wamp.2.msgpack', ser: 'msgpack', at: 'joined',
    send: (p) => p.sendFrame('[16,1,{},"com.a"]', false), answer: { abort: PV, close: 1002 } },
  { name: 'a text frame on wamp.2.cbor', ser: 'cbor', at: 'joined',
    send: (p) => p.sendFrame('[16,1,{},"com.a"]', false), answer: { abort: PV, close: 1002 } },
  { name: 'not an array', ser: 'json', at: 'fresh', send: (p) => p.sendFrame('{"hello": 1}', false),
    answer: { abort: PV, close: 1002 } },
  { name: 'a message type that is not an integer', ser: 'json', at: 'fresh',
    send: (p) => p.sendFrame('["HELLO", "realm1", {}]', false), answer: { abort: PV, close: 1002 } },
  { name: 'HELLO with a number for the realm (wrong element type)', ser: 'json', at: 'fresh',
    send: (p) => p.send([MSG.HELLO, 5, HELLO_DETAILS]), answer: { abort: PV, close: 1002 } },
  { name: 'SUBSCRIBE with a string for Options (wrong element type)', ser: 'msgpack', at: 'joined',
    send: (p) => p.send([MSG.SUBSCRIBE, 1, 'options', 'com.example.t']), answer: { abort: PV, close: 1002 } },
  { name: 'SUBSCRIBE without a topic (wrong arity)', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.SUBSCRIBE, 1, {}]), answer: { abort: PV, close: 1002 } },
  { name: 'PUBLISH with extra elements after ArgumentsKw (wrong arity)', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.PUBLISH, 1, {}, 'com.example.t', [], {}, 'extra']), answer: { abort: PV, close: 1002 } },
  { name: 'an unknown message type before HELLO', ser: 'json', at: 'fresh', send: (p) => p.send([99, 1, {}]),
    answer: { abort: PV, close: 1002 } },
  { name: 'an unknown message type after WELCOME', ser: 'msgpack', at: 'joined', send: (p) => p.send([99, 1, {}]),
    answer: { abort: PV, close: 1002 } },
  { name: 'a router-only message (EVENT) from a client', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.EVENT, 1, 1, {}]), answer: { abort: PV, close: 1002 } },
  { name: 'SUBSCRIBE before HELLO', ser: 'json', at: 'fresh', send: (p) => p.send([MSG.SUBSCRIBE, 1, {}, 'com.a']),
    answer: { abort: PV, close: 1002 } },
  { name: 'PUBLISH after GOODBYE (session closed, no new HELLO)', ser: 'msgpack', at: 'afterGoodbye',
    send: (p) => p.send([MSG.PUBLISH, 1, {}, 'com.example.t']), answer: { abort: PV, close: 1002 } },
  { name: 'HELLO twice', ser: 'json', at: 'joined', send: (p) => p.send([MSG.HELLO, REALM, HELLO_DETAILS]),
    answer: { abort: PV, close: 1002 } },
  { name: 'a request id that skips one (2 first)', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.PUBLISH, 2, {}, 'com.example.t']), answer: { abort: PV, close: 1002 } },
  { name: 'a duplicate request id', ser: 'msgpack', at: 'joined',
    send: (p) => { p.send([MSG.PUBLISH, 1, {}, 'com.example.t']); p.send([MSG.PUBLISH, 1, {}, 'com.example.t']); },
    answer: { abort: PV, close: 1002 } },
  { name: 'request id 0', ser: 'json', at: 'joined', send: (p) => p.send([MSG.PUBLISH, 0, {}, 'com.example.t']),
    answer: { abort: PV, close: 1002 } },
  { name: 'request id -1', ser: 'msgpack', at: 'joined', send: (p) => p.send([MSG.PUBLISH, -1, {}, 'com.example.t']),
    answer: { abort: PV, close: 1002 } },
  { name: 'request id 2^53 + 1', ser: 'json', at: 'joined',
    send: (p) => p.sendFrame('[16, 9007199254740993, {}, "com.example.t"]', false), answer: { abort: PV, close: 1002 } },
  { name: 'request id 2^64 - 1 (MsgPack uint64)', ser: 'msgpack', at: 'joined',
    send: (p) => p.sendFrame(Buffer.concat([Buffer.from([0x94, 0x10, 0xcf]), Buffer.alloc(8, 0xff),
      Buffer.from([0x80]), pack('com.example.t')]), true), answer: { abort: PV, close: 1002 } },
  { name: 'a request id that is a float', ser: 'json', at: 'joined',
    send: (p) => p.sendFrame('[16, 1.5, {}, "com.example.t"]', false), answer: { abort: PV, close: 1002 } },
  { name: 'UNSUBSCRIBE of subscription id 0 (ID outside 1..2^53)', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.UNSUBSCRIBE, 1, 0]), answer: { abort: PV, close: 1002 } },
  { name: 'an invalid topic URI (strict rule)', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.SUBSCRIBE, 1, {}, 'com.Example..bad topic']), answer: { error: 'wamp.error.invalid_uri' } },
  { name: 'an invalid procedure URI', ser: 'msgpack', at: 'joined',
    send: (p) => p.send([MSG.REGISTER, 1, {}, 'com.example.#bad']), answer: { error: 'wamp.error.invalid_uri' } },
  { name: 'a CALL with an invalid procedure URI', ser: 'json', at: 'joined',
    send: (p) => p.send([MSG.CALL, 1, {}, 'com. example']), answer: { error: 'wamp.error.invalid_uri' } },
];

const LIMIT_CASES = [
  { name: 'a frame over options.max_frame_size (16 KiB)', ser: 'json',
    send: (p) => p.send([MSG.PUBLISH, 1, {}, 'com.example.t', ['x'.repeat(20000)]]), answer: { close: 1009 } },
  { name: 'a message over options.max_message_size (64 KiB) in frames under the frame limit', ser: 'msgpack',
    send: (p) => {
      const chunk = Buffer.alloc(15000, 0x61);
      for (let i = 0; i < 5; i++) p.ws.send(chunk, { binary: true, fin: false });
      p.ws.send(chunk, { binary: true, fin: true });
    }, answer: { close: 1009 } },
];

async function reach(p, at) {
  if (at === 'fresh') return;
  await p.hello();
  if (at === 'afterGoodbye') {
    p.send([MSG.GOODBYE, {}, 'wamp.close.close_realm']);
    const m = await p.next('GOODBYE reply');
    assert.equal(m[0], MSG.GOODBYE, p.transcript());
  }
}

async function expectAnswer(p, answer, what) {
  if (answer.abort) {
    const m = await p.next(`ABORT after ${what}`).catch((e) => { throw new Error(`${e.message}\n${p.transcript()}`); });
    assert.ok(Array.isArray(m) && m[0] === MSG.ABORT, `expected ABORT, got ${JSON.stringify(m)}\n${p.transcript()}`);
    assert.equal(m[2], answer.abort, p.transcript());
    assert.equal(typeof m[1]?.message, 'string', `ABORT.Details.message explains: ${p.transcript()}`);
  }
  if (answer.close) {
    const { code } = await p.waitClosed(`close ${answer.close} after ${what}`);
    assert.equal(code, answer.close, p.transcript());
    if (!answer.abort) assert.equal(p.inbox.size, 0, `no WAMP answer expected: ${p.transcript()}`);
  }
  if (answer.error) {
    const m = await p.next(`ERROR after ${what}`);
    assert.deepStrictEqual([m[0], m[4]], [MSG.ERROR, answer.error], p.transcript());
    // The session goes on: the next request (id 2) is answered.
    p.send([MSG.SUBSCRIBE, 2, {}, uniqueUri('hostile.ok')]);
    assert.equal((await p.next('SUBSCRIBED after the ERROR'))[0], MSG.SUBSCRIBED, p.transcript());
  }
}

/** A fresh client still joins and round-trips a publication to itself. */
async function freshClientWorks(ser, url) {
  const c = await open(ser, url);
  await c.hello();
  const topic = uniqueUri('hostile.after');
  c.send([MSG.SUBSCRIBE, 1, {}, topic]);
  assert.equal((await c.next('SUBSCRIBED'))[0], MSG.SUBSCRIBED, c.transcript());
  c.send([MSG.PUBLISH, 2, { acknowledge: true, exclude_me: false }, topic, ['still here']]);
  const got = [await c.next('PUBLISHED or EVENT'), await c.next('PUBLISHED or EVENT')].map((m) => m[0]).sort();
  assert.deepStrictEqual(got, [MSG.PUBLISHED, MSG.EVENT].sort(), c.transcript());
  c.terminate();
}

describe('hostile input: each gets its defined answer, and a fresh client still works after it', () => {
  for (const c of CASES) {
    it(`wamp.2.${c.ser}: ${c.name} -> ${JSON.stringify(c.answer)}`, async () => {
      const p = await open(c.ser);
      await reach(p, c.at);
      c.send(p);
      await expectAnswer(p, c.answer, c.name);
      await freshClientWorks(c.ser);
    });
  }
});

describe('hostile input over the limits listener (fixture: 16 KiB frames, 64 KiB messages)', () => {
  for (const c of LIMIT_CASES) {
    it(`wamp.2.${c.ser}: ${c.name} -> ${JSON.stringify(c.answer)}`, { skip: !LIMITS_URL && 'no JUNCTION_PORT_LIMITS' },
      async () => {
        const p = await open(c.ser, LIMITS_URL);
        await p.hello();
        c.send(p);
        await expectAnswer(p, c.answer, c.name);
        await freshClientWorks(c.ser, LIMITS_URL);
      });
  }
  it('control: a message just under both limits passes', { skip: !LIMITS_URL && 'no JUNCTION_PORT_LIMITS' },
    async () => {
      const p = await open('json', LIMITS_URL);
      await p.hello();
      p.send([MSG.PUBLISH, 1, { acknowledge: true }, uniqueUri('hostile.limit'), ['x'.repeat(16000)]]);
      assert.equal((await p.next('PUBLISHED'))[0], MSG.PUBLISHED, p.transcript());
    });
});

describe('a publication the other serializers cannot carry', () => {
  it('a lone surrogate from a JSON publisher reaches JSON subscribers; a CBOR subscriber\'s copy is dropped, the '
    + 'publisher gets PUBLISHED and everyone keeps working', async () => {
    const topic = uniqueUri('hostile.surrogate');
    const [pub, jsonSub, cborSub] = [await open('json'), await open('json'), await open('cbor')];
    for (const p of [pub, jsonSub, cborSub]) await p.hello();
    for (const s of [jsonSub, cborSub]) {
      s.send([MSG.SUBSCRIBE, 1, {}, topic]);
      assert.equal((await s.next('SUBSCRIBED'))[0], MSG.SUBSCRIBED, s.transcript());
    }
    // "\ud800" is valid JSON, but no UTF-8 (so no CBOR or MsgPack string) can hold it.
    pub.sendFrame(`[16, 1, {"acknowledge": true}, "${topic}", ["lone \\ud800"]]`, false);
    assert.equal((await pub.next('PUBLISHED'))[0], MSG.PUBLISHED, pub.transcript());
    const ev = await jsonSub.next('EVENT at the JSON subscriber');
    assert.equal(ev[0], MSG.EVENT, jsonSub.transcript());
    assert.equal(ev[4][0], 'lone \ud800');
    // control: the next publication reaches both, and it is the first the CBOR subscriber sees
    pub.send([MSG.PUBLISH, 2, { acknowledge: true }, topic, ['plain']]);
    assert.equal((await pub.next('PUBLISHED'))[0], MSG.PUBLISHED, pub.transcript());
    assert.deepStrictEqual((await jsonSub.next('EVENT'))[4], ['plain'], jsonSub.transcript());
    const first = await cborSub.next('EVENT at the CBOR subscriber');
    assert.deepStrictEqual([first[0], first[4]], [MSG.EVENT, ['plain']], cborSub.transcript());
    assert.equal(cborSub.isClosed, false);
  });
});
