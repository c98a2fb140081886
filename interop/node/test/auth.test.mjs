// Authentication with real clients against the fixture listeners `auth` (static principals) and `authdyn` (dynamic
// authenticator): autobahn-js ticket, WAMP-CRA plain and salted, cryptosign (tweetnacl); wampy.js with wampy-cra.
// Every refusal is paired with a join that succeeds with the right credentials.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import autobahn from 'autobahn';
import nacl from 'tweetnacl';
import * as wampyCra from 'wampy-cra';
import { URL, REALM } from '../lib/env.mjs';
import { fixtureUrl, awaitListener, autobahnJoin, wampyJoin, expectAbort } from '../lib/auth.mjs';

const AUTH = fixtureUrl('AUTH');
const AUTHDYN = fixtureUrl('AUTHDYN');
const skip = AUTH && AUTHDYN ? false : 'fixture listeners not started (JUNCTION_PORT_AUTH/AUTHDYN unset)';

const ticket = (t) => () => t;
const cra = (secret) => (session, method, extra) => {
  const key = extra.salt ? autobahn.auth_cra.derive_key(secret, extra.salt, extra.iterations, extra.keylen) : secret;
  return autobahn.auth_cra.sign(key, extra.challenge);
};
// dave's key pair (the seed is test-only; its public key is in dev.junction.auth.principal-dave.cfg)
const DAVE = nacl.sign.keyPair.fromSeed(
  Buffer.from('6a756e6374696f6e2d696e7465726f702d646176652d736565642d3332627974', 'hex'));
const DAVE_PUB = Buffer.from(DAVE.publicKey).toString('hex');
const cryptosign = (keyPair) => (session, method, extra) => autobahn.auth_cryptosign.sign_challenge(keyPair, extra);

async function joinedAs(promise, authid, authrole, authmethod, authprovider = 'static') {
  const s = await promise;
  try {
    assert.equal(s.details.authid, authid);
    assert.equal(s.details.authrole, authrole);
    assert.equal(s.details.authmethod, authmethod);
    assert.equal(s.details.authprovider, authprovider);
    // the session really works: a meta call answers
    const count = await s.session.call('wamp.session.count');
    assert.ok(count >= 1);
  } finally {
    await s.close();
  }
}

describe('static authentication (autobahn-js)', { skip }, () => {
  before(async () => { await awaitListener(AUTH); });

  for (const serializer of ['json', 'msgpack']) {
    test(`ticket over ${serializer}: right ticket joins, wrong ticket and unknown authid are refused`, async () => {
      await joinedAs(autobahnJoin(AUTH, { serializer, authmethods: ['ticket'], authid: 'alice', onchallenge: ticket('alice-ticket') }),
        'alice', 'user', 'ticket');
      await expectAbort(autobahnJoin(AUTH, { serializer, authmethods: ['ticket'], authid: 'alice', onchallenge: ticket('wrong') }),
        'wamp.error.authentication_failed');
      await expectAbort(autobahnJoin(AUTH, { serializer, authmethods: ['ticket'], authid: 'mallory', onchallenge: ticket('x') }),
        'wamp.error.no_such_principal');
    });
  }

  test('a principal scoped to another transport is unknown here', async () => {
    await expectAbort(autobahnJoin(AUTH, { authmethods: ['ticket'], authid: 'scoped', onchallenge: ticket('scoped-ticket') }),
      'wamp.error.no_such_principal');
  });

  test('wampcra with a plain secret: right secret joins, wrong secret is refused', async () => {
    await joinedAs(autobahnJoin(AUTH, { authmethods: ['wampcra'], authid: 'carol', onchallenge: cra('carol-secret') }),
      'carol', 'user', 'wampcra');
    await expectAbort(autobahnJoin(AUTH, { authmethods: ['wampcra'], authid: 'carol', onchallenge: cra('carol-secrex') }),
      'wamp.error.authentication_failed');
  });

  test('wampcra with a salted secret: the client derives the key from its password', async () => {
    let seen;
    await joinedAs(autobahnJoin(AUTH, {
      authmethods: ['wampcra'], authid: 'peter',
      onchallenge: (s, m, extra) => { seen = extra; return cra('secret1')(s, m, extra); },
    }), 'peter', 'frontend', 'wampcra');
    assert.equal(seen.salt, 'salt123');
    assert.equal(seen.iterations, 100);
    assert.equal(seen.keylen, 16);
    const challenge = JSON.parse(seen.challenge);
    assert.deepEqual(Object.keys(challenge),
      ['authid', 'authrole', 'authmethod', 'authprovider', 'session', 'nonce', 'timestamp']);
    await expectAbort(autobahnJoin(AUTH, { authmethods: ['wampcra'], authid: 'peter', onchallenge: cra('secret2') }),
      'wamp.error.authentication_failed');
  });

  test('a signature replayed from an earlier challenge is refused', async () => {
    let recorded;
    await joinedAs(autobahnJoin(AUTH, {
      authmethods: ['wampcra'], authid: 'carol',
      onchallenge: (s, m, extra) => { recorded = cra('carol-secret')(s, m, extra); return recorded; },
    }), 'carol', 'user', 'wampcra');
    await expectAbort(autobahnJoin(AUTH, { authmethods: ['wampcra'], authid: 'carol', onchallenge: () => recorded }),
      'wamp.error.authentication_failed');
  });

  for (const serializer of ['json', 'msgpack']) {
    test(`cryptosign over ${serializer}: dave's key joins, a tampered signature and a foreign key are refused`, async () => {
      await joinedAs(autobahnJoin(AUTH, {
        serializer, authmethods: ['cryptosign'], authid: 'dave', authextra: { pubkey: DAVE_PUB }, onchallenge: cryptosign(DAVE),
      }), 'dave', 'device', 'cryptosign');
      // without an authid, the key identifies the principal
      await joinedAs(autobahnJoin(AUTH, {
        serializer, authmethods: ['cryptosign'], authextra: { pubkey: DAVE_PUB }, onchallenge: cryptosign(DAVE),
      }), 'dave', 'device', 'cryptosign');
      await expectAbort(autobahnJoin(AUTH, {
        serializer, authmethods: ['cryptosign'], authid: 'dave', authextra: { pubkey: DAVE_PUB },
        onchallenge: (s, m, extra) => {
          const sig = cryptosign(DAVE)(s, m, extra);
          return (sig[0] === '0' ? '1' : '0') + sig.slice(1);
        },
      }), 'wamp.error.authentication_failed');
      const stranger = nacl.sign.keyPair();
      await expectAbort(autobahnJoin(AUTH, {
        serializer, authmethods: ['cryptosign'], authextra: { pubkey: Buffer.from(stranger.publicKey).toString('hex') },
        onchallenge: cryptosign(stranger),
      }), 'wamp.error.no_such_principal');
    });
  }

  test('cryptosign with channel_binding tls-unique gets a clear ABORT', async () => {
    const e = await expectAbort(autobahnJoin(AUTH, {
      authmethods: ['cryptosign'], authid: 'dave', authextra: { pubkey: DAVE_PUB, channel_binding: 'tls-unique' },
      onchallenge: cryptosign(DAVE),
    }), 'wamp.error.authentication_failed');
    assert.match(e.abortMessage, /tls-unique/);
  });

  test('a method the listener does not offer gets no_matching_auth_method; methods are tried in order', async () => {
    await expectAbort(autobahnJoin(AUTH, { authmethods: ['anonymous'] }), 'wamp.error.no_matching_auth_method');
    await expectAbort(autobahnJoin(URL, { authmethods: ['ticket'], authid: 'alice', onchallenge: ticket('alice-ticket') }),
      'wamp.error.no_matching_auth_method');
    // anonymous first but not offered here: ticket, the next one, is used
    await joinedAs(autobahnJoin(AUTH, { authmethods: ['anonymous', 'ticket'], authid: 'alice', onchallenge: ticket('alice-ticket') }),
      'alice', 'user', 'ticket');
    // the default listener (no auth configuration) still admits anonymous clients
    const anon = await autobahnJoin(URL, {});
    assert.equal(anon.details.authmethod, 'anonymous');
    assert.equal(anon.details.authrole, 'anonymous');
    await anon.close();
  });
});

describe('static authentication (wampy.js + wampy-cra)', { skip }, () => {
  before(async () => { await awaitListener(AUTH); });

  for (const serializer of ['json', 'msgpack']) {
    test(`wampcra plain and salted over ${serializer}`, async () => {
      for (const [authid, password, role] of [['carol', 'carol-secret', 'user'], ['peter', 'secret1', 'frontend']]) {
        const { wampy, details } = await wampyJoin(AUTH, { serializer, authid, authmethods: ['wampcra'], onChallenge: wampyCra.sign(password) });
        assert.equal(details.authid, authid);
        assert.equal(details.authrole, role);
        assert.equal(details.authmethod, 'wampcra');
        await wampy.disconnect();
        await expectAbort(wampyJoin(AUTH, { serializer, authid, authmethods: ['wampcra'], onChallenge: wampyCra.sign('nope') }),
          'wamp.error.authentication_failed');
      }
      await expectAbort(wampyJoin(AUTH, { serializer, authid: 'nobody', authmethods: ['wampcra'], onChallenge: wampyCra.sign('x') }),
        'wamp.error.no_such_principal');
    });
  }
});

describe('dynamic authenticator registered by a client', { skip }, () => {
  let backend;
  const calls = [];
  before(async () => {
    await awaitListener(AUTHDYN);
    backend = await autobahnJoin(URL, {});
    await backend.session.register('com.junction.interop.authenticate', (args) => {
      const [realm, authid, details] = args;
      calls.push({ realm, authid, details });
      if (details.authmethod === 'wampcra') {
        if (authid === 'dyncra') return { secret: 'dyn-secret', role: 'dynrole', extra: { greeting: 'hello' } };
        throw new autobahn.Error('com.junction.interop.no_such_user', ['unknown user']);
      }
      if (authid === 'slow') return new Promise(() => {}); // never answers: the router times out
      if (details.ticket === 'dyn-ticket') return 'dynrole';
      if (details.ticket === 'dyn-dict') return { role: 'dynrole', authid: 'renamed', extra: { tier: 'gold' } };
      throw new autobahn.Error('com.junction.interop.invalid_ticket', ['bad ticket']);
    });
  });
  after(async () => { await backend?.close(); });

  test('ticket: the procedure gets (realm, authid, details) and its role string or dict is used', async () => {
    await joinedAs(autobahnJoin(AUTHDYN, { authmethods: ['ticket'], authid: 'erin', onchallenge: ticket('dyn-ticket') }),
      'erin', 'dynrole', 'ticket', 'dynamic');
    const last = calls.at(-1);
    assert.equal(last.realm, REALM);
    assert.equal(last.authid, 'erin');
    assert.equal(last.details.ticket, 'dyn-ticket');
    assert.equal(last.details.authmethod, 'ticket');
    assert.equal(typeof last.details.session, 'number');
    const s = await autobahnJoin(AUTHDYN, { authmethods: ['ticket'], authid: 'erin', onchallenge: ticket('dyn-dict') });
    assert.equal(s.details.authid, 'renamed');
    assert.deepEqual(s.details.authextra, { tier: 'gold' });
    await s.close();
  });

  test('ticket: an error from the procedure or a timeout is a clear ABORT', async () => {
    const denied = await expectAbort(autobahnJoin(AUTHDYN, { authmethods: ['ticket'], authid: 'erin', onchallenge: ticket('nope') }),
      'wamp.error.authentication_failed');
    assert.match(denied.abortMessage, /com\.junction\.interop\.invalid_ticket/);
    const slow = await expectAbort(autobahnJoin(AUTHDYN, { authmethods: ['ticket'], authid: 'slow', onchallenge: ticket('x') }),
      'wamp.error.authentication_failed');
    assert.match(slow.abortMessage, /timed out after 1500 ms/);
  });

  test('wampcra: the procedure supplies secret and role', async () => {
    const s = await autobahnJoin(AUTHDYN, { authmethods: ['wampcra'], authid: 'dyncra', onchallenge: cra('dyn-secret') });
    assert.equal(s.details.authrole, 'dynrole');
    assert.equal(s.details.authprovider, 'dynamic');
    assert.deepEqual(s.details.authextra, { greeting: 'hello' });
    await s.close();
    await expectAbort(autobahnJoin(AUTHDYN, { authmethods: ['wampcra'], authid: 'dyncra', onchallenge: cra('wrong') }),
      'wamp.error.authentication_failed');
    await expectAbort(autobahnJoin(AUTHDYN, { authmethods: ['wampcra'], authid: 'stranger', onchallenge: cra('x') }),
      'wamp.error.authentication_failed');
  });
});
