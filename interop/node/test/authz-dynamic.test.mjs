// The dynamic authorizer with real clients: realm authzdyn's role "anonymous" is decided by the procedure
// com.junction.interop.authorize, which a backend client (role "backend", ticket on the auth listener) registers.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import autobahn from 'autobahn';
import { fixtureUrl, awaitListener, autobahnJoin } from '../lib/auth.mjs';
import { URL, withTimeout } from '../lib/env.mjs';

const AUTH = fixtureUrl('AUTH');
const skip = AUTH ? false : 'fixture listener not started (JUNCTION_PORT_AUTH unset)';
const REALM = 'authzdyn';

/** Rejects with {error} (the WAMP error URI) when the call or subscribe fails. */
async function wampError(promise) {
  try {
    await promise;
  } catch (e) {
    return e.error;
  }
  return 'succeeded';
}

describe('dynamic authorizer (autobahn-js)', { skip }, () => {
  let backend;
  const asked = [];

  before(async () => {
    await awaitListener(AUTH);
    backend = await autobahnJoin(AUTH, { realm: REALM, authmethods: ['ticket'], authid: 'authzbackend',
      onchallenge: () => 'authzbackend-ticket' });
    assert.equal(backend.details.authrole, 'backend');
    await backend.session.register('com.junction.interop.authorize', ([session, uri, action, options]) => {
      asked.push({ session, uri, action, options });
      if (uri.includes('.boom')) throw new autobahn.Error('com.junction.interop.error.authorizer_broke');
      if (uri.startsWith('com.authzdyn.bool.')) return true;
      return { allow: uri.startsWith('com.authzdyn.ok.'), disclose: uri.endsWith('.loud'), cache: false };
    });
  });

  after(async () => { await backend?.close(); });

  for (const serializer of ['json', 'msgpack']) {
    it(`allows, denies and fails as the procedure answers (${serializer})`, async () => {
      const c = await autobahnJoin(URL, { realm: REALM, serializer });
      try {
        assert.equal(c.details.authrole, 'anonymous');
        const sub = await withTimeout(c.session.subscribe('com.authzdyn.ok.news', () => {}), 'allowed SUBSCRIBE');
        assert.ok(sub.id);
        const q = asked.find((a) => a.uri === 'com.authzdyn.ok.news' && a.session.session === c.session.id);
        assert.ok(q, `the authorizer was asked about this session's SUBSCRIBE: ${JSON.stringify(asked)}`);
        assert.equal(q.action, 'subscribe');
        assert.equal(q.session.authrole, 'anonymous');
        await withTimeout(c.session.subscribe('com.authzdyn.bool.news', () => {}), 'SUBSCRIBE allowed by a boolean');
        assert.equal(await wampError(c.session.subscribe('com.authzdyn.no.news', () => {})),
          'wamp.error.not_authorized');
        assert.equal(await wampError(c.session.call('com.authzdyn.ok.boom')), 'wamp.error.authorization_failed');
        // a procedure the authorizer allows, registered by the backend: the caller's disclosure follows the answer
        let details;
        await backend.session.register('com.authzdyn.ok.echo.loud', (args, kwargs, d) => { details = d; return 1; });
        try {
          await withTimeout(c.session.call('com.authzdyn.ok.echo.loud'), 'allowed CALL');
          assert.equal(details.caller, c.session.id, 'disclose: true in the answer discloses the caller');
        } finally {
          await backend.session.unregister(backend.session.registrations.find((r) => r.procedure === 'com.authzdyn.ok.echo.loud'));
        }
      } finally {
        await c.close();
      }
    });
  }
});
