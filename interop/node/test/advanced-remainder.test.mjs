// The rest of the Advanced Profile, with raw `ws` peers (neither autobahn-js 22.11.1 nor wampy 8 can express these):
// registration/subscription revocation through wamp.registration.remove_callee and wamp.subscription.remove_subscriber,
// progressive call invocations, payload passthru mode, event history (with the spec's filters), and testaments published when a session leaves. JSON,
// MsgPack and CBOR.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { RawPeer, MSG, HELLO_DETAILS } from '../lib/raw.mjs';
import { REALM, uniqueUri } from '../lib/env.mjs';

const INTERRUPT = 69;
const peers = [];
after(() => peers.forEach((p) => p.terminate()));

/** A raw peer joined to the realm; `features` = {role: {feature: true}}. */
async function raw(ser, features = {}) {
  const p = await RawPeer.open(ser);
  peers.push(p);
  const details = structuredClone(HELLO_DETAILS);
  for (const [role, f] of Object.entries(features)) details.roles[role] = { features: f };
  p.send([MSG.HELLO, REALM, details]);
  const m = await p.next('WELCOME');
  assert.equal(m[0], MSG.WELCOME, `expected WELCOME, got ${JSON.stringify(m)}`);
  p.sessionId = Number(m[1]);
  p.welcomeDetails = m[2];
  return p;
}

/** A raw peer joined to another realm. */
async function rawIn(realm, ser) {
  const p = await RawPeer.open(ser);
  peers.push(p);
  await p.hello(realm);
  return p;
}

async function expect(peer, type, what) {
  const m = await peer.next(what).catch((e) => { throw new Error(`${e.message}\n${peer.transcript()}`); });
  assert.ok(Array.isArray(m) && m[0] === type, `${what}: expected type ${type}, got ${JSON.stringify(m)}\n${peer.transcript()}`);
  return m;
}

async function metaCall(peer, proc, args, kwargs = {}) {
  const rid = peer.rid();
  peer.send([MSG.CALL, rid, {}, proc, args, kwargs]);
  const m = await peer.next(`answer to ${proc}`);
  assert.ok(Array.isArray(m) && (m[0] === MSG.RESULT || m[0] === MSG.ERROR), JSON.stringify(m));
  return m;
}

for (const ser of ['json', 'msgpack', 'cbor']) {
  describe(`advanced profile remainder over ${ser}`, () => {
    it('WELCOME announces registration_revocation, subscription_revocation and progressive_call_invocations', async () => {
      const p = await raw(ser);
      assert.equal(p.welcomeDetails.roles.dealer.features.registration_revocation, true);
      assert.equal(p.welcomeDetails.roles.dealer.features.progressive_call_invocations, true);
      assert.equal(p.welcomeDetails.roles.broker.features.subscription_revocation, true);
    });

    it('remove_callee: UNREGISTERED [67, 0, {registration, reason}] to a callee announcing the feature; calls then fail', async () => {
      const callee = await raw(ser, { callee: { registration_revocation: true } });
      const admin = await raw(ser);
      const proc = uniqueUri('revoked');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      const reg = Number((await expect(callee, MSG.REGISTERED, 'REGISTERED'))[2]);
      // positive control: the call reaches the callee before the revocation
      const c1 = admin.rid();
      admin.send([MSG.CALL, c1, {}, proc, [1]]);
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION before revocation');
      callee.send([MSG.YIELD, inv[1], {}, ['ok']]);
      await expect(admin, MSG.RESULT, 'RESULT before revocation');

      const r = await metaCall(admin, 'wamp.registration.remove_callee', [reg, callee.sessionId], { reason: 'maintenance' });
      assert.equal(r[0], MSG.RESULT, JSON.stringify(r));
      const revoked = await expect(callee, MSG.UNREGISTERED, 'revocation');
      assert.equal(Number(revoked[1]), 0);
      assert.deepEqual({ ...revoked[2], registration: Number(revoked[2].registration) }, { registration: reg, reason: 'maintenance' });
      const after = await metaCall(admin, proc, [2]);
      assert.deepEqual([after[0], after[4]], [MSG.ERROR, 'wamp.error.no_such_procedure']);
    });

    it('remove_subscriber: UNSUBSCRIBED [35, 0, {subscription, reason}], and no EVENT after it', async () => {
      const sub = await raw(ser, { subscriber: { subscription_revocation: true } });
      const control = await raw(ser);
      const admin = await raw(ser);
      const topic = uniqueUri('revoked_topic');
      sub.send([MSG.SUBSCRIBE, sub.rid(), {}, topic]);
      const subId = Number((await expect(sub, MSG.SUBSCRIBED, 'SUBSCRIBED'))[2]);
      control.send([MSG.SUBSCRIBE, control.rid(), {}, topic]);
      await expect(control, MSG.SUBSCRIBED, 'control SUBSCRIBED');

      const r = await metaCall(admin, 'wamp.subscription.remove_subscriber', [subId, sub.sessionId], { reason: 'bye' });
      assert.equal(r[0], MSG.RESULT, JSON.stringify(r));
      const revoked = await expect(sub, MSG.UNSUBSCRIBED, 'revocation');
      assert.equal(Number(revoked[1]), 0);
      assert.deepEqual({ ...revoked[2], subscription: Number(revoked[2].subscription) }, { subscription: subId, reason: 'bye' });

      admin.send([MSG.PUBLISH, admin.rid(), {}, topic, ['after']]);
      await expect(control, MSG.EVENT, 'control EVENT'); // the publication went out...
      // ...and the revoked subscriber's next message is the answer to its own control request, not an EVENT
      sub.send([MSG.PUBLISH, sub.rid(), { acknowledge: true }, uniqueUri('nothing'), []]);
      await expect(sub, MSG.PUBLISHED, 'revoked subscriber: PUBLISHED, no EVENT before it');
    });

    it('progressive call invocations: chunks under one request id reach the callee as INVOCATION progress', async () => {
      const callee = await raw(ser, { callee: { progressive_call_invocations: true, call_canceling: true } });
      const caller = await raw(ser, { caller: { progressive_call_invocations: true } });
      const proc = uniqueUri('upload');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      await expect(callee, MSG.REGISTERED, 'REGISTERED');
      const rid = caller.rid();
      caller.send([MSG.CALL, rid, { progress: true }, proc, ['a']]);
      const i1 = await expect(callee, MSG.INVOCATION, 'chunk 1');
      assert.equal(i1[3].progress, true);
      caller.send([MSG.CALL, rid, { progress: true }, proc, ['b']]);
      const i2 = await expect(callee, MSG.INVOCATION, 'chunk 2');
      caller.send([MSG.CALL, rid, {}, proc, ['c']]);
      const i3 = await expect(callee, MSG.INVOCATION, 'final chunk');
      assert.deepEqual([i2[1], i3[1]], [i1[1], i1[1]], 'one INVOCATION request id for the whole call');
      assert.deepEqual([i2[3].progress, i3[3].progress, i2[4], i3[4]], [true, undefined, ['b'], ['c']]);
      callee.send([MSG.YIELD, i1[1], {}, ['abc']]);
      const result = await expect(caller, MSG.RESULT, 'RESULT');
      assert.deepEqual([Number(result[1]), result[3]], [rid, ['abc']]);
    });

    it('progressive call invocations to a callee without the feature: ERROR wamp.error.feature_not_supported', async () => {
      const callee = await raw(ser, { callee: { call_canceling: true } });
      const caller = await raw(ser, { caller: { progressive_call_invocations: true } });
      const proc = uniqueUri('no_upload');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      await expect(callee, MSG.REGISTERED, 'REGISTERED');
      const rid = caller.rid();
      caller.send([MSG.CALL, rid, { progress: true }, proc, ['x']]);
      const refused = await expect(caller, MSG.ERROR, 'ERROR for a progressive CALL');
      assert.deepEqual([refused[1], Number(refused[2]), refused[4]], [MSG.CALL, rid, 'wamp.error.feature_not_supported']);
      // positive control: a plain call reaches the same callee
      const plain = caller.rid();
      caller.send([MSG.CALL, plain, {}, proc, ['y']]);
      const inv = await expect(callee, MSG.INVOCATION, 'plain INVOCATION (the progressive one never came)');
      assert.deepEqual(inv[4], ['y']);
    });

    it('a caller leaving mid-stream: INTERRUPT killnowait to the callee', async () => {
      const callee = await raw(ser, { callee: { progressive_call_invocations: true, call_canceling: true } });
      const caller = await raw(ser, { caller: { progressive_call_invocations: true } });
      const proc = uniqueUri('upload_gone');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      await expect(callee, MSG.REGISTERED, 'REGISTERED');
      caller.send([MSG.CALL, caller.rid(), { progress: true }, proc, ['a']]);
      const inv = await expect(callee, MSG.INVOCATION, 'chunk 1');
      caller.terminate();
      const interrupt = await expect(callee, INTERRUPT, 'INTERRUPT');
      assert.deepEqual([interrupt[1], interrupt[2].mode], [inv[1], 'killnowait']);
    });

    it('payload passthru: ppt_* options and a binary payload reach the callee and come back, also across serializers', async () => {
      const PPT = { ppt_scheme: 'x_interop', ppt_serializer: 'custom', ppt_cipher: 'xsalsa20poly1305', ppt_keyid: 'k1' };
      const PPT_ALL = { payload_passthru_mode: true };
      const other = ser === 'json' ? 'cbor' : 'json';
      const sealed = [0, 1, 2, 250, 251, 255];
      const asBytes = (v) => [...(typeof v === 'string' && v.charCodeAt(0) === 0 ? Buffer.from(v.slice(1), 'base64') : v)];
      const binaryFor = (s) => (s === 'json' ? '\u0000' + Buffer.from(sealed).toString('base64') : Buffer.from(sealed));
      for (const calleeSer of [ser, other]) {
        const callee = await raw(calleeSer, { callee: PPT_ALL });
        const caller = await raw(ser, { caller: PPT_ALL });
        const proc = uniqueUri('ppt');
        callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
        await expect(callee, MSG.REGISTERED, 'REGISTERED');
        const rid = caller.rid();
        caller.send([MSG.CALL, rid, PPT, proc, [binaryFor(ser)]]);
        const inv = await expect(callee, MSG.INVOCATION, `INVOCATION (${ser} -> ${calleeSer})`);
        assert.deepEqual(Object.fromEntries(Object.entries(inv[3]).filter(([k]) => k.startsWith('ppt_'))), PPT);
        assert.deepEqual(asBytes(inv[4][0]), sealed, 'the sealed bytes arrive unchanged');
        callee.send([MSG.YIELD, inv[1], PPT, [binaryFor(calleeSer)]]);
        const result = await expect(caller, MSG.RESULT, 'RESULT');
        assert.deepEqual(result[2], PPT);
        assert.deepEqual(asBytes(result[3][0]), sealed);
        if (calleeSer !== ser) {
          // never transcoded: a structured passthru payload cannot cross serializers
          const r2 = caller.rid();
          caller.send([MSG.CALL, r2, PPT, proc, ['structured', { a: 1 }]]);
          const refused = await expect(caller, MSG.ERROR, 'ERROR for a structured passthru payload across serializers');
          assert.equal(refused[4], 'wamp.error.feature_not_supported');
        }
      }
    });

    it('payload passthru without announcing it: ABORT protocol_violation', async () => {
      const caller = await raw(ser);
      caller.send([MSG.CALL, caller.rid(), { ppt_scheme: 'x_interop' }, uniqueUri('any'), []]);
      const abort = await expect(caller, MSG.ABORT, 'ABORT');
      assert.equal(abort[2], 'wamp.error.protocol_violation');
    });

    it('event history: wamp.subscription.get_events returns the last publications of a configured topic', async () => {
      // realm "history" from src/test/etc: com.junction.interop.history.log keeps 3 publications
      const publisher = await rawIn('history', ser);
      const topic = 'com.junction.interop.history.log';
      const tag = uniqueUri('run');
      for (let i = 1; i <= 5; i++) {
        publisher.send([MSG.PUBLISH, publisher.rid(), { acknowledge: true }, topic, [tag, i]]);
        await expect(publisher, MSG.PUBLISHED, `PUBLISHED ${i}`);
      }
      const reader = await rawIn('history', ser);
      reader.send([MSG.SUBSCRIBE, reader.rid(), {}, topic]);
      const sub = (await expect(reader, MSG.SUBSCRIBED, 'SUBSCRIBED'))[2];
      let r = await metaCall(reader, 'wamp.subscription.get_events', [sub]);
      assert.equal(r[0], MSG.RESULT, JSON.stringify(r));
      assert.deepEqual(r[3][0].map((e) => [e.args[0], e.args[1]]), [[tag, 3], [tag, 4], [tag, 5]]);
      assert.ok(r[3][0].every((e) => typeof e.timestamp === 'string' && e.publication !== undefined));
      r = await metaCall(reader, 'wamp.subscription.get_events', [sub], { reverse: true, limit: 1 });
      assert.deepEqual(r[3][0].map((e) => e.args[1]), [5]);
      // a topic without history: empty (positive control above)
      const other = uniqueUri('no_history');
      reader.send([MSG.SUBSCRIBE, reader.rid(), {}, other]);
      const otherSub = (await expect(reader, MSG.SUBSCRIBED, 'SUBSCRIBED other'))[2];
      publisher.send([MSG.PUBLISH, publisher.rid(), { acknowledge: true }, other, [1]]);
      await expect(publisher, MSG.PUBLISHED, 'PUBLISHED other');
      await expect(reader, MSG.EVENT, 'EVENT other');
      r = await metaCall(reader, 'wamp.subscription.get_events', [otherSub]);
      assert.deepEqual(r[3][0], []);
    });

    it('event history filters (spec): after/before/from/until_publication, from/after/before/until_time, topic; reverse and limit after them; bad values -> wamp.error.invalid_argument', async () => {
      // com.junction.interop.history.audit keeps 10 publications; earlier runs of this file may have left some
      const publisher = await rawIn('history', ser);
      const topic = 'com.junction.interop.history.audit';
      const tag = uniqueUri('filters');
      for (let i = 1; i <= 4; i++) {
        publisher.send([MSG.PUBLISH, publisher.rid(), { acknowledge: true }, topic, [tag, i]]);
        await expect(publisher, MSG.PUBLISHED, `PUBLISHED ${i}`);
      }
      // one to the other history topic, which only the prefix subscription below sees
      publisher.send([MSG.PUBLISH, publisher.rid(), { acknowledge: true }, 'com.junction.interop.history.log', [tag, 'log']]);
      await expect(publisher, MSG.PUBLISHED, 'PUBLISHED log');
      const reader = await rawIn('history', ser);
      reader.send([MSG.SUBSCRIBE, reader.rid(), {}, topic]);
      const sub = (await expect(reader, MSG.SUBSCRIBED, 'SUBSCRIBED'))[2];
      const get = async (kwargs, s = sub) => {
        const r = await metaCall(reader, 'wamp.subscription.get_events', [s], kwargs);
        assert.equal(r[0], MSG.RESULT, `get_events ${JSON.stringify(kwargs)}: ${JSON.stringify(r)}`);
        return r[3][0];
      };
      const mine = (await get({})).filter((e) => e.args[0] === tag);
      assert.deepEqual(mine.map((e) => e.args[1]), [1, 2, 3, 4], 'control: all four are kept');
      const [p1, p2, p3, p4] = mine.map((e) => e.publication);
      const n = (events) => events.map((e) => e.args[1]);
      assert.deepEqual(n(await get({ after_publication: p1 })), [2, 3, 4]);
      assert.deepEqual(n(await get({ from_publication: p2, until_publication: p3 })), [2, 3]);
      assert.deepEqual(n(await get({ before_publication: p4, reverse: true, limit: 2 })), [3, 2], 'paging backwards');
      assert.deepEqual(n(await get({ after_publication: p4 })), [], 'nothing after the newest');
      assert.deepEqual(n(await get({ from_time: mine[0].timestamp, after_publication: p2 })), [3, 4], 'time AND publication');
      assert.deepEqual(n(await get({ after_time: mine[3].timestamp })), [], 'after_time is exclusive');
      assert.deepEqual(n((await get({ until_time: mine[3].timestamp })).filter((e) => e.args[0] === tag)), [1, 2, 3, 4],
        'until_time is inclusive');
      reader.send([MSG.SUBSCRIBE, reader.rid(), { match: 'prefix' }, 'com.junction.interop.history']);
      const psub = (await expect(reader, MSG.SUBSCRIBED, 'SUBSCRIBED prefix'))[2];
      const logOnly = (await get({ topic: 'com.junction.interop.history.log', after_publication: p4 }, psub));
      assert.deepEqual(logOnly.map((e) => [e.args[1], e.details.topic]), [['log', 'com.junction.interop.history.log']]);
      assert.deepEqual(n(await get({ topic, after_publication: p2 }, psub)), [3, 4]);
      for (const bad of [{ from_time: 'yesterday' }, { after_publication: 1 }, { limit: 0 }]) {
        const r = await metaCall(reader, 'wamp.subscription.get_events', [sub], bad);
        assert.deepEqual([r[0], r[4]], [MSG.ERROR, 'wamp.error.invalid_argument'], `${JSON.stringify(bad)}: ${JSON.stringify(r)}`);
      }
    });

    it('testament: published when the session leaves without GOODBYE; flushed ones are not', async () => {
      const watcher = await raw(ser);
      const dying = await raw(ser);
      const topic = uniqueUri('testament');
      const flushed = uniqueUri('flushed');
      for (const t of [topic, flushed]) {
        watcher.send([MSG.SUBSCRIBE, watcher.rid(), {}, t]);
        await expect(watcher, MSG.SUBSCRIBED, `SUBSCRIBED ${t}`);
      }
      let r = await metaCall(dying, 'wamp.session.add_testament', [flushed, ['never'], {}], { scope: 'detached' });
      assert.equal(r[0], MSG.RESULT, JSON.stringify(r));
      r = await metaCall(dying, 'wamp.session.flush_testaments', [], { scope: 'detached' });
      assert.deepEqual(r[3], [1]);
      r = await metaCall(dying, 'wamp.session.add_testament', [topic, ['gone', dying.sessionId], { why: 'crash' }]);
      assert.equal(r[0], MSG.RESULT, JSON.stringify(r));
      dying.terminate();
      const ev = await expect(watcher, MSG.EVENT, 'testament EVENT');
      assert.deepEqual([ev[4][0], Number(ev[4][1]), ev[5]], ['gone', dying.sessionId, { why: 'crash' }]);
      // nothing from the flushed testament: the watcher's next message answers its own control request
      watcher.send([MSG.PUBLISH, watcher.rid(), { acknowledge: true }, uniqueUri('control'), []]);
      await expect(watcher, MSG.PUBLISHED, 'control PUBLISHED, no flushed testament before it');
    });
  });
}
