// WAMP over RawSocket (and TLS) against Junction's fixture listeners (src/test/etc): autobahn-js 22.11.1's Node
// RawSocket transport (JSON: the only serializer it implements there), a raw RawSocket peer for MsgPack and for
// the handshake answers, and wss with a CA (raw `ws`) and with a client certificate (autobahn-js).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import autobahn from 'autobahn';
import WebSocket from 'ws';
import { REALM, withTimeout, deferred, uniqueUri } from '../lib/env.mjs';
import { Clients } from '../lib/clients.mjs';
import { MSG, HELLO_DETAILS } from '../lib/raw.mjs';
import { RawSocketPeer, waitForPort } from '../lib/rawsocket.mjs';

const PORT = Number(process.env.JUNCTION_PORT_RAWSOCKET);
const TLS_PORT = Number(process.env.JUNCTION_PORT_RAWSOCKET_TLS);
const WSS_PORT = Number(process.env.JUNCTION_PORT_WSS);
const FIXTURES = process.env.JUNCTION_FIXTURES_DIR
  || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../src/test/etc');
const tlsFile = (name) => fs.readFileSync(path.join(FIXTURES, 'tls', name));

/** An autobahn-js session over its Node RawSocket transport (JSON). */
async function autobahnRawSocket(port) {
  const connection = new autobahn.Connection({
    realm: REALM,
    transports: [{ type: 'rawsocket', host: '127.0.0.1', port }],
    max_retries: 0,
    retry_if_unreachable: false,
  });
  const joined = deferred();
  connection.onopen = (session) => joined.resolve(session);
  connection.onclose = (reason, details) => { joined.reject(new Error(`closed: ${reason} ${JSON.stringify(details)}`)); return true; };
  connection.open();
  const session = await withTimeout(joined.promise, 'autobahn-js RawSocket join');
  return { connection, session };
}

/** HELLO over a RawSocket peer; resolves with WELCOME. */
async function join(peer) {
  assert.deepEqual((await peer.reply).slice(0, 1), [0x7f]);
  peer.send([MSG.HELLO, REALM, HELLO_DETAILS]);
  const welcome = await peer.next('WELCOME');
  assert.equal(welcome[0], MSG.WELCOME, JSON.stringify(welcome));
  return welcome;
}

describe('RawSocket', { skip: !PORT && 'JUNCTION_PORT_RAWSOCKET not set (no fixture listener)' }, () => {
  const clients = new Clients();
  const open = [];
  before(async () => { await waitForPort(PORT); });
  after(async () => {
    for (const c of open) { try { c.close(); } catch { /* closed */ } }
    await clients.closeAll();
  });

  it('autobahn-js over RawSocket (JSON): register, call, subscribe, publish; a WebSocket session calls it too', async () => {
    const { connection, session } = await autobahnRawSocket(PORT);
    open.push(connection);
    const procedure = uniqueUri('rs.add');
    await session.register(procedure, (args) => args[0] + args[1]);
    assert.equal(await session.call(procedure, [2, 3]), 5);

    const topic = uniqueUri('rs.topic');
    const event = deferred();
    await session.subscribe(topic, (args) => event.resolve(args));
    await session.publish(topic, ['hello'], {}, { acknowledge: true, exclude_me: false });
    assert.deepEqual(await withTimeout(event.promise, 'EVENT over RawSocket'), ['hello']);

    // Across transports and serializers: a WebSocket MsgPack session calls the RawSocket callee.
    const ws = await clients.connect('autobahn', 'msgpack');
    assert.deepEqual((await ws.call(procedure, [40, 2])).args, [42]);
  });

  for (const serializer of ['json', 'msgpack']) {
    it(`raw RawSocket peer (${serializer}): handshake, HELLO/WELCOME, PING/PONG, CALL`, async () => {
      const peer = await RawSocketPeer.connect(PORT, serializer);
      open.push(peer);
      const reply = await peer.reply;
      // Junction's default max_message_size 128 KiB = 2^(9+8); the serializer echoed.
      assert.deepEqual(reply, [0x7f, 0x80 | (serializer === 'json' ? 1 : 2), 0, 0]);
      await join(peer);
      peer.frame(1, Buffer.from('ping-payload'));
      assert.equal((await peer.pongs.next('PONG')).toString(), 'ping-payload');

      const { connection, session } = await autobahnRawSocket(PORT);
      open.push(connection);
      const procedure = uniqueUri(`rs.echo.${serializer}`);
      await session.register(procedure, (args, kwargs) => new autobahn.Result(args, kwargs));
      peer.send([MSG.CALL, 1, {}, procedure, [1, 'two', { three: 3 }], { k: 'v' }]);
      const result = await peer.next('RESULT');
      assert.equal(result[0], MSG.RESULT, JSON.stringify(result));
      assert.deepEqual(result.slice(3), [[1, 'two', { three: 3 }], { k: 'v' }]);
    });
  }

  it('handshake errors: unsupported serializer (1), reserved bits (3); a valid handshake is accepted', async () => {
    const cbor = await RawSocketPeer.connect(PORT, 'json', { serializerId: 3 }); // no CBOR serializer installed
    assert.deepEqual(await cbor.reply, [0x7f, 0x10, 0, 0]);
    assert.equal(await cbor.closedByRouter(), true);
    const reserved = await RawSocketPeer.connect(PORT, 'json', { reserved: [0, 1] });
    assert.deepEqual(await reserved.reply, [0x7f, 0x30, 0, 0]);
    assert.equal(await reserved.closedByRouter(), true);
    const ok = await RawSocketPeer.connect(PORT, 'json');
    open.push(ok);
    assert.deepEqual(await ok.reply, [0x7f, 0x81, 0, 0]);
  });

  it('a message longer than the announced maximum closes the connection; the router keeps serving', async () => {
    const peer = await RawSocketPeer.connect(PORT, 'json');
    await join(peer);
    peer.frame(0, Buffer.alloc(128 * 1024 + 1, 0x20));
    assert.equal(await peer.closedByRouter(), true);
    const fresh = await RawSocketPeer.connect(PORT, 'json');
    open.push(fresh);
    await join(fresh);
  });
});

describe('TLS', { skip: !TLS_PORT && 'JUNCTION_PORT_RAWSOCKET_TLS not set (no fixture listener)' }, () => {
  const open = [];
  before(async () => { await waitForPort(TLS_PORT); await waitForPort(WSS_PORT); });
  after(() => { for (const c of open) { try { c.close(); } catch { /* closed */ } } });

  for (const serializer of ['json', 'msgpack']) {
    it(`RawSocket over TLS (${serializer}), server certificate verified against the test CA`, async () => {
      const peer = await RawSocketPeer.connect(TLS_PORT, serializer, { tls: { ca: tlsFile('ca.crt') } });
      open.push(peer);
      assert.equal(peer.socket.authorized, true, String(peer.socket.authorizationError));
      assert.match(peer.socket.getProtocol(), /^TLSv1\.[23]$/);
      await join(peer);
    });
  }

  it('RawSocket over TLS with a client certificate', async () => {
    const peer = await RawSocketPeer.connect(TLS_PORT, 'json',
      { tls: { ca: tlsFile('ca.crt'), cert: tlsFile('client.crt'), key: tlsFile('client.key') } });
    open.push(peer);
    await join(peer);
  });

  it('TLS 1.1 is refused (TLS 1.2 and 1.3 only)', async () => {
    const failed = await RawSocketPeer.connect(TLS_PORT, 'json',
      { tls: { ca: tlsFile('ca.crt'), minVersion: 'TLSv1', maxVersion: 'TLSv1.1' } }).then(() => false, () => true);
    assert.equal(failed, true);
  });

  it('wss with raw ws and the test CA: HELLO/WELCOME', async () => {
    const ws = new WebSocket(`wss://localhost:${WSS_PORT}/ws`, ['wamp.2.json'], { ca: tlsFile('ca.crt') });
    open.push(ws);
    const welcome = deferred();
    ws.on('open', () => ws.send(JSON.stringify([MSG.HELLO, REALM, HELLO_DETAILS])));
    ws.on('message', (data) => welcome.resolve(JSON.parse(data.toString())));
    ws.on('error', (e) => welcome.reject(e));
    assert.equal((await withTimeout(welcome.promise, 'WELCOME over wss'))[0], MSG.WELCOME);
  });

  it('wss with autobahn-js and a client certificate (msgpack): call across transports', async () => {
    const connection = new autobahn.Connection({
      realm: REALM,
      transports: [{ type: 'websocket', url: `wss://localhost:${WSS_PORT}/ws`, serializers: [new autobahn.serializer.MsgpackSerializer()],
        tlsConfiguration: { ca: tlsFile('ca.crt'), cert: tlsFile('client.crt'), key: tlsFile('client.key') } }],
      max_retries: 0,
      retry_if_unreachable: false,
    });
    const joined = deferred();
    connection.onopen = (session) => joined.resolve(session);
    connection.onclose = (reason, details) => { joined.reject(new Error(`closed: ${reason} ${JSON.stringify(details)}`)); return true; };
    connection.open();
    open.push(connection);
    const session = await withTimeout(joined.promise, 'autobahn-js wss join');
    const procedure = uniqueUri('wss.mul');
    await session.register(procedure, (args) => args[0] * args[1]);
    const peer = await RawSocketPeer.connect(TLS_PORT, 'json', { tls: { ca: tlsFile('ca.crt') } });
    open.push(peer);
    await join(peer);
    peer.send([MSG.CALL, 1, {}, procedure, [6, 7]]);
    assert.deepEqual((await peer.next('RESULT')).slice(3), [[42]]);
  });
});

