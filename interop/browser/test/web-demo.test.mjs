// The web transport's demo page as shipped (etc/web through the `static` path, WAMP on /ws of the same port, the
// HTTP bridge on /call, /publish and a signed /signed), in headless Debian Chromium (JUNCTION_BROWSER) driven by
// playwright-core. The page connects with autobahn-js, calls and publishes; a separate Node client (plain `ws`,
// raw WAMP JSON) publishes an event the page must show; HTTP bridge requests reach the page's procedure and
// subscription, and refused ones (bad signature, stale timestamp, oversized body) publish nothing.
// Screenshot: JUNCTION_SCREENSHOTS/web-demo.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const env = (name, dflt) => {
  const v = process.env[name] ?? dflt;
  if (v === undefined) throw new Error(`environment variable ${name} is not set`);
  return v;
};
const base = `http://127.0.0.1:${env('JUNCTION_PORT_WEB')}`;
const shots = env('JUNCTION_SCREENSHOTS', 'target');
mkdirSync(shots, { recursive: true });

/** A WAMP client over a plain WebSocket that joins realm1 and publishes (acknowledged). */
function nodePublisher(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['wamp.2.json']);
    const pending = new Map();
    let request = 0;
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no WELCOME from ' + url)); }, 10000);
    ws.on('open', () => ws.send(JSON.stringify([1, 'realm1', { roles: { publisher: {} } }])));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg[0] === 2) {
        clearTimeout(timer);
        resolve({
          publish: (topic, args) => new Promise((ok, fail) => {
            pending.set(++request, { ok, fail });
            ws.send(JSON.stringify([16, request, { acknowledge: true }, topic, args]));
          }),
          close: () => ws.close(),
        });
      } else if (msg[0] === 17) {
        pending.get(msg[1])?.ok(msg[2]);
      } else if (msg[0] === 8) {
        pending.get(msg[2])?.fail(new Error(msg[4]));
      }
    });
  });
}

const post = (path, body, type = 'application/json') =>
  fetch(base + path, { method: 'POST', headers: { 'Content-Type': type }, body });

/** Crossbar's signed request: HMAC-SHA256(secret, key|timestamp|seq|nonce|body), URL-safe Base64. */
function signed(path, body, { key = 'interop', secret = 's3cret-interop', timestamp = new Date().toISOString() } = {}) {
  const seq = '1';
  const nonce = String(randomInt(2 ** 47));
  const signature = createHmac('sha256', secret).update(key).update(timestamp).update(seq).update(nonce).update(body)
    .digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
  const q = new URLSearchParams({ key, timestamp, seq, nonce, signature });
  return post(`${path}?${q}`, body);
}

test('demo page: connect, call, publish, receive a Node client\'s event and HTTP bridge requests', async () => {
  // The static path serves the page's autobahn-js with a JavaScript content type (put there by the build).
  const lib = await fetch(base + '/autobahn/autobahn.min.js');
  assert.equal(lib.status, 200);
  assert.match(lib.headers.get('content-type'), /javascript/);
  const info = await (await fetch(base + '/info')).json();
  assert.equal(info.transport, 'demo');

  const browser = await chromium.launch({
    executablePath: env('JUNCTION_BROWSER', '/usr/bin/chromium'),
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  let publisher;
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '/');
    await page.locator('#status', { hasText: /^connected$/ }).waitFor({ timeout: 20000 });
    assert.match(await page.locator('#session').textContent(), /session \d+/);
    const events = page.locator('#events li');

    // A call through the page (to its own demo.add2, through the router).
    await page.fill('#a', '20');
    await page.fill('#b', '22');
    await page.click('#call');
    await page.locator('#result', { hasText: '42' }).waitFor({ timeout: 10000 });

    // A publish through the page; it subscribes to demo.news and sees it arrive.
    await page.fill('#message', 'from the page');
    await page.click('#publish');
    await events.filter({ hasText: 'from the page' }).waitFor({ timeout: 10000 });

    // An event a separate Node client publishes over the same port's /ws.
    publisher = await nodePublisher(base.replace('http', 'ws') + '/ws');
    await publisher.publish('demo.news', ['from node']);
    await events.filter({ hasText: 'from node' }).waitFor({ timeout: 10000 });

    // HTTP bridge caller reaches the page's procedure; publisher reaches its subscription.
    const call = await post('/call', JSON.stringify({ procedure: 'demo.add2', args: [1, 2] }));
    assert.equal(call.status, 200);
    assert.deepEqual(await call.json(), { args: [3] });
    const published = await post('/publish', JSON.stringify({ topic: 'demo.news', args: ['from http'] }));
    assert.equal(published.status, 200);
    assert.equal(typeof (await published.json()).id, 'number');
    await events.filter({ hasText: 'from http' }).waitFor({ timeout: 10000 });

    // Signed publisher: refused requests answer their status and publish nothing; the signed one gets through
    // after them, so once it has arrived, the refused ones would have been seen before it.
    const body = (text) => JSON.stringify({ topic: 'demo.news', args: [text] });
    assert.equal((await post('/signed', body('unsigned'))).status, 400);
    assert.equal((await signed('/signed', body('bad signature'), { secret: 'wrong' })).status, 401);
    assert.equal((await signed('/signed', body('stale'), { timestamp: new Date(Date.now() - 120000).toISOString() }))
      .status, 400);
    assert.equal((await signed('/signed', body('x'.repeat(400)))).status, 413);
    const good = await signed('/signed', body('signed ok'));
    assert.equal(good.status, 200, await good.clone().text());
    await events.filter({ hasText: 'signed ok' }).waitFor({ timeout: 10000 });
    const shown = await events.allTextContents();
    for (const refused of ['unsigned', 'bad signature', 'stale', 'xxxx']) {
      assert.ok(!shown.some((line) => line.includes(refused)), `${refused} must not have been published: ${shown}`);
    }

    await page.screenshot({ path: join(shots, 'web-demo.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    publisher?.close();
    await browser.close();
  }
});
