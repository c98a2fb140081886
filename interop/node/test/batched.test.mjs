// WAMP-over-Batched-WebSocket (wamp.2.<serializer>.batched) with a raw `ws` peer: JSON messages each followed by
// 0x1E, MsgPack and CBOR messages each behind a 4-byte big-endian length. Several messages in one WebSocket message
// are all handled; the router's messages arrive as batches (of one, or of several when they were queued together);
// an empty batch ends the session with ABORT.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import cbor from 'cbor';
import { pack, unpack, MSG, HELLO_DETAILS } from '../lib/raw.mjs';
import { URL, REALM, Inbox, uniqueUri, withTimeout, deferred } from '../lib/env.mjs';

const CODECS = {
  json: {
    binary: false,
    batch: (msgs) => Buffer.concat(msgs.map((m) => Buffer.from(JSON.stringify(m) + '\x1e', 'utf8'))),
    split: (data) => {
      const text = data.toString('utf8');
      assert.ok(text.endsWith('\x1e'), `every JSON message must end with 0x1E: ${JSON.stringify(text)}`);
      return text.slice(0, -1).split('\x1e').map((t) => JSON.parse(t));
    },
  },
  msgpack: { binary: true, encode: pack, decode: unpack },
  cbor: { binary: true, encode: (m) => cbor.encode(m), decode: (b) => cbor.decodeFirstSync(b) },
};
for (const c of Object.values(CODECS)) {
  if (!c.binary) continue;
  c.batch = (msgs) => Buffer.concat(msgs.flatMap((m) => {
    const body = c.encode(m);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    return [len, body];
  }));
  c.split = (data) => {
    const out = [];
    for (let at = 0; at < data.length;) {
      const n = data.readUInt32BE(at);
      out.push(c.decode(data.subarray(at + 4, at + 4 + n)));
      at += 4 + n;
    }
    return out;
  };
}

const sockets = [];
after(() => sockets.forEach((ws) => ws.terminate()));

async function open(ser) {
  const protocol = `wamp.2.${ser}.batched`;
  const ws = new WebSocket(URL, [protocol], { perMessageDeflate: false });
  sockets.push(ws);
  const frames = new Inbox(`${protocol} frame`);
  const closed = deferred();
  ws.on('message', (data, isBinary) => frames.push({ data, isBinary }));
  ws.on('close', (code) => closed.resolve(code));
  ws.on('error', () => {});
  const opened = deferred();
  ws.on('open', () => opened.resolve());
  ws.on('unexpected-response', (req, res) => opened.reject(new Error(`HTTP ${res.statusCode} for ${protocol}`)));
  await withTimeout(opened.promise, `open ${protocol}`);
  assert.equal(ws.protocol, protocol);
  const c = CODECS[ser];
  const pending = []; // messages of a batch already received, not yet taken
  return {
    send: (...msgs) => ws.send(c.batch(msgs), { binary: c.binary }),
    sendRaw: (buf) => ws.send(buf, { binary: c.binary }),
    /** The next WAMP message; each WebSocket message must be a non-empty batch of the serializer's frame type. */
    async next(what) {
      if (pending.length === 0) {
        const { data, isBinary } = await frames.next(what);
        assert.equal(isBinary, c.binary, `${what}: frame type`);
        const msgs = c.split(data);
        assert.ok(msgs.length >= 1, `${what}: the router sends no empty batch`);
        pending.push(...msgs);
      }
      return pending.shift();
    },
    closed: closed.promise,
  };
}

describe('batched WebSocket subprotocols', () => {
  for (const ser of Object.keys(CODECS)) {
    it(`wamp.2.${ser}.batched: several messages per WebSocket message, answers framed as batches`, async () => {
      const p = await open(ser);
      p.send([MSG.HELLO, REALM, HELLO_DETAILS]);
      const welcome = await p.next('WELCOME');
      assert.equal(welcome[0], MSG.WELCOME);
      const topic = uniqueUri('batched');
      const proc = uniqueUri('batched_proc');
      // SUBSCRIBE, REGISTER and an acknowledged PUBLISH (exclude_me false) in one WebSocket message
      // (session-scope request ids run 1, 2, 3, ... across these message types)
      p.send([MSG.SUBSCRIBE, 1, {}, topic], [MSG.REGISTER, 2, {}, proc],
        [MSG.PUBLISH, 3, { acknowledge: true, exclude_me: false }, topic, ['x', 1]]);
      const got = [];
      for (let i = 0; i < 4; i++) got.push(await p.next(`answer ${i + 1} of 4`));
      const types = got.map((m) => m[0]);
      assert.deepEqual(types.slice(0, 2), [MSG.SUBSCRIBED, MSG.REGISTERED]);
      assert.deepEqual([...types.slice(2)].sort(), [MSG.PUBLISHED, MSG.EVENT].sort());
      const event = got.find((m) => m[0] === MSG.EVENT);
      assert.deepEqual(event[4], ['x', 1]);
      // a call to our own procedure, answered from the same connection
      p.send([MSG.CALL, 4, {}, proc, [2]]);
      const inv = await p.next('INVOCATION');
      assert.equal(inv[0], MSG.INVOCATION);
      p.send([MSG.YIELD, inv[1], {}, [inv[4][0] * 21]]);
      const result = await p.next('RESULT');
      assert.deepEqual([result[0], result[1], result[3]], [MSG.RESULT, 4, [42]]);
    });
  }

  it('an empty batch is a protocol violation: ABORT, then the connection closes (positive control: HELLO works)', async () => {
    const p = await open('msgpack');
    p.send([MSG.HELLO, REALM, HELLO_DETAILS]);
    assert.equal((await p.next('WELCOME'))[0], MSG.WELCOME);
    p.sendRaw(Buffer.alloc(0));
    const abort = await p.next('ABORT');
    assert.deepEqual([abort[0], abort[2]], [MSG.ABORT, 'wamp.error.protocol_violation']);
    await withTimeout(p.closed, 'close after ABORT');
  });
});
