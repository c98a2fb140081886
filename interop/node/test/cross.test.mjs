// Sessions on different serializers (and libraries) route to each other, payloads and binaries intact.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Clients, WampError } from '../lib/clients.mjs';
import { Inbox, uniqueUri, richPayload, sampleBytes, normalizeBinary } from '../lib/env.mjs';
import { assertWampError, supportsBinary, bytesFor } from '../lib/scenarios.mjs';

const PAIRS = [
  // [caller/publisher, callee/subscriber]
  [['autobahn', 'json'], ['autobahn', 'msgpack']],
  [['autobahn', 'msgpack'], ['autobahn', 'json']],
  [['wampy', 'json'], ['wampy', 'msgpack']],
  [['wampy', 'msgpack'], ['wampy', 'json']],
  [['autobahn', 'json'], ['wampy', 'msgpack']],
  [['wampy', 'msgpack'], ['autobahn', 'json']],
  [['wampy', 'json'], ['autobahn', 'msgpack']],
  // CBOR (autobahn-js through node-cbor, wampy through cbor-x) against the other two and itself
  [['autobahn', 'cbor'], ['autobahn', 'json']],
  [['autobahn', 'json'], ['autobahn', 'cbor']],
  [['autobahn', 'cbor'], ['wampy', 'msgpack']],
  [['wampy', 'msgpack'], ['wampy', 'cbor']],
  [['wampy', 'cbor'], ['autobahn', 'cbor']],
  [['wampy', 'cbor'], ['wampy', 'json']],
];

const name = ([lib, ser]) => `${lib}/${ser}`;

describe('cross-serializer routing', () => {
  const clients = new Clients();
  after(() => clients.closeAll());

  for (const [from, to] of PAIRS) {
    it(`RPC: ${name(from)} caller -> ${name(to)} callee: args, kwargs and application errors`, async () => {
      const callee = await clients.connect(...to);
      const caller = await clients.connect(...from);
      const proc = uniqueUri('x_echo');
      const seen = [];
      await callee.register(proc, (inv) => {
        seen.push(inv);
        if (inv.args[0] === 'fail') throw new WampError('com.junction.interop.error.cross', ['über', 1], { k: [true] });
        return { args: inv.args, kwargs: inv.kwargs };
      });
      const { args, kwargs } = richPayload();
      const r = await caller.call(proc, args, kwargs);
      assert.deepStrictEqual(seen[0].args, args, 'INVOCATION args');
      assert.deepStrictEqual(seen[0].kwargs, kwargs, 'INVOCATION kwargs');
      assert.deepStrictEqual(r, { args, kwargs }, 'RESULT');
      const e = await assertWampError(caller.call(proc, ['fail']), 'com.junction.interop.error.cross', 'CALL');
      assert.deepStrictEqual([e.args, e.kwargs], [['über', 1], { k: [true] }]);
    });

    it(`pub/sub: ${name(from)} publisher -> ${name(to)} subscriber`, async () => {
      const sub = await clients.connect(...to);
      const pub = await clients.connect(...from);
      const topic = uniqueUri('x_topic');
      const inbox = new Inbox('EVENT');
      await sub.subscribe(topic, (ev) => inbox.push(ev));
      const { args, kwargs } = richPayload();
      await pub.publish(topic, args, kwargs);
      const ev = await inbox.next();
      assert.deepStrictEqual({ args: ev.args, kwargs: ev.kwargs }, { args, kwargs });
    });

    if (supportsBinary(...from) && supportsBinary(...to)) {
      it(`binary: ${name(from)} -> ${name(to)}: JSON "\\u0000"+base64 <-> MsgPack bin <-> CBOR byte string, both ways`, async () => {
        const callee = await clients.connect(...to);
        const caller = await clients.connect(...from);
        const sub = await clients.connect(...to);
        const proc = uniqueUri('x_bin');
        const topic = uniqueUri('x_bin_topic');
        const got = [];
        await callee.register(proc, (inv) => { got.push(inv.args[0]); return { args: [inv.args[0], bytesFor(to[0], sampleBytes(77))] }; });
        const inbox = new Inbox('binary EVENT');
        await sub.subscribe(topic, (ev) => inbox.push(ev));
        const bytes = sampleBytes(300);
        const r = await caller.call(proc, [bytesFor(from[0], bytes)]);
        assert.ok(got[0] instanceof Uint8Array, `callee must receive binary, got ${typeof got[0]}: ${String(got[0]).slice(0, 40)}`);
        assert.ok(Buffer.compare(normalizeBinary(got[0]), bytes) === 0, 'callee bytes intact');
        assert.ok(r.args[0] instanceof Uint8Array && r.args[1] instanceof Uint8Array, 'caller must receive binary');
        assert.deepStrictEqual(normalizeBinary(r.args), [bytes, sampleBytes(77)]);
        await caller.publish(topic, [bytesFor(from[0], bytes)], { b: bytesFor(from[0], Buffer.from([0])) });
        const ev = await inbox.next();
        assert.ok(ev.args[0] instanceof Uint8Array, 'subscriber must receive binary');
        assert.deepStrictEqual(normalizeBinary([ev.args, ev.kwargs]), [[bytes], { b: Buffer.from([0]) }]);
      });
    }
  }
});
