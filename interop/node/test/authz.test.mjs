// Authorization by realm roles (dev.junction.realm.role) with real clients: the fixture realm "authz" gives
// anonymous clients the rules in interop/src/test/etc/dev.junction.realm.role-authz_anonymous.cfg. Every denial
// is paired with an allowed action next to it, so a realm that refused everything fails too.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Clients, SessionClosed, LIBRARIES, SERIALIZERS } from '../lib/clients.mjs';
import { Inbox, uniqueUri, withTimeout } from '../lib/env.mjs';
import { assertWampError } from '../lib/scenarios.mjs';

const REALM = 'authz';
const NOT_AUTHORIZED = 'wamp.error.not_authorized';
const DISCLOSE_ME_DISALLOWED = 'wamp.error.option_disallowed.disclose_me';
/** A fresh URI under `prefix` (the rules match on it), unique to this run. */
const under = (prefix, name) => `${prefix}.${uniqueUri(name).split('.').slice(-2).join('_')}`;

/** The fixture realm may be applied a moment after the default one the harness waits for. */
async function connectAuthz(clients, lib, serializer) {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      return await clients.connect(lib, serializer, { realm: REALM });
    } catch (e) {
      if (!(e instanceof SessionClosed) || e.reason !== 'wamp.error.no_such_realm' || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

for (const lib of LIBRARIES) {
  for (const serializer of SERIALIZERS) {
    describe(`authorization ${lib}/${serializer}`, () => {
      const clients = new Clients();
      after(() => clients.closeAll());

      it('allows and denies each action by exact, prefix and wildcard rules', async () => {
        const c = await connectAuthz(clients, lib, serializer);

        // prefix rule allowing everything: register, call, subscribe, publish
        const proc = under('com.authz.open', 'echo');
        await c.register(proc, ({ args }) => ({ args }));
        assert.deepEqual((await c.call(proc, ['hi'])).args, ['hi']);
        const topic = under('com.authz.open', 'news');
        const events = new Inbox('authz events');
        const listener = await connectAuthz(clients, lib, serializer); // wampy cannot send exclude_me: false
        await listener.subscribe(topic, (e) => events.push(e));
        await c.publish(topic, ['x']);
        assert.deepEqual((await events.next()).args, ['x']);

        // exact rule allowing call only: authorized (no callee), a longer URI is not, nor registering it
        await assertWampError(c.call('com.authz.exact'), 'wamp.error.no_such_procedure', 'CALL exact (allowed)');
        await assertWampError(c.call('com.authz.exact.more'), NOT_AUTHORIZED, 'CALL below an exact rule');
        await assertWampError(c.register('com.authz.exact', () => ({})), NOT_AUTHORIZED, 'REGISTER exact (call only)');

        // wildcard rule allowing register only
        await c.register(under('com.authz', 'x') + '.wild', () => ({}));
        await assertWampError(c.register(under('com.authz', 'x') + '.tame', () => ({})), NOT_AUTHORIZED,
          'REGISTER not matching the wildcard');
        await assertWampError(c.subscribe('com.authz.any.wild', () => {}), NOT_AUTHORIZED,
          'SUBSCRIBE where the wildcard allows only register');

        // subscribe/publish by prefix, publish denied elsewhere
        const pub = under('com.authz.pub', 'feed');
        await c.subscribe(pub, () => {});
        await c.publish(pub, [1]);
        await assertWampError(c.publish('com.authz.exact', [1]), NOT_AUTHORIZED, 'PUBLISH under a call-only rule');

        // nothing matches: everything denied, the meta API included
        await assertWampError(c.call('com.elsewhere.proc'), NOT_AUTHORIZED, 'CALL outside every rule');
        await assertWampError(c.call('wamp.session.count'), NOT_AUTHORIZED, 'meta API without a rule');
      });

      it('refuses disclose_me where the role conceals the publisher', async () => {
        const c = await connectAuthz(clients, lib, serializer);
        const pub = under('com.authz.pub', 'shy');
        await c.publish(pub, [1]); // positive control
        await assertWampError(c.publish(pub, [1], {}, { disclose_me: true }), DISCLOSE_ME_DISALLOWED,
          'PUBLISH disclose_me under conceal=publisher');
      });
    });
  }
}

describe('authorization: disclosure decided by the role (autobahn)', () => {
  const clients = new Clients();
  after(() => clients.closeAll());

  for (const serializer of SERIALIZERS) {
    it(`discloses the caller and publisher unasked where the role says disclose= (${serializer})`, async () => {
      const callee = await connectAuthz(clients, 'autobahn', serializer);
      const caller = await connectAuthz(clients, 'autobahn', serializer);
      const seen = new Inbox('invocation details');
      const loud = under('com.authz.loud', 'proc');
      await callee.register(loud, ({ details }) => { seen.push(details); return {}; });
      await caller.call(loud, []);
      assert.equal((await seen.next()).caller, caller.id, 'disclose=caller discloses without disclose_me');

      const quiet = under('com.authz.open', 'proc');
      await callee.register(quiet, ({ details }) => { seen.push(details); return {}; });
      await caller.call(quiet, []);
      assert.equal((await seen.next()).caller, undefined, 'no disclosure without disclose_me (control)');
      await caller.call(quiet, [], {}, { disclose_me: true });
      assert.equal((await seen.next()).caller, caller.id, 'disclose_me honoured where the role allows it');
    });
  }
});

describe('authorization: roles at join', () => {
  const clients = new Clients();
  after(() => clients.closeAll());

  for (const lib of LIBRARIES) {
    it(`aborts an anonymous client on a realm without the role anonymous (${lib})`, async () => {
      await connectAuthz(clients, lib, 'json'); // positive control: a realm that has the role
      await assert.rejects(withTimeout(clients.connect(lib, 'json', { realm: 'authz_closed' }), 'join authz_closed'),
        (e) => e instanceof SessionClosed && e.reason === 'wamp.error.no_such_role');
    });
  }
});
