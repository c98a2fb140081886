// Protocol-level checks with a raw `ws` peer: exact WAMP messages on the wire, HTTP handshake answers.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { RawPeer, MSG, HELLO_DETAILS, tryUpgrade, httpGet, firstOf } from '../lib/raw.mjs';
import { REALM, uniqueUri } from '../lib/env.mjs';
import { assertValidId } from '../lib/scenarios.mjs';

const peers = [];
async function open(serializer, protocols) {
  const p = await RawPeer.open(serializer, protocols);
  peers.push(p);
  return p;
}
after(() => peers.forEach((p) => p.terminate()));

/**
 * Collects `n` messages; if one does not come within the bound, keeps listening a while longer to tell a stall
 * (late arrival) from a loss, and describes what happened.
 */
async function collect(peer, n, what) {
  const messages = [];
  let stalledAt = null;
  const t0 = Date.now();
  while (messages.length < n) {
    try {
      messages.push(await peer.next(`${what} ${messages.length + 1}/${n}`, stalledAt === null ? 10000 : 1000));
    } catch {
      if (stalledAt === null) stalledAt = messages.length;
      if (Date.now() - t0 > 25000) break;
    }
  }
  const report = stalledAt === null ? `all ${n} ${what} messages arrived`
    : `only ${stalledAt}/${n} ${what} messages arrived within 10 s; ${messages.length}/${n} after ${Date.now() - t0} ms; `
      + `connection closed: ${peer.isClosed}; last received: ${JSON.stringify(messages.at(-1))}`;
  return { messages, report };
}

/** Publishes probes (acknowledged) until one reaches `sub`, so a test can start once the subscription is live. */
async function untilDelivered(pub, sub, topic) {
  for (let i = 0; i < 50; i++) {
    pub.send([MSG.PUBLISH, pub.rid(), { acknowledge: true }, topic, ['__probe__']]);
    assert.equal((await pub.next('PUBLISHED'))[0], MSG.PUBLISHED, pub.transcript());
    try {
      const m = await sub.next('probe EVENT', 200);
      assert.deepStrictEqual([m[0], m[4]], [MSG.EVENT, ['__probe__']], sub.transcript());
      return;
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
    }
  }
  assert.fail(`no probe EVENT reached the subscriber within 50 publications\n${sub.transcript()}`);
}

/** Calls until the callee sees an INVOCATION (answering each), so a test can start once the registration is live. */
async function untilInvoked(caller, callee, proc) {
  for (let i = 0; i < 50; i++) {
    caller.send([MSG.CALL, caller.rid(), {}, proc, ['__probe__']]);
    const reply = await firstOf([['inv', callee], ['reply', caller]], 'probe INVOCATION or reply');
    if (reply[0] === 'inv') {
      callee.send([MSG.YIELD, reply[1][1], {}, []]);
      assert.equal((await caller.next('probe RESULT'))[0], MSG.RESULT, caller.transcript());
      return;
    }
    assert.equal(reply[1][4], 'wamp.error.no_such_procedure', caller.transcript());
  }
  assert.fail(`no probe INVOCATION reached the callee within 50 calls\n${caller.transcript()}`);
}

/** Asserts the next message is ABORT with `reason`, then that the router closes the connection. */
async function expectAbortAndClose(peer, reason, what) {
  const m = await peer.next(`ABORT ${reason} after ${what}`).catch((e) => {
    throw new Error(`${e.message}\n${peer.transcript()}`);
  });
  assert.ok(Array.isArray(m) && m[0] === MSG.ABORT,
    `expected ABORT after ${what}, got ${JSON.stringify(m)}\n${peer.transcript()}`);
  assert.ok(m[1] && typeof m[1] === 'object' && !Array.isArray(m[1]), 'ABORT.Details is a dict');
  assert.equal(m[2], reason, `ABORT reason after ${what}\n${peer.transcript()}`);
  await peer.waitClosed(`the router to close the connection after ABORT (${what})`);
}

describe('HTTP handshake', () => {
  it('a plain GET without Upgrade gets the HTML status page (200)', async () => {
    const r = await httpGet();
    assert.equal(r.status, 200, `status, body: ${r.body.slice(0, 200)}`);
    assert.match(String(r.headers['content-type']), /text\/html/i);
    assert.match(r.body, /<html/i);
  });

  it('an upgrade without a subprotocol is refused with HTTP 400 (control: wamp.2.json gets 101)', async () => {
    const ok = await tryUpgrade(['wamp.2.json']);
    assert.deepStrictEqual([ok.status, ok.protocol], [101, 'wamp.2.json'], 'control');
    const r = await tryUpgrade(undefined);
    assert.equal(r.status, 400, `upgrade without Sec-WebSocket-Protocol: ${JSON.stringify(r)}`);
  });

  it('an upgrade offering only unknown subprotocols is refused with HTTP 400 (control: wamp.2.msgpack gets 101)', async () => {
    const ok = await tryUpgrade(['wamp.2.msgpack']);
    assert.deepStrictEqual([ok.status, ok.protocol], [101, 'wamp.2.msgpack'], 'control');
    const r = await tryUpgrade(['wamp.2.nonexistent', 'chat']);
    assert.equal(r.status, 400, `upgrade with unknown subprotocols: ${JSON.stringify(r)}`);
  });
});

// A reply (SUBSCRIBED, REGISTERED) means the subscription/registration is in force: a request another session
// sends after the reply arrived must see it. Repeated, because a race shows only now and then (more under load).
const ROUNDS = Number(process.env.JUNCTION_CAUSALITY_ROUNDS || 60);
describe('replies take effect before they are sent', () => {
  for (const ser of ['json', 'msgpack']) {
    it(`${ser}: a PUBLISH sent after SUBSCRIBED arrived reaches the subscriber (${ROUNDS} rounds)`, async () => {
      const failures = [];
      for (let round = 0; round < ROUNDS; round++) {
        const sub = await open(ser);
        const pub = await open(ser);
        await sub.hello();
        await pub.hello();
        const topic = uniqueUri('causal_sub');
        sub.send([MSG.SUBSCRIBE, sub.rid(), {}, topic]);
        const subscribed = await sub.next('SUBSCRIBED');
        assert.equal(subscribed[0], MSG.SUBSCRIBED, sub.transcript());
        pub.send([MSG.PUBLISH, pub.rid(), { acknowledge: true }, topic, ['after SUBSCRIBED']]);
        assert.equal((await pub.next('PUBLISHED'))[0], MSG.PUBLISHED, pub.transcript());
        try {
          await sub.next('EVENT', 3000);
        } catch {
          failures.push(`round ${round}:\n  subscriber:\n    ${sub.transcript().replace(/\n/g, '\n    ')}\n  publisher:\n    ${pub.transcript().replace(/\n/g, '\n    ')}`);
        }
        sub.terminate();
        pub.terminate();
      }
      assert.equal(failures.length, 0, `${failures.length}/${ROUNDS} events published after SUBSCRIBED were lost; first:\n${failures[0]}`);
    });

    it(`${ser}: a CALL sent after REGISTERED arrived reaches the callee (${ROUNDS} rounds)`, async () => {
      const failures = [];
      for (let round = 0; round < ROUNDS; round++) {
        const callee = await open(ser);
        const caller = await open(ser);
        await callee.hello();
        await caller.hello();
        const proc = uniqueUri('causal_reg');
        callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
        assert.equal((await callee.next('REGISTERED'))[0], MSG.REGISTERED, callee.transcript());
        caller.send([MSG.CALL, caller.rid(), {}, proc, ['after REGISTERED']]);
        const first = await firstOf([['inv', callee], ['reply', caller]], 'INVOCATION or reply');
        if (first[0] !== 'inv') {
          failures.push(`round ${round}:\n  callee:\n    ${callee.transcript().replace(/\n/g, '\n    ')}\n  caller:\n    ${caller.transcript().replace(/\n/g, '\n    ')}`);
        }
        callee.terminate();
        caller.terminate();
      }
      assert.equal(failures.length, 0, `${failures.length}/${ROUNDS} calls made after REGISTERED missed the registration; first:\n${failures[0]}`);
    });
  }
});

describe('binary values on the wire', () => {
  it('MsgPack bin reaches a JSON subscriber as "\\u0000"+base64 and the JSON form reaches MsgPack as bin', async () => {
    const j = await open('json');
    const m = await open('msgpack');
    await j.hello();
    await m.hello();
    const topic = uniqueUri('wire_bin');
    for (const p of [j, m]) {
      p.send([MSG.SUBSCRIBE, p.rid(), {}, topic]);
      assert.equal((await p.next('SUBSCRIBED'))[0], MSG.SUBSCRIBED, p.transcript());
    }
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    m.send([MSG.PUBLISH, m.rid(), { acknowledge: true }, topic, [bytes, 'text'], { b: bytes }]);
    assert.equal((await m.next('PUBLISHED'))[0], MSG.PUBLISHED, m.transcript());
    const evj = await j.next('EVENT at the JSON subscriber');
    const wire = '\u0000' + bytes.toString('base64');
    assert.deepStrictEqual([evj[0], evj[4], evj[5]], [MSG.EVENT, [wire, 'text'], { b: wire }], j.transcript());

    j.send([MSG.PUBLISH, j.rid(), { acknowledge: true }, topic, [wire, 'text'], { b: wire }]);
    assert.equal((await j.next('PUBLISHED'))[0], MSG.PUBLISHED, j.transcript());
    const evm = await m.next('EVENT at the MsgPack subscriber');
    assert.equal(evm[0], MSG.EVENT, m.transcript());
    assert.ok(evm[4][0] instanceof Uint8Array, `MsgPack subscriber must get bin, got ${JSON.stringify(evm[4][0])}`);
    assert.deepStrictEqual([Buffer.from(evm[4][0]), evm[4][1], Buffer.from(evm[5].b)], [bytes, 'text', bytes]);
  });
});

for (const ser of ['json', 'msgpack']) {
  describe(`raw wamp.2.${ser}`, () => {
    it('control: HELLO gets WELCOME with a valid session id and broker/dealer roles', async () => {
      const p = await open(ser);
      assert.equal(p.protocol, `wamp.2.${ser}`);
      const [, id, details] = await p.hello();
      assertValidId(id, 'WELCOME session id');
      assert.ok(details.roles?.broker && details.roles?.dealer, `roles: ${JSON.stringify(details)}`);
    });

    it('a CALL before HELLO gets ABORT wamp.error.protocol_violation and the connection closes', async () => {
      const p = await open(ser);
      p.send([MSG.CALL, 1, {}, 'com.x']);
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'CALL before HELLO');
    });

    it('an undecodable first frame gets ABORT wamp.error.protocol_violation and the connection closes', async () => {
      const p = await open(ser);
      if (ser === 'json') p.sendFrame('this is {not json', false);
      else p.sendFrame(Buffer.from([0xc1, 0xc1, 0xc1]), true); // 0xc1 is never used in MessagePack
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'garbage first frame');
    });

    if (ser === 'msgpack') {
      it('JavaScript undefined (fixext1 type 0, as msgpackr writes it) reads as nil; any other extension type gets ABORT wamp.error.protocol_violation', async () => {
        const subscribeWith = (p, ext) => {
          const topic = Buffer.from(uniqueUri('ext'), 'utf8');
          // [SUBSCRIBE, 1, {match: <ext>}, topic]
          p.sendFrame(Buffer.concat([Buffer.from([0x94, 0x20, 0x01, 0x81, 0xa5]), Buffer.from('match'),
            Buffer.from(ext), Buffer.from([0xd9, topic.length]), topic]), true);
        };
        const ok = await open(ser);
        await ok.hello();
        subscribeWith(ok, [0xd4, 0x00, 0x00]); // what msgpackr makes of {match: undefined}
        assert.equal((await ok.next('SUBSCRIBED'))[0], MSG.SUBSCRIBED, ok.transcript());
        const p = await open(ser);
        await p.hello();
        subscribeWith(p, [0xd4, 0x01, 0x00]); // extension type 1: not a WAMP value
        await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'an extension type in SUBSCRIBE.Options');
      });
    }

    it('an empty array as first message gets ABORT wamp.error.protocol_violation', async () => {
      const p = await open(ser);
      p.send([]);
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', '[] before HELLO');
    });

    it('HELLO for an unknown realm gets ABORT wamp.error.no_such_realm', async () => {
      const p = await open(ser);
      p.send([MSG.HELLO, 'no_such_realm_for_interop', HELLO_DETAILS]);
      const m = await p.next('ABORT');
      assert.deepStrictEqual([m[0], m[2]], [MSG.ABORT, 'wamp.error.no_such_realm'], p.transcript());
      const c = await open(ser);
      await c.hello(REALM); // control
    });

    it('GOODBYE is answered with GOODBYE wamp.close.goodbye_and_out', async () => {
      const p = await open(ser);
      await p.hello();
      p.send([MSG.GOODBYE, {}, 'wamp.close.close_realm']);
      const m = await p.next('GOODBYE reply');
      assert.deepStrictEqual([m[0], m[2]], [MSG.GOODBYE, 'wamp.close.goodbye_and_out'], p.transcript());
    });

    it('UNSUBSCRIBE of an unknown id gets ERROR wamp.error.no_such_subscription (control: a real one works)', async () => {
      const p = await open(ser);
      await p.hello();
      const topic = uniqueUri('raw_sub');
      const r1 = p.rid();
      p.send([MSG.SUBSCRIBE, r1, {}, topic]);
      const sub = await p.next('SUBSCRIBED');
      assert.deepStrictEqual([sub[0], sub[1]], [MSG.SUBSCRIBED, r1], p.transcript());
      assertValidId(sub[2], 'subscription id');
      const r2 = p.rid();
      const unknown = sub[2] === 4242 ? 4243 : 4242;
      p.send([MSG.UNSUBSCRIBE, r2, unknown]);
      const err = await p.next('ERROR');
      assert.deepStrictEqual([err[0], err[1], err[2], err[4]], [MSG.ERROR, MSG.UNSUBSCRIBE, r2, 'wamp.error.no_such_subscription'], p.transcript());
      const r3 = p.rid();
      p.send([MSG.UNSUBSCRIBE, r3, sub[2]]);
      assert.deepStrictEqual(await p.next('UNSUBSCRIBED'), [MSG.UNSUBSCRIBED, r3], p.transcript());
    });

    it('UNREGISTER of an unknown id gets ERROR wamp.error.no_such_registration (control: a real one works)', async () => {
      const p = await open(ser);
      await p.hello();
      const proc = uniqueUri('raw_reg');
      const r1 = p.rid();
      p.send([MSG.REGISTER, r1, {}, proc]);
      const reg = await p.next('REGISTERED');
      assert.deepStrictEqual([reg[0], reg[1]], [MSG.REGISTERED, r1], p.transcript());
      assertValidId(reg[2], 'registration id');
      const r2 = p.rid();
      const unknown = reg[2] === 4242 ? 4243 : 4242;
      p.send([MSG.UNREGISTER, r2, unknown]);
      const err = await p.next('ERROR');
      assert.deepStrictEqual([err[0], err[1], err[2], err[4]], [MSG.ERROR, MSG.UNREGISTER, r2, 'wamp.error.no_such_registration'], p.transcript());
      const r3 = p.rid();
      p.send([MSG.UNREGISTER, r3, reg[2]]);
      assert.deepStrictEqual(await p.next('UNREGISTERED'), [MSG.UNREGISTERED, r3], p.transcript());
    });

    it('ERROR for an invalid URI names the request type and id: [ERROR, SUBSCRIBE, id, {}, invalid_uri]', async () => {
      const p = await open(ser);
      await p.hello();
      const r1 = p.rid();
      p.send([MSG.SUBSCRIBE, r1, {}, 'com.Bad.Uri']);
      const err = await p.next('ERROR');
      assert.deepStrictEqual([err[0], err[1], err[2], err[4]], [MSG.ERROR, MSG.SUBSCRIBE, r1, 'wamp.error.invalid_uri'], p.transcript());
      assert.ok(err[3] && typeof err[3] === 'object', 'ERROR.Details is a dict');
      const r2 = p.rid();
      p.send([MSG.SUBSCRIBE, r2, {}, 'com.good.uri']);
      const ok = await p.next('SUBSCRIBED');
      assert.deepStrictEqual([ok[0], ok[1]], [MSG.SUBSCRIBED, r2], p.transcript());
    });

    it('a second HELLO after WELCOME gets ABORT wamp.error.protocol_violation (spec) and the connection closes', async () => {
      const p = await open(ser);
      await p.hello();
      p.send([MSG.HELLO, REALM, HELLO_DETAILS]);
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'second HELLO');
    });

    it('an unknown message type after WELCOME gets ABORT wamp.error.protocol_violation and the connection closes', async () => {
      const p = await open(ser);
      await p.hello();
      p.send([999, 1, {}]);
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'message type 999');
    });

    it('a non-sequential request id gets ABORT wamp.error.protocol_violation (spec; control: sequential ids work)', async () => {
      const p = await open(ser);
      await p.hello();
      p.send([MSG.SUBSCRIBE, 1, {}, uniqueUri('seq')]);
      const ok = await p.next('SUBSCRIBED');
      assert.deepStrictEqual([ok[0], ok[1]], [MSG.SUBSCRIBED, 1], p.transcript());
      p.send([MSG.SUBSCRIBE, 5, {}, uniqueUri('seq')]); // skips 2..4
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'request id 5 after 1');
    });

    it('after UNSUBSCRIBED no EVENT for that subscription reaches the wire (control: events before, marker after)', async () => {
      const s = await open(ser);
      const p = await open(ser);
      await s.hello();
      await p.hello();
      const topic = uniqueUri('raw_unsub');
      const marker = uniqueUri('raw_marker');
      const subscribe = async (t) => {
        const r = s.rid();
        s.send([MSG.SUBSCRIBE, r, {}, t]);
        const m = await s.next('SUBSCRIBED');
        assert.deepStrictEqual([m[0], m[1]], [MSG.SUBSCRIBED, r], s.transcript());
        return m[2];
      };
      const publish = async (t, args) => {
        const r = p.rid();
        p.send([MSG.PUBLISH, r, { acknowledge: true }, t, args]);
        const m = await p.next('PUBLISHED');
        assert.deepStrictEqual([m[0], m[1]], [MSG.PUBLISHED, r], p.transcript());
      };
      const subId = await subscribe(topic);
      const markerId = await subscribe(marker);
      await publish(topic, ['before']);
      const ev = await s.next('EVENT before UNSUBSCRIBE');
      assert.deepStrictEqual([ev[0], ev[1], ev[4]], [MSG.EVENT, subId, ['before']], s.transcript());
      const r = s.rid();
      s.send([MSG.UNSUBSCRIBE, r, subId]);
      assert.deepStrictEqual(await s.next('UNSUBSCRIBED'), [MSG.UNSUBSCRIBED, r], s.transcript());
      await publish(topic, ['after']);
      await publish(marker, ['marker']);
      const next = await s.next('marker EVENT');
      assert.deepStrictEqual([next[0], next[1], next[4]], [MSG.EVENT, markerId, ['marker']],
        `the first message after UNSUBSCRIBED must be the marker EVENT\n${s.transcript()}`);
    });

    for (const [what, msg] of [
      ['a YIELD for an unknown INVOCATION.Request', [MSG.YIELD, 4242, {}, ['x']]],
      ['an ERROR with an invalid REQUEST.Type (CALL)', [MSG.ERROR, MSG.CALL, 1, {}, 'com.example.error']],
      ['a WELCOME from the client', [MSG.WELCOME, 1, {}]],
      ['a CALL whose Arguments is not a list', [MSG.CALL, 1, {}, 'com.example.proc', 'not a list']],
    ]) {
      it(`${what} after WELCOME gets ABORT wamp.error.protocol_violation (spec protocol error)`, async () => {
        const p = await open(ser);
        await p.hello();
        p.send(msg);
        await expectAbortAndClose(p, 'wamp.error.protocol_violation', what);
      });
    }

    it('a GOODBYE before HELLO gets ABORT wamp.error.protocol_violation (spec protocol error)', async () => {
      const p = await open(ser);
      p.send([MSG.GOODBYE, {}, 'wamp.close.close_realm']);
      await expectAbortAndClose(p, 'wamp.error.protocol_violation', 'GOODBYE before HELLO');
    });

    it('INVOCATION request ids are session scope: 1, 2, 3 for each callee (spec: sequential per direction)', async () => {
      const callee = await open(ser);
      const caller = await open(ser);
      await callee.hello();
      await caller.hello();
      const proc = uniqueUri('inv_ids');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      assert.equal((await callee.next('REGISTERED'))[0], MSG.REGISTERED, callee.transcript());
      const ids = [];
      for (let i = 1; i <= 3; i++) {
        caller.send([MSG.CALL, caller.rid(), {}, proc, [i]]);
        const inv = await callee.next('INVOCATION');
        assert.equal(inv[0], MSG.INVOCATION, callee.transcript());
        ids.push(inv[1]);
        callee.send([MSG.YIELD, inv[1], {}, inv[4]]);
        const res = await caller.next('RESULT');
        assert.deepStrictEqual([res[0], res[3]], [MSG.RESULT, [i]], caller.transcript());
      }
      assert.deepStrictEqual(ids, [1, 2, 3], `INVOCATION.Request ids\n${callee.transcript()}`);
    });

    it('a second SUBSCRIBE to the same topic returns the existing subscription id (spec SHOULD)', async () => {
      const p = await open(ser);
      await p.hello();
      const topic = uniqueUri('twice');
      const r1 = p.rid();
      p.send([MSG.SUBSCRIBE, r1, {}, topic]);
      const a = await p.next('SUBSCRIBED');
      const r2 = p.rid();
      p.send([MSG.SUBSCRIBE, r2, {}, topic]);
      const b = await p.next('SUBSCRIBED');
      assert.deepStrictEqual([a[0], a[1], b[0], b[1]], [MSG.SUBSCRIBED, r1, MSG.SUBSCRIBED, r2], p.transcript());
      assert.equal(b[2], a[2], `same subscription id\n${p.transcript()}`);
    });

    it("UNSUBSCRIBE/UNREGISTER with another session's ids gets no_such_subscription/no_such_registration; the owner keeps them", async () => {
      const owner = await open(ser);
      const other = await open(ser);
      const pub = await open(ser);
      for (const p of [owner, other, pub]) await p.hello();
      const topic = uniqueUri('owned_topic');
      const proc = uniqueUri('owned_proc');
      owner.send([MSG.SUBSCRIBE, owner.rid(), {}, topic]);
      const subId = (await owner.next('SUBSCRIBED'))[2];
      owner.send([MSG.REGISTER, owner.rid(), {}, proc]);
      const regId = (await owner.next('REGISTERED'))[2];
      const r1 = other.rid();
      other.send([MSG.UNSUBSCRIBE, r1, subId]);
      const e1 = await other.next('ERROR');
      assert.deepStrictEqual([e1[0], e1[1], e1[2], e1[4]], [MSG.ERROR, MSG.UNSUBSCRIBE, r1, 'wamp.error.no_such_subscription'], other.transcript());
      const r2 = other.rid();
      other.send([MSG.UNREGISTER, r2, regId]);
      const e2 = await other.next('ERROR');
      assert.deepStrictEqual([e2[0], e2[1], e2[2], e2[4]], [MSG.ERROR, MSG.UNREGISTER, r2, 'wamp.error.no_such_registration'], other.transcript());
      // Controls: the owner still has both.
      pub.send([MSG.PUBLISH, pub.rid(), {}, topic, ['still subscribed']]);
      const ev = await owner.next('EVENT');
      assert.deepStrictEqual([ev[0], ev[1], ev[4]], [MSG.EVENT, subId, ['still subscribed']], owner.transcript());
      pub.send([MSG.CALL, pub.rid(), {}, proc, ['still registered']]);
      const inv = await owner.next('INVOCATION');
      assert.deepStrictEqual([inv[0], inv[2], inv[4]], [MSG.INVOCATION, regId, ['still registered']], owner.transcript());
    });

    it('a procedure is free again once its callee is gone: a new session can REGISTER it and serve calls', async () => {
      const first = await open(ser);
      const caller = await open(ser);
      await first.hello();
      await caller.hello();
      const proc = uniqueUri('reuse');
      first.send([MSG.REGISTER, first.rid(), {}, proc]);
      assert.equal((await first.next('REGISTERED'))[0], MSG.REGISTERED, first.transcript());
      first.terminate(); // drops TCP: no GOODBYE
      await first.waitClosed();
      const second = await open(ser);
      await second.hello();
      let registered = null;
      const deadline = Date.now() + 5000; // the router notices the drop asynchronously: poll, bounded
      while (!registered && Date.now() < deadline) {
        if (second.nextRequestId > 1) await new Promise((resolve) => { setTimeout(resolve, 50); });
        const r = second.rid();
        second.send([MSG.REGISTER, r, {}, proc]);
        const m = await second.next('REGISTERED or ERROR');
        if (m[0] === MSG.REGISTERED) registered = m;
        else assert.deepStrictEqual([m[0], m[4]], [MSG.ERROR, 'wamp.error.procedure_already_exists'], second.transcript());
      }
      assert.ok(registered, `the dropped callee's registration was never released\n${second.transcript()}`);
      caller.send([MSG.CALL, caller.rid(), {}, proc, ['again']]);
      const inv = await second.next('INVOCATION');
      assert.deepStrictEqual([inv[0], inv[4]], [MSG.INVOCATION, ['again']], second.transcript());
    });

    it('200 events from one publisher arrive in publication order', async () => {
      const sub = await open(ser);
      const pub = await open(ser);
      await sub.hello();
      await pub.hello();
      const topic = uniqueUri('order');
      sub.send([MSG.SUBSCRIBE, sub.rid(), {}, topic]);
      await sub.next('SUBSCRIBED');
      await untilDelivered(pub, sub, topic); // ordering only: SUBSCRIBED-visibility has its own test below
      const t0 = Date.now();
      for (let i = 0; i < 200; i++) pub.send([MSG.PUBLISH, pub.rid(), {}, topic, [i]]);
      const got = await collect(sub, 200, 'EVENT');
      assert.deepStrictEqual(got.messages.map((m) => m[4][0]), [...Array(200).keys()],
        `${got.report} (${Date.now() - t0} ms after the first PUBLISH)`);
    });

    it('20 concurrent calls answered in reverse order each get their own RESULT', async () => {
      const callee = await open(ser);
      const caller = await open(ser);
      await callee.hello();
      await caller.hello();
      const proc = uniqueUri('concurrent');
      callee.send([MSG.REGISTER, callee.rid(), {}, proc]);
      await callee.next('REGISTERED');
      await untilInvoked(caller, callee, proc); // matching only: REGISTERED-visibility has its own test below
      const reqs = [];
      for (let i = 0; i < 20; i++) {
        const r = caller.rid();
        reqs.push(r);
        caller.send([MSG.CALL, r, {}, proc, [`call ${r}`]]);
      }
      const got = await collect(callee, 20, 'INVOCATION');
      assert.equal(got.messages.length, 20, got.report);
      const invs = got.messages;
      for (const inv of invs.reverse()) callee.send([MSG.YIELD, inv[1], {}, [`${inv[4][0]} done`]]);
      const results = new Map();
      for (let i = 0; i < 20; i++) {
        const m = await caller.next('RESULT');
        assert.equal(m[0], MSG.RESULT, caller.transcript());
        results.set(m[1], m[3][0]);
      }
      for (const r of reqs) assert.equal(results.get(r), `call ${r} done`);
    });

    it('announced caller/publisher identification: disclose_me puts the session id in INVOCATION/EVENT Details', async () => {
      const a = await open(ser);
      const b = await open(ser);
      await a.hello();
      const [, bId, bDetails] = await b.hello();
      assert.equal(bDetails.roles?.dealer?.features?.caller_identification, true, 'WELCOME announces caller_identification');
      assert.equal(bDetails.roles?.broker?.features?.publisher_identification, true, 'WELCOME announces publisher_identification');
      const name = uniqueUri('disclose');
      a.send([MSG.REGISTER, a.rid(), {}, name]);
      await a.next('REGISTERED');
      a.send([MSG.SUBSCRIBE, a.rid(), {}, name]);
      await a.next('SUBSCRIBED');
      b.send([MSG.CALL, b.rid(), { disclose_me: true }, name, []]);
      const inv = await a.next('INVOCATION');
      assert.equal(inv[3].caller, bId, `INVOCATION.Details.caller\n${a.transcript()}`);
      a.send([MSG.YIELD, inv[1], {}]);
      await b.next('RESULT');
      b.send([MSG.PUBLISH, b.rid(), { disclose_me: true }, name, []]);
      const ev = await a.next('EVENT');
      assert.equal(ev[3].publisher, bId, `EVENT.Details.publisher\n${a.transcript()}`);
    });

    it('PUBLISH with acknowledge gets [PUBLISHED, request, publication]; without it, nothing', async () => {
      const p = await open(ser);
      await p.hello();
      const topic = uniqueUri('raw_pub');
      p.send([MSG.PUBLISH, p.rid(), {}, topic, ['no ack']]);
      const r = p.rid();
      p.send([MSG.PUBLISH, r, { acknowledge: true }, topic, ['ack']]);
      const m = await p.next('PUBLISHED');
      assert.deepStrictEqual([m[0], m[1]], [MSG.PUBLISHED, r], `the first reply must be PUBLISHED for request ${r}\n${p.transcript()}`);
      assertValidId(m[2], 'publication id');
    });
  });
}
