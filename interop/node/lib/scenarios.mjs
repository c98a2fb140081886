// The Basic Profile scenarios, written once and run per client library and serializer.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Clients, WampError, SessionClosed } from './clients.mjs';
import { Inbox, deferred, uniqueUri, richPayload, sampleBytes, normalizeBinary, withTimeout, REALM } from './env.mjs';

const MAX_ID = 2 ** 53;

export function assertValidId(id, what) {
  assert.ok(Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID, `${what} must be an integer in [1, 2^53], got ${id}`);
}

/** Asserts `promise` rejects with a WampError carrying `uri`; returns the error. */
export async function assertWampError(promise, uri, what) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    assert.ok(e instanceof WampError, `${what}: expected ERROR ${uri}, got ${e?.stack || e}`);
    assert.equal(e.uri, uri, `${what}: error URI`);
    return e;
  }
  assert.fail(`${what}: expected ERROR ${uri}, but it succeeded with ${JSON.stringify(result)}`);
}

/** Does this library/serializer pair carry binary values? (wampy's JSON serializer has no binary convention.) */
export function supportsBinary(lib, serializer) {
  return !(lib === 'wampy' && serializer === 'json');
}

/** A value of the kind the library hands out for binary (autobahn-js: Buffer; wampy: Uint8Array). */
export function bytesFor(lib, buf) {
  return lib === 'wampy' ? new Uint8Array(buf) : Buffer.from(buf);
}

function binaryPayload(lib) {
  const small = sampleBytes(300);
  return {
    args: [bytesFor(lib, small), 'text', [bytesFor(lib, Buffer.from([0, 255, 0]))], bytesFor(lib, Buffer.alloc(0))],
    kwargs: { blob: bytesFor(lib, Buffer.from('\u0000not a string on the wire', 'utf8')), nested: { b: bytesFor(lib, small) } },
  };
}

/** Describes the received value types so a test can tell "binary" from "string that looks like base64". */
function binaryShape(value) {
  if (value instanceof Uint8Array) return 'binary';
  if (Array.isArray(value)) return value.map(binaryShape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, binaryShape(v)]));
  return typeof value;
}

/** The full per-library, per-serializer suite. */
export function defineClientSuite(lib, ser) {
  describe(`${lib}/${ser}: Basic Profile`, () => {
    const clients = new Clients();
    const connect = (opts) => clients.connect(lib, ser, opts);
    after(() => clients.closeAll());

    it('join: WELCOME has a valid session id and announces the broker and dealer roles', async () => {
      const a = await connect();
      const b = await connect();
      assertValidId(a.id, 'session id');
      assertValidId(b.id, 'session id');
      assert.notEqual(a.id, b.id, 'two sessions must get different ids');
      const roles = a.welcome?.roles;
      assert.ok(roles && typeof roles === 'object', `WELCOME.Details.roles missing: ${JSON.stringify(a.welcome)}`);
      assert.ok(roles.broker && typeof roles.broker === 'object', 'WELCOME.Details.roles.broker');
      assert.ok(roles.dealer && typeof roles.dealer === 'object', 'WELCOME.Details.roles.dealer');
    });

    it('no_such_realm: HELLO for an unknown realm gets ABORT wamp.error.no_such_realm (control: realm1 joins)', async () => {
      const ok = await connect({ realm: REALM });
      assertValidId(ok.id, 'control session id');
      await assert.rejects(connect({ realm: 'no_such_realm_for_interop' }), (e) => {
        assert.ok(e instanceof SessionClosed, `expected ABORT, got ${e?.stack || e}`);
        assert.equal(e.reason, 'wamp.error.no_such_realm');
        return true;
      });
    });

    it('pub/sub: PUBLISH with acknowledge gets PUBLISHED; the subscriber gets args and kwargs', async () => {
      const sub = await connect();
      const pub = await connect();
      const topic = uniqueUri('topic');
      const inbox = new Inbox('EVENT');
      await sub.subscribe(topic, (ev) => inbox.push(ev));
      const { args, kwargs } = richPayload();
      const publicationId = await pub.publish(topic, args, kwargs);
      assertValidId(publicationId, 'PUBLISHED publication id');
      const ev = await inbox.next(`EVENT on ${topic}`);
      assert.deepStrictEqual(ev.args, args);
      assert.deepStrictEqual(ev.kwargs, kwargs);
    });

    it('publisher exclusion: a publisher does not get its own event by default', async () => {
      const a = await connect();
      const b = await connect();
      const topic = uniqueUri('excl');
      const inboxA = new Inbox('EVENT at the publisher');
      const inboxB = new Inbox('EVENT at the other subscriber');
      await a.subscribe(topic, (ev) => inboxA.push(ev));
      await b.subscribe(topic, (ev) => inboxB.push(ev));
      await a.publish(topic, ['excluded']);
      // Positive control: the event was dispatched (the other subscriber got it).
      assert.deepStrictEqual((await inboxB.next()).args, ['excluded']);
      if (lib === 'autobahn') {
        // Same publisher, same topic: events arrive in publication order, so if 'excluded' had been sent to
        // the publisher it would arrive before 'included'.
        await a.publish(topic, ['included'], {}, { exclude_me: false });
        assert.deepStrictEqual((await inboxA.next('EVENT with exclude_me=false')).args, ['included'],
          'the publisher must get exclude_me=false events and must not have got the excluded one');
        assert.deepStrictEqual((await inboxB.next()).args, ['included']);
      } else {
        // wampy drops exclude_me=false from PUBLISH.Options, so the marker comes from the other session,
        // published only after the excluded event was delivered.
        await b.publish(topic, ['marker']);
        assert.deepStrictEqual((await inboxA.next('marker EVENT')).args, ['marker'],
          'the publisher must not have got its own event before the marker');
      }
      assert.equal(inboxA.size, 0, 'no further events at the publisher');
    });

    it('register/call: args and kwargs round-trip (unicode, nesting, numbers, null, booleans)', async () => {
      const callee = await connect();
      const caller = await connect();
      const proc = uniqueUri('echo');
      const received = [];
      await callee.register(proc, (inv) => { received.push(inv); return { args: inv.args, kwargs: inv.kwargs }; });
      const { args, kwargs } = richPayload();
      const r = await caller.call(proc, args, kwargs);
      assert.deepStrictEqual(received[0].args, args, 'INVOCATION args at the callee');
      assert.deepStrictEqual(received[0].kwargs, kwargs, 'INVOCATION kwargs at the callee');
      assert.deepStrictEqual(r.args, args, 'RESULT args at the caller');
      assert.deepStrictEqual(r.kwargs, kwargs, 'RESULT kwargs at the caller');
      // kwargs only, and no payload at all
      assert.deepStrictEqual(await caller.call(proc, [], { only: 'kw' }), { args: [], kwargs: { only: 'kw' } });
      const empty = await caller.call(proc);
      assert.deepStrictEqual(empty, { args: [], kwargs: {} });
    });

    it('register/call: binary values round-trip' + (supportsBinary(lib, ser) ? '' : ' (skipped: wampy JSON has no binary convention)'),
      { skip: !supportsBinary(lib, ser) }, async () => {
        const callee = await connect();
        const caller = await connect();
        const proc = uniqueUri('bin');
        const shapes = [];
        await callee.register(proc, (inv) => {
          shapes.push({ args: binaryShape(inv.args), kwargs: binaryShape(inv.kwargs) });
          return { args: inv.args, kwargs: inv.kwargs };
        });
        const { args, kwargs } = binaryPayload(lib);
        const r = await caller.call(proc, args, kwargs);
        assert.deepStrictEqual(shapes[0], { args: binaryShape(args), kwargs: binaryShape(kwargs) },
          'the callee must receive binary values as binary');
        assert.deepStrictEqual(normalizeBinary(r.args), normalizeBinary(args));
        assert.deepStrictEqual(normalizeBinary(r.kwargs), normalizeBinary(kwargs));
      });

    it('application error: a custom error URI with args and kwargs reaches the caller', async () => {
      const callee = await connect();
      const caller = await connect();
      const proc = uniqueUri('fails');
      await callee.register(proc, () => {
        throw new WampError('com.junction.interop.error.custom_failure', ['bad thing', 42, { n: [1, 2] }], { code: 'E42', ok: false });
      });
      const e = await assertWampError(caller.call(proc, ['x']), 'com.junction.interop.error.custom_failure', 'CALL');
      assert.deepStrictEqual(e.args, ['bad thing', 42, { n: [1, 2] }]);
      assert.deepStrictEqual(e.kwargs, { code: 'E42', ok: false });
    });

    it('no_such_procedure: CALL without a registration fails; after REGISTER it succeeds', async () => {
      const callee = await connect();
      const caller = await connect();
      const proc = uniqueUri('later');
      await assertWampError(caller.call(proc, [1]), 'wamp.error.no_such_procedure', 'CALL before REGISTER');
      await callee.register(proc, (inv) => ({ args: [inv.args[0] + 1] }));
      assert.deepStrictEqual((await caller.call(proc, [1])).args, [2], 'control: CALL after REGISTER');
    });

    it('procedure_already_exists: a second REGISTER from another session fails; the first callee keeps serving', async () => {
      const first = await connect();
      const second = await connect();
      const caller = await connect();
      const proc = uniqueUri('taken');
      await first.register(proc, () => ({ args: ['first'] }));
      await assertWampError(second.register(proc, () => ({ args: ['second'] })), 'wamp.error.procedure_already_exists', 'second REGISTER');
      const other = uniqueUri('free');
      await second.register(other, () => ({ args: ['second'] })); // control: the session can still register
      assert.deepStrictEqual((await caller.call(proc)).args, ['first']);
      assert.deepStrictEqual((await caller.call(other)).args, ['second']);
    });

    it('unregister: CALL after UNREGISTERED gives no_such_procedure', async () => {
      const callee = await connect();
      const caller = await connect();
      const proc = uniqueUri('gone');
      const reg = await callee.register(proc, () => ({ args: ['here'] }));
      assert.deepStrictEqual((await caller.call(proc)).args, ['here'], 'control: CALL before UNREGISTER');
      await callee.unregister(reg);
      await assertWampError(caller.call(proc), 'wamp.error.no_such_procedure', 'CALL after UNREGISTER');
    });

    it('unsubscribe: no events after UNSUBSCRIBED', async () => {
      const sub = await connect();
      const pub = await connect();
      const topic = uniqueUri('unsub');
      const marker = uniqueUri('marker');
      const inbox = new Inbox('EVENT');
      const s = await sub.subscribe(topic, (ev) => inbox.push({ topic, ...ev }));
      await sub.subscribe(marker, (ev) => inbox.push({ topic: marker, ...ev }));
      await pub.publish(topic, ['before']);
      assert.deepStrictEqual((await inbox.next()).args, ['before'], 'control: event before UNSUBSCRIBE');
      await sub.unsubscribe(s);
      await pub.publish(topic, ['after']);
      // Events from one publisher reach a subscriber in publication order, across topics too.
      await pub.publish(marker, ['marker']);
      const next = await inbox.next('marker EVENT');
      assert.deepStrictEqual(next, { ...next, topic: marker, args: ['marker'] }, `got ${JSON.stringify(next)} instead of the marker`);
      assert.equal(inbox.size, 0);
    });

    for (const how of ['GOODBYE', 'transport drop']) {
      it(`callee leaving (${how}) with a call pending: the caller gets ERROR wamp.error.canceled`, async () => {
        const callee = await connect();
        const caller = await connect();
        const proc = uniqueUri('pending');
        const invoked = deferred();
        await callee.register(proc, (inv) => {
          if (inv.args[0] === 'quick') return { args: ['done'] };
          invoked.resolve();
          return new Promise(() => {}); // never answers
        });
        assert.deepStrictEqual((await caller.call(proc, ['quick'])).args, ['done'], 'control: a call that completes');
        const pending = caller.call(proc, ['hang']);
        pending.catch(() => {}); // observed below
        await withTimeout(invoked.promise, 'INVOCATION at the callee');
        if (how === 'GOODBYE') await callee.close();
        else callee.terminate();
        await assertWampError(pending, 'wamp.error.canceled', 'pending CALL after the callee left');
        await assertWampError(caller.call(proc, ['quick']), 'wamp.error.no_such_procedure', 'CALL after the callee left');
      });
    }

    it('a 1 MiB argument round-trips', async () => {
      const callee = await connect();
      const caller = await connect();
      const proc = uniqueUri('big');
      await callee.register(proc, (inv) => ({ args: inv.args, kwargs: inv.kwargs }));
      const big = 'x'.repeat(1024 * 1024 - 7) + 'ü€😀'; // 1 MiB of characters
      const r = await caller.call(proc, [big], { n: big.length });
      assert.equal(r.args[0].length, big.length);
      assert.ok(r.args[0] === big, '1 MiB string intact');
      assert.deepStrictEqual(r.kwargs, { n: big.length });
      if (supportsBinary(lib, ser)) {
        const bytes = sampleBytes(1024 * 1024);
        const rb = await caller.call(proc, [bytesFor(lib, bytes)]);
        assert.ok(rb.args[0] instanceof Uint8Array, '1 MiB binary comes back as binary');
        assert.ok(Buffer.compare(normalizeBinary(rb.args[0]), bytes) === 0, '1 MiB binary intact');
      }
    });

    it('invalid URIs on SUBSCRIBE/REGISTER/PUBLISH(acknowledge)/CALL get wamp.error.invalid_uri (controls: valid URIs work)', async () => {
      const s = await connect();
      // wampy checks URIs itself; these pass its client-side checks but break the strict rule.
      const bad = lib === 'wampy'
        ? ['com.Example.proc', 'com.example.Proc']
        : ['com.Example.proc', 'com.example..proc', 'com.example.pro c', 'com.example.proc#1', 'com.example.Proc',
          'com.example.proc-1', 'com.example.pr\u00f8c'];
      for (const uri of bad) {
        await assertWampError(s.subscribe(uri, () => {}), 'wamp.error.invalid_uri', `SUBSCRIBE ${JSON.stringify(uri)}`);
        await assertWampError(s.register(uri, () => ({})), 'wamp.error.invalid_uri', `REGISTER ${JSON.stringify(uri)}`);
        await assertWampError(s.publish(uri, ['x']), 'wamp.error.invalid_uri', `PUBLISH ${JSON.stringify(uri)}`);
        await assertWampError(s.call(uri, ['x']), 'wamp.error.invalid_uri', `CALL ${JSON.stringify(uri)}`);
      }
      if (lib === 'autobahn') { // wampy refuses wamp.* itself
        await assertWampError(s.register('wamp.junction.interop_test', () => ({})), 'wamp.error.invalid_uri', 'REGISTER wamp.*');
        await assertWampError(s.publish('wamp.junction.interop_test', ['x']), 'wamp.error.invalid_uri', 'PUBLISH wamp.*');
      }
      // Controls on the same session: the session survived and valid URIs work.
      const ok = uniqueUri('valid_after_invalid');
      await s.subscribe(ok, () => {});
      await s.register(ok, () => ({ args: ['ok'] }));
      assertValidId(await s.publish(ok, ['x']), 'publication id');
      assert.deepStrictEqual((await s.call(ok)).args, ['ok']);
    });
  });
}
