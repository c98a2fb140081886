// TLS client-certificate authentication (authmethod tls) against the fixture listeners `authtls` (wss) and
// `rawauthtls` (RawSocket over TLS), which verify client certificates against two test CAs (src/test/etc/tls).
// tls/client.crt belongs to principal tlsdevice; tls/client2.crt verifies (second CA) but is nobody's; rogue.crt is
// self-signed and not trusted. Every refusal is paired with a join that succeeds.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { RawPeer, MSG, HELLO_DETAILS } from '../lib/raw.mjs';
import { RawSocketPeer, waitForPort } from '../lib/rawsocket.mjs';
import { REALM, withTimeout, deferred } from '../lib/env.mjs';
import { autobahnJoin, expectAbort } from '../lib/auth.mjs';

const WSS_PORT = process.env.JUNCTION_PORT_AUTHTLS;
const RAW_PORT = process.env.JUNCTION_PORT_RAWAUTHTLS;
const skip = WSS_PORT && RAW_PORT ? false : 'fixture listeners not started (JUNCTION_PORT_AUTHTLS/RAWAUTHTLS unset)';
const URL = `wss://localhost:${WSS_PORT}/ws`;
const FIXTURES = process.env.JUNCTION_FIXTURES_DIR
  || path.resolve(path.dirname(new globalThis.URL(import.meta.url).pathname), '../../src/test/etc');
const tlsFile = (name) => fs.readFileSync(path.join(FIXTURES, 'tls', name));
const CA = () => tlsFile('ca.crt');
const identity = (name) => ({ cert: tlsFile(`${name}.crt`), key: tlsFile(`${name}.key`) });

/** A raw wss peer presenting `client` ('client', 'client2', 'rogue' or null for none); rejects if TLS fails. */
async function openWss(client) {
  const ws = new WebSocket(URL, ['wamp.2.json'], { ca: CA(), ...(client ? identity(client) : {}) });
  const peer = new RawPeer(ws, 'json');
  const opened = deferred();
  ws.on('open', () => opened.resolve());
  ws.on('error', (e) => opened.reject(e));
  ws.on('unexpected-response', (req, res) => opened.reject(new Error(`HTTP ${res.statusCode}`)));
  await withTimeout(opened.promise, `wss open with ${client}`);
  return peer;
}

/** HELLO with authmethods [tls] (and `authid` if given); resolves the answer. */
async function helloTls(peer, authid) {
  peer.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['tls'], ...(authid ? { authid } : {}) }]);
  return peer.next('WELCOME or ABORT');
}

async function awaitWss() {
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      (await openWss('client')).terminate();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe('TLS client-certificate authentication', { skip }, () => {
  before(async () => { await awaitWss(); await waitForPort(Number(RAW_PORT)); });

  test('autobahn-js with the registered client certificate joins with authmethod tls', async () => {
    const joined = await autobahnJoin(URL, { authmethods: ['tls'], tlsConfiguration: { ca: CA(), ...identity('client') } });
    try {
      assert.equal(joined.details.authmethod, 'tls');
      assert.equal(joined.details.authid, 'tlsdevice');
      assert.equal(joined.details.authrole, 'user');
      assert.equal(joined.details.authprovider, 'static');
      assert.ok(await joined.session.call('wamp.session.count') >= 1);
    } finally {
      await joined.close();
    }
  });

  test('raw wss: right certificate joins; no certificate, an unknown one or another principal\'s are refused', async () => {
    const good = await openWss('client');
    const welcome = await helloTls(good, 'tlsdevice');
    assert.equal(welcome[0], MSG.WELCOME, JSON.stringify(welcome));
    assert.equal(welcome[2].authmethod, 'tls');
    good.terminate();

    const none = await openWss(null); // the endpoint asks for a certificate but does not require one
    const noCert = await helloTls(none);
    assert.deepEqual([noCert[0], noCert[2]], [MSG.ABORT, 'wamp.error.authentication_failed']);
    none.terminate();

    const unknown = await openWss('client2'); // verified (second CA), but no principal has its fingerprint
    const nobody = await helloTls(unknown);
    assert.deepEqual([nobody[0], nobody[2]], [MSG.ABORT, 'wamp.error.no_such_principal']);
    unknown.terminate();

    const impostor = await openWss('client2'); // claims tlsdevice with another certificate
    const claimed = await helloTls(impostor, 'tlsdevice');
    assert.deepEqual([claimed[0], claimed[2]], [MSG.ABORT, 'wamp.error.authentication_failed']);
    impostor.terminate();
  });

  test('an untrusted (self-signed) certificate does not get past the TLS handshake', async () => {
    await assert.rejects(openWss('rogue'));
    (await openWss('client')).terminate(); // control
  });

  test('ticket still works beside tls on the same listener, and tls is not offered a ticket principal', async () => {
    const joined = await autobahnJoin(URL, { authmethods: ['ticket'], authid: 'alice', onchallenge: () => 'alice-ticket',
      tlsConfiguration: { ca: CA(), ...identity('client2') } });
    assert.equal(joined.details.authmethod, 'ticket');
    await joined.close();
    await expectAbort(autobahnJoin(URL, { authmethods: ['tls'], tlsConfiguration: { ca: CA(), ...identity('client2') } }),
      'wamp.error.no_such_principal');
  });

  test('RawSocket over TLS: the client certificate reaches the tls method too', async () => {
    const good = await RawSocketPeer.connect(Number(RAW_PORT), 'json', { tls: { ca: CA(), ...identity('client') } });
    await good.reply;
    good.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['tls'] }]);
    const welcome = await good.next('WELCOME');
    assert.equal(welcome[0], MSG.WELCOME, JSON.stringify(welcome));
    assert.equal(welcome[2].authid, 'tlsdevice');
    assert.equal(welcome[2].authmethod, 'tls');
    good.close();

    const none = await RawSocketPeer.connect(Number(RAW_PORT), 'json', { tls: { ca: CA() } });
    await none.reply;
    none.send([MSG.HELLO, REALM, { ...HELLO_DETAILS, authmethods: ['tls'] }]);
    const abort = await none.next('ABORT');
    assert.deepEqual([abort[0], abort[2]], [MSG.ABORT, 'wamp.error.authentication_failed']);
    none.close();
  });
});
