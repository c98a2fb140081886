// Cookie tracking and cookie authentication with real clients against the fixture listeners `cookie` (file store,
// ticket + anonymous + cookie) and `cookieshort` (max_age 4 s). The first connection is a raw `ws` peer, which sees
// the upgrade answer's Set-Cookie; reconnects are autobahn-js sending the cookie in its upgrade request (its Node
// transport passes `headers` to `ws`). Every refusal is paired with a join that succeeds.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { RawPeer, MSG, HELLO_DETAILS } from '../lib/raw.mjs';
import { REALM, withTimeout, deferred } from '../lib/env.mjs';
import { fixtureUrl, awaitListener, autobahnJoin, expectAbort, Aborted } from '../lib/auth.mjs';

const COOKIE = fixtureUrl('COOKIE');
const SHORT = fixtureUrl('COOKIESHORT');
const skip = COOKIE && SHORT ? false : 'fixture listeners not started (JUNCTION_PORT_COOKIE/COOKIESHORT unset)';
const CHALLENGE = 4;
const AUTHENTICATE = 5;

/** A raw peer on `url`, sending `cookie` (e.g. 'cbtid=...') if given; also resolves the answer's Set-Cookie. */
async function open(url, cookie) {
  const ws = new WebSocket(url, ['wamp.2.json'], { perMessageDeflate: false, headers: cookie ? { Cookie: cookie } : {} });
  const peer = new RawPeer(ws, 'json');
  let setCookie = null;
  ws.on('upgrade', (res) => { setCookie = res.headers['set-cookie']?.[0] ?? null; });
  const opened = deferred();
  ws.on('open', () => opened.resolve());
  ws.on('unexpected-response', (req, res) => opened.reject(new Error(`HTTP ${res.statusCode}`)));
  ws.on('error', (e) => opened.reject(e));
  await withTimeout(opened.promise, `WebSocket open ${url}`);
  return { peer, setCookie, cookie: setCookie ? setCookie.split(';')[0] : cookie };
}

/** HELLO with ticket as alice (dev.junction.auth.principal-alice.cfg); resolves WELCOME.Details. */
async function ticketJoin(peer, ticket = 'alice-ticket') {
  peer.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['ticket'], authid: 'alice' }]);
  const challenge = await peer.next('CHALLENGE');
  assert.equal(challenge[0], CHALLENGE, JSON.stringify(challenge));
  peer.send([AUTHENTICATE, ticket, {}]);
  const welcome = await peer.next('WELCOME');
  assert.equal(welcome[0], MSG.WELCOME, JSON.stringify(welcome));
  return welcome[2];
}

async function cookieJoin(url, cookie, authmethods = ['cookie'], extra = {}) {
  return autobahnJoin(url, { authmethods, headers: cookie ? { Cookie: cookie } : undefined, ...extra });
}

async function works(joined) {
  assert.ok(await joined.session.call('wamp.session.count') >= 1);
}

describe('cookie tracking and cookie authentication', { skip }, () => {
  before(async () => { await awaitListener(COOKIE); await awaitListener(SHORT); });

  test('a new client gets Set-Cookie; a known cookie is recognized without a new one', async () => {
    const first = await open(COOKIE);
    assert.match(first.setCookie, /^cbtid=[A-Za-z0-9]{24};max-age=604800;HttpOnly;SameSite=Strict$/);
    first.peer.terminate();
    const again = await open(COOKIE, `other=1; ${first.cookie}`);
    assert.equal(again.setCookie, null);
    again.peer.terminate();
    const forged = await open(COOKIE, 'cbtid=AAAAAAAAAAAAAAAAAAAAAAAA'); // never issued: a fresh cookie
    assert.match(forged.setCookie, /^cbtid=/);
    assert.notEqual(forged.cookie, 'cbtid=AAAAAAAAAAAAAAAAAAAAAAAA');
    forged.peer.terminate();
  });

  test('ticket once, then the cookie alone authenticates (authmethod and authprovider cookie)', async () => {
    const first = await open(COOKIE);
    const welcome = await ticketJoin(first.peer);
    assert.equal(welcome.authmethod, 'ticket');
    first.peer.terminate();

    const joined = await cookieJoin(COOKIE, first.cookie);
    try {
      assert.equal(joined.details.authmethod, 'cookie');
      assert.equal(joined.details.authprovider, 'cookie');
      assert.equal(joined.details.authid, 'alice');
      assert.equal(joined.details.authrole, 'user');
      await works(joined);
    } finally {
      await joined.close();
    }
    // Negative checks: no cookie, or a cookie that never authenticated, cannot use the cookie method.
    await expectAbort(cookieJoin(COOKIE, null), 'wamp.error.no_matching_auth_method');
    const fresh = await open(COOKIE);
    fresh.peer.terminate();
    await expectAbort(cookieJoin(COOKIE, fresh.cookie), 'wamp.error.no_matching_auth_method');
    // ... but falls through to the client's next method.
    const next = await cookieJoin(COOKIE, fresh.cookie, ['cookie', 'ticket'], { authid: 'alice', onchallenge: () => 'alice-ticket' });
    assert.equal(next.details.authmethod, 'ticket');
    await next.close();
  });

  test('anonymous with a cookie: the cookie is the authid, and is recognized on reconnect', async () => {
    const first = await open(COOKIE);
    first.peer.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['anonymous'] }]);
    const welcome = await first.peer.next('WELCOME');
    assert.equal(welcome[0], MSG.WELCOME, JSON.stringify(welcome));
    assert.equal(welcome[2].authid, first.cookie.split('=')[1]);
    assert.equal(welcome[2].authmethod, 'anonymous');
    first.peer.terminate();

    const joined = await cookieJoin(COOKIE, first.cookie);
    try {
      assert.equal(joined.details.authmethod, 'cookie');
      assert.equal(joined.details.authid, first.cookie.split('=')[1]);
      assert.equal(joined.details.authrole, 'anonymous');
    } finally {
      await joined.close();
    }
  });

  test('GOODBYE wamp.close.logout forgets the cookie and closes the other connections sharing it', async () => {
    const tab1 = await open(COOKIE);
    await ticketJoin(tab1.peer);
    const tab2 = await cookieJoin(COOKIE, tab1.cookie);
    assert.equal(tab2.details.authmethod, 'cookie');
    const stranger = await open(COOKIE); // another browser: must not be touched
    await ticketJoin(stranger.peer);
    const tab3 = await open(COOKIE, tab1.cookie);
    assert.equal(tab3.setCookie, null);

    tab3.peer.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['cookie'] }]);
    assert.equal((await tab3.peer.next('WELCOME'))[0], MSG.WELCOME);
    tab3.peer.send([MSG.GOODBYE, {}, 'wamp.close.logout']);
    const reply = await tab3.peer.next('GOODBYE reply');
    assert.deepEqual([reply[0], reply[2]], [MSG.GOODBYE, 'wamp.close.goodbye_and_out']);

    // tab1 (raw) gets GOODBYE wamp.close.logout, then its connection is closed.
    const told = await tab1.peer.next('GOODBYE to the other tab');
    assert.deepEqual([told[0], told[2]], [MSG.GOODBYE, 'wamp.close.logout']);
    tab1.peer.send([MSG.GOODBYE, {}, 'wamp.close.goodbye_and_out']);
    await tab1.peer.waitClosed();
    // tab2 (autobahn-js) ends with reason wamp.close.logout.
    const ended = await withTimeout(tab2.closed, 'autobahn-js tab closed');
    assert.ok(ended instanceof Aborted);
    assert.equal(ended.reason, 'wamp.close.logout');

    // Control: the connection with another cookie still works.
    stranger.peer.send([MSG.CALL, 1, {}, 'wamp.session.count']);
    assert.equal((await stranger.peer.next('RESULT'))[0], MSG.RESULT);
    stranger.peer.terminate();
    tab3.peer.terminate();

    // The cookie no longer authenticates; the next method still does.
    await expectAbort(cookieJoin(COOKIE, tab1.cookie), 'wamp.error.no_matching_auth_method');
    const again = await cookieJoin(COOKIE, tab1.cookie, ['cookie', 'ticket'], { authid: 'alice', onchallenge: () => 'alice-ticket' });
    assert.equal(again.details.authmethod, 'ticket');
    await again.close();
  });

  test('an expired cookie no longer authenticates: ABORT, or the next method', async () => {
    const first = await open(SHORT);
    await ticketJoin(first.peer);
    first.peer.terminate();
    // Positive control while the cookie lives (max_age 4 s).
    const recognized = await open(SHORT, first.cookie);
    assert.equal(recognized.setCookie, null);
    recognized.peer.terminate();
    // Condition, not a sleep: reconnect until the router no longer knows the cookie (it hands out a new one).
    const deadline = Date.now() + 20000;
    for (;;) {
      const probe = await open(SHORT, first.cookie);
      probe.peer.terminate();
      if (probe.setCookie) break;
      assert.ok(Date.now() < deadline, 'the cookie did not expire within 20 s');
      await new Promise((r) => setTimeout(r, 250));
    }
    await expectAbort(cookieJoin(SHORT, first.cookie), 'wamp.error.no_matching_auth_method');
    const next = await cookieJoin(SHORT, first.cookie, ['cookie', 'ticket'], { authid: 'alice', onchallenge: () => 'alice-ticket' });
    assert.equal(next.details.authmethod, 'ticket');
    await next.close();
  });
});
