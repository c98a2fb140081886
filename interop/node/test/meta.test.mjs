// The meta API (session, registration and subscription meta procedures and events, revocation through
// remove_callee / remove_subscriber), event retention and the testament meta API with autobahn-js 22.11.1 and wampy 8,
// over JSON, MsgPack and CBOR (both libraries speak all three). The sessions join realm "meta" of
// src/test/etc (an open realm only this file uses), so kill_all and the meta events see only this file's sessions.
// Every negative check has a positive control; waits are bounded and end on a condition.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Clients } from '../lib/clients.mjs';
import { uniqueUri, withTimeout, deferred, Inbox } from '../lib/env.mjs';
import { assertWampError } from '../lib/scenarios.mjs';

const META = 'meta';

/** Every item pushed, plus a wait for the first one a predicate accepts (already seen or still to come). */
class Seen {
  constructor(name) { this.name = name; this.items = []; this.waiters = []; }
  push(item) {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => !(w.pred(item) && (w.d.resolve(item), true)));
  }
  until(pred, what = this.name) {
    const hit = this.items.find(pred);
    if (hit) return Promise.resolve(hit);
    const d = deferred();
    this.waiters.push({ pred, d });
    return withTimeout(d.promise, `${this.name}: ${what}`);
  }
  count(pred) { return this.items.filter(pred).length; }
}

/** The single positional result, null when the router sent none (a meta procedure answering "nothing"). */
const one = (r) => r.args[0] ?? null;

/** wampy's msgpack/cbor decoders may give BigInt ids. */
const num = (v) => (typeof v === 'bigint' ? Number(v) : v);
const nums = (v) => (Array.isArray(v) ? v.map(nums) : v && typeof v === 'object' && !(v instanceof Uint8Array)
  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nums(x)])) : num(v));

/** wampy subscribes `topics`, each into its own Seen of [args...] lists. */
async function watch(w, topics) {
  const seen = {};
  for (const t of topics) {
    seen[t] = new Seen(t);
    await withTimeout(w.wampy.subscribe(t, ({ argsList }) => seen[t].push(nums(argsList || []))), `SUBSCRIBE ${t}`);
  }
  return seen;
}

for (const ser of ['json', 'msgpack', 'cbor']) {
  describe(`${ser}: meta API, event retention, testaments`, () => {
    const clients = () => {
      const c = new Clients();
      return {
        ab: () => c.connect('autobahn', ser, { realm: META }),
        wy: () => c.connect('wampy', ser, { realm: META }),
        closeAll: () => c.closeAll(),
      };
    };

    it('session meta API: on_join / on_leave, count, list (authrole filter), get; kill with reason and message; no_such_session for itself and strangers (wampy watcher, autobahn victim)', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const watcher = await c.wy();
      const events = await watch(watcher, ['wamp.session.on_join', 'wamp.session.on_leave']);
      const victim = await c.ab();
      const joined = (await events['wamp.session.on_join'].until((a) => a[0]?.session === victim.id, 'on_join of the victim'))[0];
      assert.equal(joined.authrole, 'anonymous');
      assert.equal(joined.authmethod, 'anonymous');
      assert.equal(typeof joined.authid, 'string');
      assert.equal(typeof joined.transport, 'object');

      const count = (await watcher.call('wamp.session.count')).args[0];
      const list = (await watcher.call('wamp.session.list')).args[0];
      assert.ok(list.includes(victim.id) && list.includes(watcher.id), `list ${JSON.stringify(list)}`);
      assert.equal(count, list.length, 'count and list agree');
      assert.deepStrictEqual((await watcher.call('wamp.session.list', [['anonymous']])).args[0].sort(), list.sort());
      assert.deepStrictEqual((await watcher.call('wamp.session.list', [['nobody']])).args[0], []);
      assert.equal((await watcher.call('wamp.session.count', [['nobody']])).args[0], 0);
      const got = (await watcher.call('wamp.session.get', [victim.id])).args[0];
      assert.deepStrictEqual([got.session, got.authid, got.authrole], [victim.id, joined.authid, 'anonymous']);
      await assertWampError(watcher.call('wamp.session.get', [1]), 'wamp.error.no_such_session', 'get of a stranger');
      await assertWampError(watcher.call('wamp.session.kill', [watcher.id]), 'wamp.error.no_such_session', 'kill itself');
      await assertWampError(watcher.call('wamp.session.kill', [victim.id], { reason: 'not a uri' }), 'wamp.error.invalid_uri',
        'kill with a reason that is no URI');

      await watcher.call('wamp.session.kill', [victim.id], { reason: 'com.junction.interop.kicked', message: 'bye' });
      const closed = await withTimeout(victim.closed, 'the victim is closed');
      assert.equal(closed.reason, 'com.junction.interop.kicked');
      assert.equal(closed.details.message, 'bye');
      const left = await events['wamp.session.on_leave'].until((a) => a[0] === victim.id, 'on_leave of the victim');
      assert.deepStrictEqual(left, [victim.id, joined.authid, 'anonymous']);
      assert.ok(!(await watcher.call('wamp.session.list')).args[0].includes(victim.id), 'the victim is gone from the list');
    });

    it('session meta API: kill_by_authid, kill_by_authrole and kill_all answer the count, spare the caller, default reason wamp.close.normal', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const killer = await c.wy();
      const [v1, v2, v3] = [await c.ab(), await c.ab(), await c.ab()];
      const authid = (await killer.call('wamp.session.get', [v1.id])).args[0].authid;
      assert.deepStrictEqual((await killer.call('wamp.session.kill_by_authid', [authid])).args, [1]);
      const r1 = await withTimeout(v1.closed, 'v1 closed');
      assert.equal(r1.reason, 'wamp.close.normal', 'the spec\'s default reason');
      assert.deepStrictEqual((await killer.call('wamp.session.kill_by_authrole', ['nobody'])).args, [0]);
      assert.ok(v2.isOpen && v3.isOpen, 'nobody has authrole nobody');
      const before = (await killer.call('wamp.session.count')).args[0];
      assert.deepStrictEqual((await killer.call('wamp.session.kill_all')).args, [before - 1]);
      await withTimeout(Promise.all([v2.closed, v3.closed]), 'v2 and v3 closed');
      assert.deepStrictEqual((await killer.call('wamp.session.list')).args[0], [killer.id], 'only the caller is left');
    });

    it('registration meta API: on_create / on_register / on_unregister / on_delete, list, lookup, match, get, list_callees, count_callees; remove_callee revokes (autobahn on_unregister gets the reason)', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const watcher = await c.wy();
      const ev = await watch(watcher, ['wamp.registration.on_create', 'wamp.registration.on_register',
        'wamp.registration.on_unregister', 'wamp.registration.on_delete']);
      const base = uniqueUri('regmeta');
      const c1 = await c.ab();
      const c2 = await c.wy();
      const reg1 = await withTimeout(c1.session.register(base, () => 'c1', { match: 'prefix', invoke: 'roundrobin' }), 'REGISTER c1');
      const id = reg1.id;
      const created = await ev['wamp.registration.on_create'].until((a) => a[1]?.id === id, 'on_create');
      assert.equal(created[0], c1.id);
      assert.deepStrictEqual([created[1].uri, created[1].match, created[1].invoke], [base, 'prefix', 'roundrobin']);
      await ev['wamp.registration.on_register'].until((a) => a[0] === c1.id && a[1] === id, 'on_register c1');
      await withTimeout(c2.wampy.register(base, () => ({ argsList: ['c2'] }), { match: 'prefix', invoke: 'roundrobin' }), 'REGISTER c2');
      await ev['wamp.registration.on_register'].until((a) => a[0] === c2.id && a[1] === id, 'on_register c2');
      assert.equal(ev['wamp.registration.on_create'].count((a) => a[1]?.id === id), 1, 'a second callee creates nothing');

      const list = (await watcher.call('wamp.registration.list')).args[0];
      assert.ok(list.prefix.includes(id) && !list.exact.includes(id), `list ${JSON.stringify(list)}`);
      assert.equal(one(await watcher.call('wamp.registration.lookup', [base])), null, 'no exact registration');
      assert.deepStrictEqual((await watcher.call('wamp.registration.lookup', [base, { match: 'prefix' }])).args, [id]);
      assert.deepStrictEqual((await watcher.call('wamp.registration.match', [`${base}.x`])).args, [id]);
      assert.equal(one(await watcher.call('wamp.registration.match', [uniqueUri('nothing')])), null);
      const got = (await watcher.call('wamp.registration.get', [id])).args[0];
      assert.deepStrictEqual([got.id, got.uri, got.match, got.invoke], [id, base, 'prefix', 'roundrobin']);
      assert.deepStrictEqual((await watcher.call('wamp.registration.list_callees', [id])).args[0].sort(), [c1.id, c2.id].sort());
      assert.deepStrictEqual((await watcher.call('wamp.registration.count_callees', [id])).args, [2]);
      await assertWampError(watcher.call('wamp.registration.get', [1]), 'wamp.error.no_such_registration', 'get of an unknown id');

      await watcher.call('wamp.registration.remove_callee', [id, c1.id], { reason: 'com.junction.interop.revoked' });
      assert.equal(await withTimeout(reg1.on_unregister, 'autobahn on_unregister'), 'com.junction.interop.revoked');
      await ev['wamp.registration.on_unregister'].until((a) => a[0] === c1.id && a[1] === id, 'on_unregister c1');
      const caller = await c.ab();
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push((await caller.call(`${base}.x`)).args[0]);
      assert.deepStrictEqual(answers, ['c2', 'c2', 'c2'], 'only c2 serves after the revocation');
      assert.deepStrictEqual((await watcher.call('wamp.registration.count_callees', [id])).args, [1]);
      await assertWampError(watcher.call('wamp.registration.remove_callee', [id, c1.id]), 'wamp.error.no_such_registration',
        'c1 is no longer a callee');
      assert.equal(ev['wamp.registration.on_delete'].count((a) => a[1] === id), 0, 'not deleted while c2 serves');

      await withTimeout(c2.wampy.unregister(base), 'UNREGISTER c2');
      await ev['wamp.registration.on_delete'].until((a) => a[0] === c2.id && a[1] === id, 'on_delete');
      await assertWampError(watcher.call('wamp.registration.get', [id]), 'wamp.error.no_such_registration', 'get after delete');
    });

    it('subscription meta API: on_create / on_subscribe / on_unsubscribe / on_delete, list, lookup, match, get, list_subscribers, count_subscribers; remove_subscriber revokes (autobahn on_unsubscribe gets the reason, no EVENT follows)', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const watcher = await c.wy();
      const ev = await watch(watcher, ['wamp.subscription.on_create', 'wamp.subscription.on_subscribe',
        'wamp.subscription.on_unsubscribe', 'wamp.subscription.on_delete']);
      const base = uniqueUri('submeta');
      const s1 = await c.ab();
      const s2 = await c.wy();
      const prefixEvents = new Inbox('s1 prefix EVENT');
      const exactEvents = new Inbox('s1 exact EVENT');
      const s2Events = new Inbox('s2 EVENT');
      const sub1 = await withTimeout(s1.session.subscribe(base, (args) => prefixEvents.push(args[0]), { match: 'prefix' }), 'SUBSCRIBE s1');
      await withTimeout(s1.session.subscribe(`${base}.t`, (args) => exactEvents.push(args[0])), 'SUBSCRIBE s1 exact');
      const id = sub1.id;
      const created = await ev['wamp.subscription.on_create'].until((a) => a[1]?.id === id, 'on_create');
      assert.deepStrictEqual([created[0], created[1].uri, created[1].match], [s1.id, base, 'prefix']);
      await withTimeout(s2.wampy.subscribe(base, ({ argsList }) => s2Events.push(argsList[0]), { match: 'prefix' }), 'SUBSCRIBE s2');
      await ev['wamp.subscription.on_subscribe'].until((a) => a[0] === s2.id && a[1] === id, 'on_subscribe s2');
      assert.equal(ev['wamp.subscription.on_create'].count((a) => a[1]?.id === id), 1, 'a second subscriber creates nothing');

      const list = (await watcher.call('wamp.subscription.list')).args[0];
      assert.ok(list.prefix.includes(id), `list ${JSON.stringify(list)}`);
      assert.deepStrictEqual((await watcher.call('wamp.subscription.lookup', [base, { match: 'prefix' }])).args, [id]);
      assert.equal(one(await watcher.call('wamp.subscription.lookup', [base])), null, 'no exact subscription');
      const matched = (await watcher.call('wamp.subscription.match', [`${base}.t`])).args[0];
      assert.ok(matched.includes(id) && matched.length === 2, `match: the prefix and the exact subscription ${JSON.stringify(matched)}`);
      const got = (await watcher.call('wamp.subscription.get', [id])).args[0];
      assert.deepStrictEqual([got.id, got.uri, got.match], [id, base, 'prefix']);
      assert.deepStrictEqual((await watcher.call('wamp.subscription.list_subscribers', [id])).args[0].sort(), [s1.id, s2.id].sort());
      assert.deepStrictEqual((await watcher.call('wamp.subscription.count_subscribers', [id])).args, [2]);

      await watcher.call('wamp.subscription.remove_subscriber', [id, s1.id], { reason: 'com.junction.interop.revoked' });
      assert.equal(await withTimeout(sub1.on_unsubscribe, 'autobahn on_unsubscribe'), 'com.junction.interop.revoked');
      await ev['wamp.subscription.on_unsubscribe'].until((a) => a[0] === s1.id && a[1] === id, 'on_unsubscribe s1');
      const pub = await c.ab();
      await pub.publish(`${base}.t`, ['after revocation']);
      await pub.publish(`${base}.t`, ['marker']);
      assert.equal(await s2Events.next(), 'after revocation', 'control: s2 still gets the event');
      assert.equal(await exactEvents.next(), 'after revocation');
      assert.equal(await exactEvents.next(), 'marker', 's1 exact subscription: both publications');
      assert.equal(prefixEvents.size, 0, 'no EVENT for the revoked subscription (it would have come before the marker)');
      await assertWampError(watcher.call('wamp.subscription.remove_subscriber', [id, s1.id]), 'wamp.error.no_such_subscription',
        's1 is no longer a subscriber');

      // the last subscriber leaves (wampy 8 cannot UNSUBSCRIBE a pattern subscription: it looks it up without the match)
      await s2.close();
      await ev['wamp.subscription.on_unsubscribe'].until((a) => a[0] === s2.id && a[1] === id, 'on_unsubscribe s2');
      await ev['wamp.subscription.on_delete'].until((a) => a[0] === s2.id && a[1] === id, 'on_delete');
      await assertWampError(watcher.call('wamp.subscription.get', [id]), 'wamp.error.no_such_subscription', 'get after delete');
    });

    it('event retention: PUBLISH retain keeps the last event; SUBSCRIBE get_retained gets it with details.retained (autobahn and wampy), a plain subscriber does not', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const topic = uniqueUri('retained');
      const pub = await c.ab();
      await pub.publish(topic, ['old'], {}, { retain: true });
      await pub.publish(topic, ['newest'], {}, { retain: true });
      const a = await c.ab();
      const ab = new Inbox('autobahn retained EVENT');
      await withTimeout(a.session.subscribe(topic, (args, kw, details) => ab.push([args[0], details.retained]), { get_retained: true }),
        'autobahn SUBSCRIBE get_retained');
      assert.deepStrictEqual(await ab.next(), ['newest', true]);
      const w = await c.wy();
      const wy = new Inbox('wampy retained EVENT');
      await withTimeout(w.wampy.subscribe(topic, ({ argsList, details }) => wy.push([argsList[0], details.retained]), { get_retained: true }),
        'wampy SUBSCRIBE get_retained');
      assert.deepStrictEqual(await wy.next(), ['newest', true]);
      const plain = await c.ab();
      const pl = new Inbox('plain EVENT');
      await withTimeout(plain.session.subscribe(topic, (args, kw, details) => pl.push([args[0], !!details.retained])), 'plain SUBSCRIBE');
      await pub.publish(topic, ['live']);
      assert.deepStrictEqual(await pl.next(), ['live', false], 'the plain subscriber\'s first event is the live one');
      assert.deepStrictEqual(await ab.next(), ['live', false], 'live events are not marked retained');
      // an event published without retain does not replace the retained one
      const late = await c.ab();
      const lt = new Inbox('late EVENT');
      await withTimeout(late.session.subscribe(topic, (args) => lt.push(args[0]), { get_retained: true }), 'late SUBSCRIBE');
      assert.equal(await lt.next(), 'newest');
    });

    it('testament meta API: add_testament is published when the session disconnects (autobahn), flush_testaments drops them (wampy); a GOODBYE publishes too', async (t) => {
      const c = clients();
      t.after(() => c.closeAll());
      const watcher = await c.wy();
      const topic = uniqueUri('testament');
      const got = new Inbox('testament EVENT');
      await withTimeout(watcher.wampy.subscribe(topic, ({ argsList, argsDict }) => got.push(nums([argsList, argsDict ?? {}]))), 'SUBSCRIBE');

      const flusher = await c.wy();
      await flusher.call('wamp.session.add_testament', [topic, ['flushed'], {}]);
      assert.deepStrictEqual((await flusher.call('wamp.session.flush_testaments')).args, [1]);
      await flusher.call('wamp.session.add_testament', [topic, ['kept', flusher.id], {}]);
      await flusher.close(); // GOODBYE
      assert.deepStrictEqual(await got.next(), [['kept', flusher.id], {}], 'the first testament is the kept one, not the flushed');

      const dying = await c.ab();
      await dying.call('wamp.session.add_testament', [topic, ['gone', dying.id], { why: 'crash' }]);
      await assertWampError(dying.call('wamp.session.add_testament', ['not a uri', [], {}]), 'wamp.error.invalid_uri', 'bad topic');
      dying.terminate();
      assert.deepStrictEqual(await got.next(), [['gone', dying.id], { why: 'crash' }]);
    });

    it('enable_meta_api = false (realm "nometa"): the meta procedures do not exist (control: the same call in realm "meta")', async (t) => {
      const c = new Clients();
      t.after(() => c.closeAll());
      const off = await c.connect('autobahn', ser, { realm: 'nometa' });
      await assertWampError(off.call('wamp.session.count'), 'wamp.error.no_such_procedure', 'meta API off');
      const on = await c.connect('autobahn', ser, { realm: META });
      assert.equal(typeof (await on.call('wamp.session.count')).args[0], 'number');
    });
  });
}
