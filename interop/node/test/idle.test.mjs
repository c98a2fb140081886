// Sessions left idle (no WAMP traffic, no client pings) must stay connected. Runs beside the other files.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Clients } from '../lib/clients.mjs';
import { RawPeer, MSG } from '../lib/raw.mjs';
import { uniqueUri, deferred } from '../lib/env.mjs';

const IDLE_MS = Number(process.env.JUNCTION_IDLE_MS || 60000);

describe('idle sessions', () => {
  const clients = new Clients();
  const raws = [];
  after(async () => { raws.forEach((r) => r.terminate()); await clients.closeAll(); });

  it(`sessions idle for ${IDLE_MS / 1000} s stay connected, and then calls still work`, { timeout: IDLE_MS + 60000 }, async () => {
    // wampy sends no WebSocket pings; the raw peer sends nothing at all.
    const idleJson = await clients.connect('wampy', 'json');
    const idleMsgpack = await clients.connect('wampy', 'msgpack');
    const raw = await RawPeer.open('msgpack');
    raws.push(raw);
    await raw.hello();
    const idleProc = uniqueUri('idle_callee');
    await idleJson.register(idleProc, (inv) => ({ args: ['idle callee', ...inv.args] }));

    const lost = deferred();
    idleJson.closed.then(() => lost.resolve('wampy/json session'));
    idleMsgpack.closed.then(() => lost.resolve('wampy/msgpack session'));
    raw.closed.then((c) => lost.resolve(`raw msgpack peer (close code ${c.code} ${c.reason})`));
    let timer;
    const idle = new Promise((resolve) => { timer = setTimeout(() => resolve(null), IDLE_MS); });
    const started = Date.now();
    const whoLost = await Promise.race([idle, lost.promise]);
    clearTimeout(timer);
    assert.equal(whoLost, null, `${whoLost} was disconnected after ${Math.round((Date.now() - started) / 1000)} s idle`);

    const fresh = await clients.connect('autobahn', 'json');
    const echo = uniqueUri('after_idle');
    await fresh.register(echo, (inv) => ({ args: inv.args }));
    assert.deepStrictEqual((await idleJson.call(echo, ['json'])).args, ['json']);
    assert.deepStrictEqual((await idleMsgpack.call(echo, ['msgpack'])).args, ['msgpack']);
    assert.deepStrictEqual((await fresh.call(idleProc, [1])).args, ['idle callee', 1], 'the idle callee still serves');
    raw.send([MSG.CALL, raw.rid(), {}, echo, ['raw']]);
    const res = await raw.next('RESULT');
    assert.deepStrictEqual([res[0], res[1], res[3]], [MSG.RESULT, 1, ['raw']], raw.transcript());
  });
});
