// A subscriber that stops reading while a publisher floods (realms from interop/src/test/etc: outbound queue of 50
// messages, policy drop or disconnect): the other subscriber gets every event in order, the publisher every
// PUBLISHED, and the slow one is dropped (gaps, still subscribed) or disconnected (1008 outbound queue full).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { RawPeer, MSG } from '../lib/raw.mjs';
import { uniqueUri } from '../lib/env.mjs';

const EVENTS = 3000;
const PAYLOAD = 'x'.repeat(4096); // 12 MB in all: more than loopback's socket buffers hold for the paused reader
const peers = [];
after(() => peers.forEach((p) => p.terminate()));

async function joined(realm) {
  const p = await RawPeer.open('json');
  peers.push(p);
  await p.hello(realm);
  return p;
}

async function subscribe(p, topic) {
  p.send([MSG.SUBSCRIBE, p.rid(), {}, topic]);
  assert.equal((await p.next('SUBSCRIBED'))[0], MSG.SUBSCRIBED, p.transcript());
}

/** Publishes EVENTS events carrying their index, in acknowledged batches of 100. */
async function flood(pub, topic, from = 0, n = EVENTS) {
  for (let start = from; start < from + n; start += 100) {
    for (let i = start; i < Math.min(start + 100, from + n); i++) {
      pub.send([MSG.PUBLISH, pub.rid(), { acknowledge: true }, topic, [i, PAYLOAD]]);
    }
    for (let i = start; i < Math.min(start + 100, from + n); i++) {
      assert.equal((await pub.next('PUBLISHED'))[0], MSG.PUBLISHED, 'every publication is accepted');
    }
  }
}

async function eventIndexes(p, n, what) {
  const got = [];
  for (let i = 0; i < n; i++) {
    const m = await p.next(`${what} ${i + 1}/${n}`);
    assert.equal(m[0], MSG.EVENT);
    got.push(m[4][0]);
  }
  return got;
}

describe('slow consumer', () => {
  for (const [realm, policy] of [['slowdrop', 'drop'], ['slowdisconnect', 'disconnect']]) {
    it(`${policy}: the others get everything, the one that stopped reading is ${policy === 'drop' ? 'dropped' : 'disconnected'}`,
      { skip: !process.env.JUNCTION_PORT_LIMITS && 'fixtures not installed' }, async () => {
        const topic = uniqueUri('slow.flood');
        const fast = await joined(realm);
        const slow = await joined(realm);
        const pub = await joined(realm);
        await subscribe(fast, topic);
        await subscribe(slow, topic);
        slow.ws._socket.pause(); // stops reading from TCP: the router's writes back up

        const fastGot = eventIndexes(fast, EVENTS, 'fast EVENT');
        await flood(pub, topic);
        assert.deepStrictEqual(await fastGot, [...Array(EVENTS).keys()], 'the reading subscriber got every event in order');

        slow.ws._socket.resume();
        if (policy === 'drop') {
          const seen = [];
          for (;;) { // what was kept in its queue and socket buffers arrives; then it goes quiet
            let m;
            try { m = await slow.next('slow EVENT', 2000); } catch { break; }
            seen.push(m[4][0]);
          }
          assert.ok(seen.length > 0 && seen.length < EVENTS,
            `events were dropped for the slow subscriber, not all (${seen.length} of ${EVENTS} arrived)`);
          assert.ok(seen.every((x, i) => i === 0 || x > seen[i - 1]), 'what arrived is in publication order');
          assert.equal(slow.isClosed, false, 'the drop policy keeps the subscriber');
          const marker = EVENTS + 1;
          await flood(pub, topic, marker, 1); // once it reads again it gets events again
          assert.deepStrictEqual(await eventIndexes(fast, 1, 'fast marker'), [marker]);
          assert.deepStrictEqual(await eventIndexes(slow, 1, 'slow marker'), [marker]);
        } else {
          const { code, reason } = await slow.waitClosed('the slow subscriber to be disconnected');
          assert.ok(code === 1008 || code === 1006, `close code ${code} ${reason}`);
          if (code === 1008) assert.equal(reason, 'outbound queue full');
          // The others go on: a new publication still reaches the reading subscriber.
          await flood(pub, topic, EVENTS + 1, 1);
          assert.deepStrictEqual(await eventIndexes(fast, 1, 'fast after the disconnect'), [EVENTS + 1]);
        }
      });
  }
});
