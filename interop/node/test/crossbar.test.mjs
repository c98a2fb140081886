// A Crossbar node configuration run as it is (interop/src/test/etc/crossbar/config.json, imported by
// dev.junction.crossbar-interop.cfg): autobahn-js joins with the configured ticket and salted WAMP-CRA principals,
// and the roles allow and deny exactly what their Crossbar permissions say (prefix, exact and wildcard rules).
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import autobahn from 'autobahn';
import { fixtureUrl, awaitListener, autobahnJoin, expectAbort } from '../lib/auth.mjs';
import { withTimeout, deferred } from '../lib/env.mjs';

const URL = fixtureUrl('CROSSBAR_WS');
const skip = URL ? false : 'the Crossbar import fixture is not configured (JUNCTION_PORT_CROSSBAR_WS unset)';
const REALM = 'cbrealm';

const joe = (ticket = 'joe-crossbar-ticket') => autobahnJoin(URL, { realm: REALM, authmethods: ['ticket'], authid: 'joe',
  onchallenge: () => ticket });
const peter = (password = 'secret1') => autobahnJoin(URL, { realm: REALM, authmethods: ['wampcra'], authid: 'peter',
  onchallenge: (s, m, extra) => autobahn.auth_cra.sign(
    autobahn.auth_cra.derive_key(password, extra.salt, extra.iterations, extra.keylen), extra.challenge) });

async function denied(promise, what) {
  await assert.rejects(withTimeout(promise, what), (e) => {
    assert.equal(e.error, 'wamp.error.not_authorized', `${what}: ${JSON.stringify(e)}`);
    return true;
  });
}

describe('a Crossbar configuration imported as it is (autobahn-js)', { skip }, () => {
  before(async () => { await awaitListener(URL); });

  test('the configured principals join with their roles; wrong credentials are refused', async () => {
    const f = await joe();
    const b = await peter();
    try {
      assert.deepEqual([f.details.authid, f.details.authrole, f.details.authmethod], ['joe', 'frontend', 'ticket']);
      assert.deepEqual([b.details.authid, b.details.authrole, b.details.authmethod], ['peter', 'backend', 'wampcra']);
    } finally {
      await f.close();
      await b.close();
    }
    await expectAbort(joe('wrong'), 'wamp.error.authentication_failed');
    await expectAbort(peter('secret2'), 'wamp.error.authentication_failed');
  });

  test('the roles allow and deny as their permissions say', async () => {
    const f = await joe();
    const b = await peter();
    try {
      const fs = f.session;
      const bs = b.session;
      // backend: everything under com.cb.
      await withTimeout(bs.register('com.cb.api.echo', (args, kwargs, details) => [args[0], details.caller_authid]),
        'backend registers');
      // frontend: calls under com.cb.api. (prefix), with the caller disclosed as the rule says
      const r = await withTimeout(fs.call('com.cb.api.echo', ['hi']), 'frontend calls');
      assert.deepEqual(r.args ?? r, ['hi', 'joe']);
      await denied(fs.register('com.cb.api.mine', () => 1), 'frontend may not register');
      await denied(fs.call('com.cb.other'), 'frontend may not call outside com.cb.api.');
      // exact rule: subscribe com.cb.news, not publish
      const got = deferred();
      await withTimeout(fs.subscribe('com.cb.news', (args, kwargs, details) => got.resolve([args, details.publisher_authid])),
        'frontend subscribes to the news');
      await denied(fs.publish('com.cb.news', ['x'], {}, { acknowledge: true }), 'frontend may not publish news');
      await withTimeout(bs.publish('com.cb.news', ['headline'], {}, { acknowledge: true }), 'backend publishes');
      // not disclosed: backend's rule (com.cb.*) has no disclose, and peter did not ask with disclose_me
      assert.deepEqual(await withTimeout(got.promise, 'news event'), [['headline'], undefined]);
      // wildcard rule com.cb..status
      await withTimeout(fs.publish('com.cb.kitchen.status', ['ok'], {}, { acknowledge: true }),
        'frontend publishes a status (wildcard)');
      await denied(fs.publish('com.cb.kitchen.other', ['x'], {}, { acknowledge: true }), 'not a status');
    } finally {
      await f.close();
      await b.close();
    }
  });
});
