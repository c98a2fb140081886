// The web console as a person uses it: log in, create a second WebSocket transport through the Configuration page's
// Metatype form, connect a WAMP client to its port, and find that client's session on the WAMP page. Screenshots go
// to JUNCTION_SCREENSHOTS (the build's target/). Headless Debian Chromium (JUNCTION_BROWSER), driven by
// playwright-core, which never downloads a browser of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';

const env = (name, dflt) => {
  const v = process.env[name] ?? dflt;
  if (v === undefined) throw new Error(`environment variable ${name} is not set`);
  return v;
};
const consoleUrl = env('JUNCTION_CONSOLE_URL');           // http://127.0.0.1:port/system/console
const user = env('JUNCTION_CONSOLE_USER');
const password = env('JUNCTION_CONSOLE_PASSWORD');
const realm = env('JUNCTION_REALM', 'realm1');
const port = env('JUNCTION_BROWSER_TRANSPORT_PORT');      // a free port for the transport created in the form
const shots = env('JUNCTION_SCREENSHOTS', 'target');
mkdirSync(shots, { recursive: true });

/** Joins the realm over wamp.2.json with a plain WebSocket; resolves with [socket, session id]. */
function joinRealm(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['wamp.2.json']);
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('no WELCOME from ' + url)); }, 5000);
    ws.on('open', () => ws.send(JSON.stringify([1, realm, { roles: { subscriber: {}, caller: {} } }])));
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      clearTimeout(timer);
      if (msg[0] === 2) resolve([ws, msg[1]]); else { ws.terminate(); reject(new Error('got ' + data)); }
    });
    ws.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

async function poll(what, fn, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try { return await fn(); } catch (e) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

test('create a WebSocket transport in the console and see its client on the WAMP page', async () => {
  const browser = await chromium.launch({
    executablePath: env('JUNCTION_BROWSER', '/usr/bin/chromium'),
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  let client;
  try {
    const context = await browser.newContext({ httpCredentials: { username: user, password }, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();

    // Without credentials the console answers 401 (negative control for the login).
    const anonymous = await (await browser.newContext()).request.get(consoleUrl + '/wamp');
    assert.equal(anonymous.status(), 401);

    // Configuration page: "Create new factory configuration" on the transport's row opens its Metatype form.
    await page.goto(consoleUrl + '/configMgr');
    const factory = page.locator('tr', { hasText: 'Junction WebSocket transport' }).first();
    await factory.locator('[title="Create new factory configuration"]').click();
    const portField = page.locator('[name="endpoint.port"]');
    await portField.waitFor({ timeout: 20000 });
    await page.locator('[name="id"]').fill('browser');
    await portField.fill(String(port));
    await page.locator('[name="endpoint.interface"]').fill('127.0.0.1');
    await page.screenshot({ path: join(shots, 'console-transport-form.png') });
    await page.getByRole('button', { name: 'Save' }).click();

    // The new listener answers.
    const url = `ws://127.0.0.1:${port}/ws`;
    const [ws, id] = await poll('a WELCOME on ' + url, () => joinRealm(url));
    client = ws;

    // The WAMP page lists that session, on transport "browser".
    await page.goto(consoleUrl + '/wamp');
    const row = page.locator('#wamp-sessions tr', { hasText: String(id) });
    await row.waitFor({ timeout: 20000 });
    const text = await row.innerText();
    assert.match(text, /browser/);
    assert.match(text, new RegExp(realm));
    await page.screenshot({ path: join(shots, 'console-wamp-page.png'), fullPage: true });
  } finally {
    client?.terminate();
    await browser.close();
  }
});
