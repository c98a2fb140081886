// Advanced Profile features the router announces (README "WAMP features"), over wamp.2.json, wamp.2.msgpack and wamp.2.cbor:
// autobahn-js 22.11.1 and wampy 8 where they can express a feature, raw `ws` peers for exact wire checks.
// Every negative check is paired with a positive control; waits are bounded and end on a condition.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Clients, SERIALIZERS } from '../lib/clients.mjs';
import { RawPeer, MSG, HELLO_DETAILS, firstOf } from '../lib/raw.mjs';
import { REALM, Inbox, uniqueUri, withTimeout, deferred } from '../lib/env.mjs';
import { assertWampError } from '../lib/scenarios.mjs';

const CANCEL = 49;
const INTERRUPT = 69;

// ---- what README's feature table says, read at run time (the lead may switch rows to "yes") ----
const README = (() => {
  try { return readFileSync(new globalThis.URL('../../../README.md', import.meta.url), 'utf8'); } catch { return ''; }
})();
/** Is the README feature-table row whose first cell starts with `rowStart` marked yes? */
function readmeYes(rowStart) {
  const row = README.split('\n').find((l) => l.startsWith(`| ${rowStart}`));
  return !!row && /^\|[^|]*\|\s*yes\s*\|/.test(row);
}
/** 'yes', 'no' or undefined: the README feature-table row whose first cell starts with `name`. */
function readmeStatus(name) {
  const row = README.split('\n').find((l) => l.startsWith(`| ${name}`));
  const m = row && /^\|[^|]*\|\s*(\w+)\s*\|/.exec(row);
  return m ? m[1] : undefined;
}
const PATTERN_SUB_YES = readmeYes('pattern_based_subscription');
const PATTERN_REG_YES = readmeYes('pattern_based_registration') || readmeYes('pattern_based_subscription / _registration');
const SHARED_YES = readmeYes('shared_registration');

// Every feature the spec names for the router roles; README: "WELCOME announces exactly the features marked yes".
const BROKER_ALL = ['publisher_exclusion', 'publisher_identification', 'subscriber_blackwhite_listing',
  'pattern_based_subscription', 'event_retention', 'event_history', 'session_meta_api', 'subscription_meta_api',
  'testament_meta_api', 'payload_passthru_mode', 'publication_trustlevels', 'subscription_revocation', 'sharded_subscription'];
const DEALER_ALL = ['caller_identification', 'progressive_call_results', 'call_canceling', 'call_timeout',
  'progressive_call_invocations', 'pattern_based_registration', 'shared_registration', 'session_meta_api',
  'registration_meta_api', 'testament_meta_api', 'payload_passthru_mode', 'call_trustlevels', 'registration_revocation',
  'sharded_registration'];
const featureYes = (f) => (f === 'pattern_based_registration' ? PATTERN_REG_YES : readmeStatus(f) === 'yes');
// the features this brief is about must be "yes" whatever else the README says
const DEALER_YES = [...new Set(['progressive_call_results', 'call_canceling', 'call_timeout', 'caller_identification',
  ...DEALER_ALL.filter(featureYes)])].sort();
const BROKER_YES = [...new Set(['publisher_exclusion', 'publisher_identification', 'subscriber_blackwhite_listing',
  ...BROKER_ALL.filter(featureYes)])].sort();

// ---- raw peers ----
const peers = [];
after(() => peers.forEach((p) => p.terminate()));

/** A raw peer joined to the realm; `features` = {role: {feature: true}} replaces HELLO_DETAILS' empty features. */
async function raw(ser, features = {}) {
  const p = await RawPeer.open(ser);
  peers.push(p);
  const details = structuredClone(HELLO_DETAILS);
  for (const [role, f] of Object.entries(features)) details.roles[role] = { features: f };
  p.send([MSG.HELLO, REALM, details]);
  const m = await p.next('WELCOME');
  assert.equal(m[0], MSG.WELCOME, `expected WELCOME, got ${JSON.stringify(m)}\n${p.transcript()}`);
  p.sessionId = m[1];
  p.welcomeDetails = m[2];
  return p;
}
const CANCELING = { callee: { call_canceling: true, progressive_call_results: true } };
const PROGRESSIVE_ONLY = { callee: { progressive_call_results: true } };
const NO_FEATURES = {};

/** Next message of `peer`, which must be of `type`; the transcript on failure. */
async function expect(peer, type, what) {
  let m;
  try {
    m = await peer.next(what);
  } catch (e) {
    throw new Error(`${e.message}\n${peer.transcript()}`);
  }
  assert.ok(Array.isArray(m) && m[0] === type, `${what}: expected message type ${type}, got ${JSON.stringify(m)}\n${peer.transcript()}`);
  return m;
}

async function rawRegister(callee, proc, options = {}) {
  callee.send([MSG.REGISTER, callee.rid(), options, proc]);
  return (await expect(callee, MSG.REGISTERED, `REGISTERED ${proc}`))[2];
}

/**
 * Makes a raw callee answer every INVOCATION at once with YIELD [name, INVOCATION.Details.procedure, args[0]] and
 * record it; other messages stay in its inbox.
 */
function autoAnswer(peer, name) {
  peer.invocations = [];
  const push = peer.inbox.push.bind(peer.inbox);
  peer.inbox.push = (m) => {
    if (Array.isArray(m) && m[0] === MSG.INVOCATION) {
      peer.invocations.push(m);
      peer.send([MSG.YIELD, m[1], {}, [name, m[3]?.procedure ?? null, (m[4] || [])[0] ?? null]]);
    } else {
      push(m);
    }
  };
  return peer;
}

/** CALL and await its RESULT (or ERROR), returning the message. */
async function rawCallAndWait(caller, proc, options = {}, args = []) {
  const rid = rawCall(caller, proc, options, args);
  const m = await caller.next(`answer to CALL ${proc}`).catch((e) => { throw new Error(`${e.message}\n${caller.transcript()}`); });
  assert.ok(Array.isArray(m) && (m[0] === MSG.RESULT ? m[1] === rid : m[0] === MSG.ERROR && m[2] === rid),
    `answer to CALL ${rid} ${proc}: ${JSON.stringify(m)}\n${caller.transcript()}`);
  return m;
}

function rawCall(caller, proc, options = {}, args = []) {
  const rid = caller.rid();
  caller.send([MSG.CALL, rid, options, proc, args]);
  return rid;
}

/** The caller's next message must be ERROR for CALL `rid` with `uri`. */
async function expectCallError(caller, rid, uri, what) {
  const m = await expect(caller, MSG.ERROR, what);
  assert.deepStrictEqual([m[1], m[2], m[4]], [MSG.CALL, rid, uri], `${what}: ${JSON.stringify(m)}\n${caller.transcript()}`);
  return m;
}

/**
 * Control round trip proving `callee` has nothing else queued: `caller` (the session whose earlier request could
 * have triggered a stray message) calls `proc` again; the callee's very next message must be that INVOCATION.
 */
async function expectNextIsControlInvocation(caller, callee, proc, what) {
  const rid = rawCall(caller, proc, {}, ['control']);
  const inv = await expect(callee, MSG.INVOCATION, `${what}: control INVOCATION (nothing may come before it)`);
  assert.deepStrictEqual(inv[4], ['control'], `${what}: the callee's next message must be the control INVOCATION\n${callee.transcript()}`);
  callee.send([MSG.YIELD, inv[1], {}, ['control-ok']]);
  const r = await expect(caller, MSG.RESULT, `${what}: control RESULT`);
  assert.deepStrictEqual([r[1], r[3]], [rid, ['control-ok']], caller.transcript());
}

/** Control round trip proving the caller has nothing queued: its next message must be PUBLISHED for a new PUBLISH. */
async function expectCallerQuiet(caller, what) {
  const rid = caller.rid();
  caller.send([MSG.PUBLISH, rid, { acknowledge: true }, uniqueUri('quiet_probe'), []]);
  const m = await expect(caller, MSG.PUBLISHED, `${what}: PUBLISHED (nothing may come before it)`);
  assert.equal(m[1], rid, caller.transcript());
}

// ---- tests ----
// JSON and MsgPack as everywhere, and CBOR: autobahn-js, wampy and the raw peer all speak it
for (const ser of [...SERIALIZERS, 'cbor']) {
  describe(`${ser}: Advanced Profile`, () => {
    const clients = new Clients();
    const ab = () => clients.connect('autobahn', ser);
    const wy = () => clients.connect('wampy', ser);
    after(() => clients.closeAll());

    // ---------------- WELCOME ----------------
    it('WELCOME announces exactly the dealer and broker features README marks "yes", including the Advanced Profile ones (autobahn, wampy, raw)', async () => {
      const a = await ab();
      const w = await wy();
      const r = await raw(ser);
      for (const [who, details] of [['autobahn', a.welcome], ['wampy', w.welcome], ['raw', r.welcomeDetails]]) {
        const dealer = details?.roles?.dealer?.features;
        const broker = details?.roles?.broker?.features;
        assert.ok(dealer && broker, `${who}: WELCOME.Details.roles.{dealer,broker}.features: ${JSON.stringify(details)}`);
        const announced = (features) => Object.keys(features).filter((k) => features[k] === true).sort();
        assert.deepStrictEqual(announced(dealer), DEALER_YES, `${who}: dealer features = the README's "yes" rows: ${JSON.stringify(dealer)}`);
        assert.deepStrictEqual(announced(broker), BROKER_YES, `${who}: broker features = the README's "yes" rows: ${JSON.stringify(broker)}`);
      }
    });

    // ---------------- progressive_call_results ----------------
    it('progressive: autobahn callee details.progress() -> autobahn caller with receive_progress gets each progress, then the final result', async () => {
      const callee = await ab();
      const caller = await ab();
      const proc = uniqueUri('progressive');
      const seen = [];
      await withTimeout(callee.session.register(proc, async (args, kwargs, details) => {
        seen.push(typeof details.progress);
        if (details.progress) {
          details.progress(['p1']);
          details.progress(['p2'], { n: 2 });
        }
        return 'final';
      }), 'REGISTER');
      const progress = [];
      const final = await withTimeout(caller.session.call(proc, [], {}, { receive_progress: true })
        .then((v) => v, (e) => { throw e; }, (p) => progress.push(p)), 'progressive CALL');
      assert.deepStrictEqual(seen, ['function'], 'the callee must be offered progress (INVOCATION.details.receive_progress)');
      assert.equal(final, 'final');
      assert.equal(progress.length, 2, `progress results: ${JSON.stringify(progress)}`);
      assert.equal(progress[0], 'p1');
      assert.deepStrictEqual([progress[1].args, progress[1].kwargs], [['p2'], { n: 2 }]);

      // the same callee, a caller that did not ask: no progress function, final result only
      const progress2 = [];
      const final2 = await withTimeout(caller.session.call(proc, [], {}, {})
        .then((v) => v, (e) => { throw e; }, (p) => progress2.push(p)), 'plain CALL');
      assert.equal(final2, 'final');
      assert.deepStrictEqual(seen, ['function', 'object'], 'without receive_progress the callee gets no progress function (null)');
      assert.deepStrictEqual(progress2, []);
    });

    it('progressive: wampy caller with progress_callback gets each progress from an autobahn callee, then the final result', async () => {
      const callee = await ab();
      const caller = await wy();
      const proc = uniqueUri('progressive_wampy');
      await withTimeout(callee.session.register(proc, async (args, kwargs, details) => {
        details.progress?.([1]);
        details.progress?.([2]);
        return 3;
      }), 'REGISTER');
      const progress = [];
      const r = await withTimeout(caller.wampy.call(proc, { argsList: [] }, {
        progress_callback: ({ argsList }) => progress.push(argsList),
      }), 'wampy progressive CALL');
      assert.deepStrictEqual(r.argsList, [3]);
      assert.deepStrictEqual(progress, [[1], [2]]);
    });

    it('progressive (wire): receive_progress is forwarded to a callee that announced the feature, progressive YIELDs pass; a caller that did not ask gets only the final RESULT', async () => {
      const callee = await raw(ser, PROGRESSIVE_ONLY);
      const caller = await raw(ser, { caller: { progressive_call_results: true } });
      const proc = uniqueUri('progressive_raw');
      await rawRegister(callee, proc);
      const answer = async (what) => {
        const inv = await expect(callee, MSG.INVOCATION, what);
        callee.send([MSG.YIELD, inv[1], { progress: true }, ['p1']]);
        callee.send([MSG.YIELD, inv[1], { progress: true }, ['p2']]);
        callee.send([MSG.YIELD, inv[1], {}, ['final']]);
        return inv;
      };
      // positive: asked
      const rid1 = rawCall(caller, proc, { receive_progress: true });
      const inv1 = await answer('INVOCATION (receive_progress)');
      assert.equal(inv1[3].receive_progress, true, `INVOCATION.Details.receive_progress: ${JSON.stringify(inv1)}`);
      const got1 = [];
      for (let i = 0; i < 3; i++) got1.push(await expect(caller, MSG.RESULT, `RESULT ${i + 1}/3`));
      assert.deepStrictEqual(got1.map((m) => [m[1], !!m[2].progress, m[3]]),
        [[rid1, true, ['p1']], [rid1, true, ['p2']], [rid1, false, ['final']]], caller.transcript());
      // negative: not asked
      const rid2 = rawCall(caller, proc, {});
      const inv2 = await answer('INVOCATION (no receive_progress)');
      assert.ok(!inv2[3].receive_progress, `INVOCATION.Details must not carry receive_progress: ${JSON.stringify(inv2)}`);
      const r2 = await expect(caller, MSG.RESULT, 'final RESULT only');
      assert.deepStrictEqual([r2[1], !!r2[2].progress, r2[3]], [rid2, false, ['final']],
        `the first RESULT must be the final one (progressive YIELDs the caller did not ask for are dropped)\n${caller.transcript()}`);
      await expectNextIsControlInvocation(caller, callee, proc, 'after the final RESULT');
    });

    it('progressive (wire): a callee that did not announce progressive_call_results gets no receive_progress (control: one that did gets it)', async () => {
      const plain = await raw(ser, NO_FEATURES);
      const prog = await raw(ser, PROGRESSIVE_ONLY);
      const caller = await raw(ser, { caller: { progressive_call_results: true } });
      const p1 = uniqueUri('noprog');
      const p2 = uniqueUri('prog');
      await rawRegister(plain, p1);
      await rawRegister(prog, p2);
      for (const [callee, proc, want] of [[prog, p2, true], [plain, p1, false]]) {
        const rid = rawCall(caller, proc, { receive_progress: true });
        const inv = await expect(callee, MSG.INVOCATION, `INVOCATION ${proc}`);
        assert.equal(!!inv[3].receive_progress, want, `INVOCATION.Details ${JSON.stringify(inv[3])}`);
        callee.send([MSG.YIELD, inv[1], {}, ['done']]);
        const r = await expect(caller, MSG.RESULT, 'RESULT');
        assert.deepStrictEqual([r[1], r[3]], [rid, ['done']]);
      }
    });

    // ---------------- call_canceling ----------------
    for (const mode of ['skip', 'kill', 'killnowait', undefined]) {
      const label = mode ?? '(default: killnowait)';
      it(`cancel ${label} (wire): caller gets ERROR wamp.error.canceled; a callee that announced call_canceling gets INTERRUPT as the mode says, one that did not gets none`, async () => {
        const callee = await raw(ser, CANCELING);
        const plain = await raw(ser, NO_FEATURES);
        const caller = await raw(ser, { caller: { call_canceling: true } });
        const proc = uniqueUri('cancel_me');
        const plainProc = uniqueUri('cancel_plain');
        await rawRegister(callee, proc);
        await rawRegister(plain, plainProc);
        const opts = mode ? { mode } : {};

        // callee that announced call_canceling
        const rid = rawCall(caller, proc, {}, ['slow']);
        const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
        caller.send([CANCEL, rid, opts]);
        const effective = mode ?? 'killnowait';
        if (effective === 'skip') {
          await expectCallError(caller, rid, 'wamp.error.canceled', 'skip: ERROR at once');
          await expectNextIsControlInvocation(caller, callee, proc, 'skip: no INTERRUPT');
          callee.send([MSG.YIELD, inv[1], {}, ['late']]); // a late YIELD for a canceled call is dropped
          await expectCallerQuiet(caller, 'skip: the late YIELD is dropped');
        } else if (effective === 'kill') {
          const intr = await expect(callee, INTERRUPT, 'kill: INTERRUPT');
          assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'kill'], `INTERRUPT ${JSON.stringify(intr)}`);
          await expectCallerQuiet(caller, 'kill: no ERROR before the callee answers');
          callee.send([MSG.ERROR, MSG.INVOCATION, inv[1], {}, 'wamp.error.canceled']);
          await expectCallError(caller, rid, 'wamp.error.canceled', 'kill: ERROR after the callee answered');
          await expectCallerQuiet(caller, 'kill: one ERROR only');
        } else {
          await expectCallError(caller, rid, 'wamp.error.canceled', 'killnowait: ERROR at once');
          const intr = await expect(callee, INTERRUPT, 'killnowait: INTERRUPT');
          assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'killnowait'], `INTERRUPT ${JSON.stringify(intr)}`);
          callee.send([MSG.ERROR, MSG.INVOCATION, inv[1], {}, 'wamp.error.canceled']); // dropped: already answered
          await expectCallerQuiet(caller, 'killnowait: the callee\'s late ERROR is dropped');
        }

        // callee that did not announce call_canceling: always skip, no INTERRUPT
        const rid2 = rawCall(caller, plainProc, {}, ['slow']);
        const inv2 = await expect(plain, MSG.INVOCATION, 'INVOCATION (plain callee)');
        caller.send([CANCEL, rid2, opts]);
        await expectCallError(caller, rid2, 'wamp.error.canceled', 'plain callee: ERROR at once');
        await expectNextIsControlInvocation(caller, plain, plainProc, 'plain callee: no INTERRUPT');
        plain.send([MSG.YIELD, inv2[1], {}, ['late']]);
        await expectCallerQuiet(caller, 'plain callee: the late YIELD is dropped');
      });
    }

    it('cancel: autobahn session call().cancel({mode: "kill"}) to an autobahn callee (no call_canceling) -> ERROR wamp.error.canceled; the callee stays usable', async () => {
      const callee = await ab();
      const caller = await ab();
      const proc = uniqueUri('cancel_ab');
      const invoked = deferred();
      await callee.register(proc, (inv) => {
        if (inv.args[0] === 'hang') { invoked.resolve(); return new Promise(() => {}); }
        return { args: ['ok'] };
      });
      const p = caller.session.call(proc, ['hang']);
      await withTimeout(invoked.promise, 'INVOCATION at the autobahn callee');
      p.cancel({ mode: 'kill' }); // autobahn-js waits for the router's ERROR only in mode kill
      await assert.rejects(withTimeout(p, 'ERROR after CANCEL'), (e) => {
        assert.equal(e?.error, 'wamp.error.canceled', `expected wamp.error.canceled, got ${e?.stack || JSON.stringify(e)}`);
        return true;
      });
      assert.deepStrictEqual((await caller.call(proc, ['again'])).args, ['ok'], 'control call');
      assert.ok(callee.isOpen && caller.isOpen, 'both sessions stay open');
    });

    it('cancel: wampy cancel(reqId, {mode: "killnowait"}) -> ERROR wamp.error.canceled; a raw callee with call_canceling gets INTERRUPT killnowait', async () => {
      const callee = await raw(ser, CANCELING);
      const caller = await wy();
      const proc = uniqueUri('cancel_wampy');
      await rawRegister(callee, proc);
      const p = caller.wampy.call(proc, { argsList: ['hang'] });
      const reqId = caller.wampy.getOpStatus().reqId;
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      caller.wampy.cancel(reqId, { mode: 'killnowait' });
      await assert.rejects(withTimeout(p, 'ERROR after CANCEL'), (e) => {
        assert.equal(e?.errorUri, 'wamp.error.canceled', `got ${e?.stack || JSON.stringify(e)}`);
        return true;
      });
      const intr = await expect(callee, INTERRUPT, 'INTERRUPT');
      assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'killnowait']);
      // control: an answered call still works
      const p2 = caller.wampy.call(proc, { argsList: ['quick'] });
      const inv2 = await expect(callee, MSG.INVOCATION, 'control INVOCATION');
      callee.send([MSG.YIELD, inv2[1], {}, ['quick-ok']]);
      assert.deepStrictEqual((await withTimeout(p2, 'control RESULT')).argsList, ['quick-ok']);
    });

    // ---------------- call_timeout ----------------
    it('timeout (wire): CALL timeout=300 ms to a silent callee -> ERROR wamp.error.timeout well before 5 s; INTERRUPT only to a callee that announced call_canceling; a call answered in time is unaffected', async () => {
      const callee = await raw(ser, CANCELING);
      const plain = await raw(ser, NO_FEATURES);
      const caller = await raw(ser, { caller: { call_timeout: true } });
      const proc = uniqueUri('timeout_me');
      const plainProc = uniqueUri('timeout_plain');
      await rawRegister(callee, proc);
      await rawRegister(plain, plainProc);

      // control: answered in time (timeout 300 ms, immediate YIELD) -> RESULT, and no ERROR afterwards
      const ridOk = rawCall(caller, proc, { timeout: 300 }, ['quick']);
      const invOk = await expect(callee, MSG.INVOCATION, 'INVOCATION (answered in time)');
      callee.send([MSG.YIELD, invOk[1], {}, ['in time']]);
      const ok = await expect(caller, MSG.RESULT, 'RESULT in time');
      assert.deepStrictEqual([ok[1], ok[3]], [ridOk, ['in time']]);

      // a silent callee that announced call_canceling
      const t0 = Date.now();
      const rid = rawCall(caller, proc, { timeout: 300 }, ['silent']);
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION (silent)');
      assert.ok(inv[3].timeout === undefined || inv[3].timeout === 300, `INVOCATION.Details.timeout: ${JSON.stringify(inv[3])}`);
      const m = await expect(caller, MSG.ERROR, 'ERROR wamp.error.timeout');
      const elapsed = Date.now() - t0;
      assert.deepStrictEqual([m[1], m[2], m[4]], [MSG.CALL, rid, 'wamp.error.timeout'], `${JSON.stringify(m)}\n${caller.transcript()}`);
      assert.ok(elapsed >= 250 && elapsed < 3000, `timeout 300 is milliseconds: ERROR after ${elapsed} ms`);
      // the earlier in-time call got no ERROR: the only ERROR seen was for `rid`, which came after ≥ 300 ms
      const intr = await expect(callee, INTERRUPT, 'INTERRUPT after the timeout');
      assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'killnowait'], `INTERRUPT ${JSON.stringify(intr)}`);
      callee.send([MSG.ERROR, MSG.INVOCATION, inv[1], {}, 'wamp.error.canceled']); // late: dropped
      await expectCallerQuiet(caller, 'one ERROR only, the late callee ERROR dropped');

      // a silent callee that did not announce call_canceling: ERROR timeout, no INTERRUPT
      const rid2 = rawCall(caller, plainProc, { timeout: 300 }, ['silent']);
      const inv2 = await expect(plain, MSG.INVOCATION, 'INVOCATION (plain, silent)');
      await expectCallError(caller, rid2, 'wamp.error.timeout', 'plain callee: ERROR timeout');
      await expectNextIsControlInvocation(caller, plain, plainProc, 'plain callee: no INTERRUPT');
      plain.send([MSG.YIELD, inv2[1], {}, ['late']]);
      await expectCallerQuiet(caller, 'plain callee: the late YIELD is dropped');
    });

    it('timeout: autobahn caller {timeout: 300} to a silent autobahn callee -> wamp.error.timeout in well under 5 s (control: same callee answers a quick call)', async () => {
      const callee = await ab();
      const caller = await ab();
      const proc = uniqueUri('timeout_ab');
      await callee.register(proc, (inv) => (inv.args[0] === 'hang' ? new Promise(() => {}) : { args: ['quick'] }));
      assert.deepStrictEqual((await caller.call(proc, ['now'], {}, { timeout: 300 })).args, ['quick'], 'control: answered in time');
      const t0 = Date.now();
      await assertWampError(caller.call(proc, ['hang'], {}, { timeout: 300 }), 'wamp.error.timeout', 'CALL timeout 300');
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 250 && elapsed < 3000, `ERROR after ${elapsed} ms`);
      assert.deepStrictEqual((await caller.call(proc, ['again'])).args, ['quick'], 'the callee (no call_canceling, so no INTERRUPT) stays usable');
    });

    it('timeout: wampy caller {timeout: 300} to a silent callee -> wamp.error.timeout (control: a quick call with the same timeout)', async () => {
      const callee = await ab();
      const caller = await wy();
      const proc = uniqueUri('timeout_wampy');
      await callee.register(proc, (inv) => (inv.args[0] === 'hang' ? new Promise(() => {}) : { args: ['quick'] }));
      assert.deepStrictEqual((await caller.call(proc, ['now'], {}, { timeout: 300 })).args, ['quick'], 'control');
      const t0 = Date.now();
      await assertWampError(caller.call(proc, ['hang'], {}, { timeout: 300 }), 'wamp.error.timeout', 'CALL timeout 300');
      assert.ok(Date.now() - t0 < 3000, `ERROR after ${Date.now() - t0} ms`);
    });

    it('timeout (wire): with receive_progress the timeout runs between results: progress every 300 ms keeps a 1000 ms call alive, silence then times it out', async () => {
      const callee = await raw(ser, CANCELING);
      const caller = await raw(ser, { caller: { progressive_call_results: true, call_timeout: true } });
      const proc = uniqueUri('timeout_progress');
      await rawRegister(callee, proc);
      const t0 = Date.now();
      const rid = rawCall(caller, proc, { timeout: 1000, receive_progress: true });
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      // 5 × 300 ms = 1500 ms > 1000 ms in total, each gap well under 1000 ms (a loaded machine once stretched a
      // 150 ms gap past a 300 ms timeout)
      for (let i = 1; i <= 5; i++) {
        await new Promise((r) => setTimeout(r, 300)); // pacing the callee, not waiting for a condition
        callee.send([MSG.YIELD, inv[1], { progress: true }, [i]]);
        const r = await expect(caller, MSG.RESULT, `progress ${i}`);
        assert.deepStrictEqual([r[1], r[2].progress, r[3]], [rid, true, [i]], caller.transcript());
      }
      assert.ok(Date.now() - t0 > 1000, 'the call outlived its 1000 ms timeout thanks to progress');
      await expectCallError(caller, rid, 'wamp.error.timeout', 'ERROR timeout after the progress stops');
      const intr = await expect(callee, INTERRUPT, 'INTERRUPT');
      assert.equal(intr[1], inv[1]);
    });

    // ---------------- caller_identification ----------------
    for (const [callerLib, calleeLib] of [['autobahn', 'autobahn'], ['wampy', 'autobahn'], ['autobahn', 'wampy']]) {
      it(`caller_identification: ${callerLib} caller disclose_me -> ${calleeLib} callee sees caller, caller_authid, caller_authrole; without it none`, async () => {
        const callee = await clients.connect(calleeLib, ser);
        const caller = await clients.connect(callerLib, ser);
        const proc = uniqueUri('whocalls');
        const seen = [];
        await callee.register(proc, (inv) => { seen.push(inv.details ?? {}); return { args: ['ok'] }; });
        await caller.call(proc, [], {}, { disclose_me: true });
        await caller.call(proc, [], {}, {});
        const [d1, d2] = seen;
        assert.equal(d1.caller, caller.id, `disclosed: caller in ${JSON.stringify(d1)}`);
        assert.equal(d1.caller_authid, caller.welcome.authid, `caller_authid in ${JSON.stringify(d1)}`);
        assert.equal(d1.caller_authrole, caller.welcome.authrole, `caller_authrole in ${JSON.stringify(d1)}`);
        assert.ok(typeof d1.caller_authid === 'string' && typeof d1.caller_authrole === 'string', JSON.stringify(d1));
        for (const k of ['caller', 'caller_authid', 'caller_authrole']) {
          assert.ok(d2[k] === undefined || d2[k] === null, `not disclosed: ${k} must be absent: ${JSON.stringify(d2)}`);
        }
      });
    }

    it('caller_identification (wire): INVOCATION.Details carries caller/caller_authid/caller_authrole only on disclose_me', async () => {
      const callee = await raw(ser, { callee: { caller_identification: true } });
      const caller = await raw(ser, { caller: { caller_identification: true } });
      const proc = uniqueUri('whocalls_raw');
      await rawRegister(callee, proc);
      for (const disclose of [true, false]) {
        rawCall(caller, proc, disclose ? { disclose_me: true } : {});
        const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
        const d = inv[3];
        if (disclose) {
          assert.deepStrictEqual([d.caller, d.caller_authid, d.caller_authrole],
            [caller.sessionId, caller.welcomeDetails.authid, caller.welcomeDetails.authrole], JSON.stringify(inv));
        } else {
          assert.deepStrictEqual(['caller', 'caller_authid', 'caller_authrole'].filter((k) => k in d), [], JSON.stringify(inv));
        }
        callee.send([MSG.YIELD, inv[1], {}, []]);
        await expect(caller, MSG.RESULT, 'RESULT');
      }
    });

    it('caller_identification (wire): a callee registering with REGISTER.Options.disclose_caller=true gets the caller disclosed without disclose_me (control: disclose_me works on the same registration)', async () => {
      // spec, Advanced Profile, Caller Identification: "A Callee MAY request the disclosure of caller identity via
      // REGISTER.Options.disclose_caller|bool := true ... With the above registration, the registered procedure is
      // called with the caller's sessionID as part of the call details object."
      const callee = await raw(ser, { callee: { caller_identification: true } });
      const caller = await raw(ser, { caller: { caller_identification: true } });
      const proc = uniqueUri('disclose_caller');
      await rawRegister(callee, proc, { disclose_caller: true });
      const seen = [];
      for (const options of [{ disclose_me: true }, {}]) {
        rawCall(caller, proc, options);
        const inv = await expect(callee, MSG.INVOCATION, `INVOCATION (${JSON.stringify(options)})`);
        seen.push(inv[3]);
        callee.send([MSG.YIELD, inv[1], {}, []]);
        await expect(caller, MSG.RESULT, 'RESULT');
      }
      assert.equal(seen[0].caller, caller.sessionId, `control, disclose_me: ${JSON.stringify(seen[0])}`);
      assert.equal(seen[1].caller, caller.sessionId,
        `REGISTER {disclose_caller: true}, CALL {}: INVOCATION.Details must carry caller ${caller.sessionId}, got ${JSON.stringify(seen[1])}\n${callee.transcript()}`);
    });

    // ---------------- publisher_identification ----------------
    for (const [pubLib, subLib] of [['autobahn', 'autobahn'], ['wampy', 'autobahn'], ['autobahn', 'wampy']]) {
      it(`publisher_identification: ${pubLib} publisher disclose_me -> ${subLib} subscriber sees publisher, publisher_authid, publisher_authrole; without it none`, async () => {
        const sub = await clients.connect(subLib, ser);
        const pub = await clients.connect(pubLib, ser);
        const topic = uniqueUri('whopubs');
        const inbox = new Inbox('EVENT');
        await sub.subscribe(topic, (ev) => inbox.push(ev));
        await pub.publish(topic, ['disclosed'], {}, { disclose_me: true });
        await pub.publish(topic, ['anonymous'], {}, {});
        const e1 = await inbox.next('EVENT (disclosed)');
        const e2 = await inbox.next('EVENT (not disclosed)');
        assert.deepStrictEqual([e1.args, e2.args], [['disclosed'], ['anonymous']]);
        const d1 = e1.details ?? {};
        const d2 = e2.details ?? {};
        assert.equal(d1.publisher, pub.id, `publisher in ${JSON.stringify(d1)}`);
        assert.equal(d1.publisher_authid, pub.welcome.authid, `publisher_authid in ${JSON.stringify(d1)}`);
        assert.equal(d1.publisher_authrole, pub.welcome.authrole, `publisher_authrole in ${JSON.stringify(d1)}`);
        assert.ok(typeof d1.publisher_authid === 'string' && typeof d1.publisher_authrole === 'string', JSON.stringify(d1));
        for (const k of ['publisher', 'publisher_authid', 'publisher_authrole']) {
          assert.ok(d2[k] === undefined || d2[k] === null, `not disclosed: ${k} must be absent: ${JSON.stringify(d2)}`);
        }
      });
    }

    // ---------------- subscriber_blackwhite_listing ----------------
    for (const pubLib of ['autobahn', 'wampy']) {
      it(`blackwhite: ${pubLib} publisher, exclude / eligible / exclude_authid / exclude_authrole / eligible_authid / eligible_authrole pick the receivers exactly`, async () => {
        const subs = [];
        for (let i = 0; i < 4; i++) subs.push(await clients.connect(i % 2 ? 'wampy' : 'autobahn', ser));
        const pub = await clients.connect(pubLib, ser);
        const topic = uniqueUri('bw');
        const inboxes = subs.map((s, i) => new Inbox(`EVENT at subscriber ${i}`));
        for (let i = 0; i < subs.length; i++) await subs[i].subscribe(topic, (ev) => inboxes[i].push(ev));
        const ids = subs.map((s) => s.id);
        const authids = subs.map((s) => s.welcome.authid);
        const authrole = subs[0].welcome.authrole;
        assert.ok(typeof authrole === 'string' && authids.every((a) => typeof a === 'string'), `authid/authrole in WELCOME: ${JSON.stringify(subs.map((s) => s.welcome))}`);
        const all = [0, 1, 2, 3];
        const byAuthid = (set) => all.filter((i) => set.includes(authids[i]));
        const cases = [
          ['no list (control)', {}, all],
          ['exclude [s0]', { exclude: [ids[0]] }, [1, 2, 3]],
          ['exclude [s1, s3]', { exclude: [ids[1], ids[3]] }, [0, 2]],
          ['eligible [s2]', { eligible: [ids[2]] }, [2]],
          ['eligible [s0, s1] + exclude [s1]', { eligible: [ids[0], ids[1]], exclude: [ids[1]] }, [0]],
          ['exclude_authrole [own role]', { exclude_authrole: [authrole] }, []],
          ['exclude_authrole [other role] (control)', { exclude_authrole: ['no_such_role'] }, all],
          ['eligible_authrole [own role] (control)', { eligible_authrole: [authrole] }, all],
          ['eligible_authrole [other role]', { eligible_authrole: ['no_such_role'] }, []],
          ['eligible_authid [s1]', { eligible_authid: [authids[1]] }, byAuthid([authids[1]])],
          ['exclude_authid [s2]', { exclude_authid: [authids[2]] }, all.filter((i) => !byAuthid([authids[2]]).includes(i))],
          ['eligible [] (nobody)', { eligible: [] }, []],
          ['exclude [] (everybody)', { exclude: [] }, all],
        ];
        // wampy's msgpack and cbor serializers (msgpackr, cbor-x) write integers beyond 32 bits, such as session ids, as
        // float64, which the router rightly refuses as PUBLISH option ids (wamp.error.invalid_argument): the
        // by-session-id cases are autobahn's there.
        const idFree = pubLib === 'wampy' && ser !== 'json';
        // wampy refuses empty lists itself (InvalidParamError), so the empty-list cases are autobahn's.
        const run = cases.filter(([, o]) => (!idFree || (o.exclude === undefined && o.eligible === undefined))
          && (pubLib !== 'wampy' || !Object.values(o).some((v) => Array.isArray(v) && v.length === 0)));
        for (const [what, options, expected] of run) {
          await pub.publish(topic, [what], {}, options);
          await pub.publish(topic, ['marker', what], {}, {});
          const got = [];
          for (let i = 0; i < subs.length; i++) {
            const first = await inboxes[i].next(`${what}: subscriber ${i}: first EVENT`);
            if (first.args[0] === what) {
              got.push(i);
              const marker = await inboxes[i].next(`${what}: subscriber ${i}: marker`);
              assert.deepStrictEqual(marker.args, ['marker', what], `${what}: subscriber ${i}`);
            } else {
              assert.deepStrictEqual(first.args, ['marker', what], `${what}: subscriber ${i}: unexpected EVENT`);
            }
          }
          assert.deepStrictEqual(got, expected, `${what} (${JSON.stringify(options)}): receivers`);
        }
        assert.ok(byAuthid([authids[1]]).length < 4, 'anonymous authids should tell sessions apart for the authid cases to mean anything');
      });
    }

    it('blackwhite: autobahn publisher with exclude_me: false + eligible [self] receives its own event; other subscribers do not', async () => {
      const pub = await ab();
      const other = await ab();
      const topic = uniqueUri('bw_self');
      const mine = new Inbox('own EVENT');
      const theirs = new Inbox('other EVENT');
      await pub.subscribe(topic, (ev) => mine.push(ev));
      await other.subscribe(topic, (ev) => theirs.push(ev));
      await pub.publish(topic, ['self only'], {}, { exclude_me: false, eligible: [pub.id] });
      await pub.publish(topic, ['marker'], {}, { exclude_me: false });
      assert.deepStrictEqual((await mine.next()).args, ['self only']);
      assert.deepStrictEqual((await mine.next()).args, ['marker']);
      assert.deepStrictEqual((await theirs.next()).args, ['marker'], 'the other subscriber gets only the marker');
    });

    it('blackwhite: a malformed list gets ERROR wamp.error.invalid_argument with acknowledge (control: a well-formed one is PUBLISHED)', async () => {
      const pub = await ab();
      const topic = uniqueUri('bw_bad');
      await pub.publish(topic, [], {}, { exclude: [pub.id + 1] });
      for (const bad of [{ exclude: 'nope' }, { eligible: ['x'] }, { exclude_authrole: [1] }, { eligible_authid: 'a' }]) {
        await assertWampError(pub.publish(topic, [], {}, bad), 'wamp.error.invalid_argument', `PUBLISH ${JSON.stringify(bad)}`);
      }
      await pub.publish(topic, [], {}, { eligible: [pub.id] });
    });

    // ---------------- more canceling / timeout / progressive edge cases ----------------
    it('cancel kill (wire): a callee that finishes instead of stopping answers with YIELD -> the caller gets that RESULT (spec: RESULT or ERROR, whichever the callee sends)', async () => {
      const callee = await raw(ser, CANCELING);
      const caller = await raw(ser, { caller: { call_canceling: true } });
      const proc = uniqueUri('kill_yield');
      await rawRegister(callee, proc);
      const rid = rawCall(caller, proc, {}, ['slow']);
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      caller.send([CANCEL, rid, { mode: 'kill' }]);
      const intr = await expect(callee, INTERRUPT, 'INTERRUPT kill');
      assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'kill']);
      await expectCallerQuiet(caller, 'kill: nothing before the callee answers');
      callee.send([MSG.YIELD, inv[1], {}, ['finished anyway']]);
      const m = await caller.next('the answer to the killed call').catch((e) => { throw new Error(`${e.message}\n${caller.transcript()}`); });
      assert.ok(Array.isArray(m) && m[1] === rid && (m[0] === MSG.RESULT || (m[0] === MSG.ERROR && m[2] === rid)),
        `kill + YIELD: the caller must get an answer for CALL ${rid}: ${JSON.stringify(m)}\n${caller.transcript()}`);
      assert.deepStrictEqual([m[0], m[3]], [MSG.RESULT, ['finished anyway']],
        `spec (call canceling, kill): "the Caller may receive RESULT or ERROR depending whether the Callee finishes processing the invocation or the interrupt first"; got ${JSON.stringify(m)}`);
      await expectCallerQuiet(caller, 'one answer only');
    });

    it('cancel (wire): CANCEL for a request id the session has no call for is ignored, another session\'s call with that id continues (control: the call completes)', async () => {
      const callee = await raw(ser, CANCELING);
      const a = await raw(ser, NO_FEATURES);
      const b = await raw(ser, NO_FEATURES);
      const proc = uniqueUri('cancel_foreign');
      await rawRegister(callee, proc);
      const ridA = rawCall(a, proc, {}, ['from a']);
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION (a)');
      assert.equal(ridA, 1);
      b.send([CANCEL, ridA, { mode: 'killnowait' }]); // b has no call 1
      await expectCallerQuiet(b, 'b: CANCEL for an unknown call gets no answer and no ABORT');
      await expectNextIsControlInvocation(b, callee, proc, 'no INTERRUPT for a\'s call');
      callee.send([MSG.YIELD, inv[1], {}, ['a done']]);
      const r = await expect(a, MSG.RESULT, 'RESULT (a)');
      assert.deepStrictEqual([r[1], r[3]], [ridA, ['a done']]);
      a.send([CANCEL, ridA, { mode: 'killnowait' }]); // after the RESULT: ignored too
      await expectCallerQuiet(a, 'a: CANCEL after the RESULT is ignored');
    });

    it('progressive (wire): after a progressive RESULT the callee\'s ERROR reaches the caller as the final answer', async () => {
      const callee = await raw(ser, PROGRESSIVE_ONLY);
      const caller = await raw(ser, { caller: { progressive_call_results: true } });
      const proc = uniqueUri('progress_error');
      await rawRegister(callee, proc);
      const rid = rawCall(caller, proc, { receive_progress: true });
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      callee.send([MSG.YIELD, inv[1], { progress: true }, ['half']]);
      const p = await expect(caller, MSG.RESULT, 'progress');
      assert.deepStrictEqual([p[1], p[2].progress, p[3]], [rid, true, ['half']]);
      callee.send([MSG.ERROR, MSG.INVOCATION, inv[1], {}, 'com.example.failed', ['boom']]);
      const e = await expectCallError(caller, rid, 'com.example.failed', 'final ERROR');
      assert.deepStrictEqual(e[5], ['boom']);
    });

    it('timeout (wire): a callee leaving a timed call answers it with wamp.error.canceled once; no timeout ERROR follows (control: a later timed call times out)', async () => {
      const callee = await raw(ser, CANCELING);
      const other = await raw(ser, NO_FEATURES);
      const caller = await raw(ser, NO_FEATURES);
      const proc = uniqueUri('timeout_leave');
      const silent = uniqueUri('timeout_barrier');
      await rawRegister(callee, proc);
      await rawRegister(other, silent);
      const rid = rawCall(caller, proc, { timeout: 300 });
      await expect(callee, MSG.INVOCATION, 'INVOCATION');
      callee.terminate();
      await expectCallError(caller, rid, 'wamp.error.canceled', 'callee left');
      const t0 = Date.now();
      const rid2 = rawCall(caller, silent, { timeout: 400 });
      await expect(other, MSG.INVOCATION, 'barrier INVOCATION');
      const m = await expect(caller, MSG.ERROR, 'barrier ERROR');
      assert.deepStrictEqual([m[2], m[4]], [rid2, 'wamp.error.timeout'],
        `the next ERROR must be the barrier's timeout, not a second answer for CALL ${rid}: ${JSON.stringify(m)}\n${caller.transcript()}`);
      assert.ok(Date.now() - t0 >= 350, 'the barrier waited past the first call\'s timeout');
    });

    it('timeout (wire): timeout 0 means no timeout (control: the same call with timeout 300 times out)', async () => {
      const callee = await raw(ser, NO_FEATURES);
      const caller = await raw(ser, NO_FEATURES);
      const proc = uniqueUri('timeout_zero');
      await rawRegister(callee, proc);
      const ridT = rawCall(caller, proc, { timeout: 300 });
      await expect(callee, MSG.INVOCATION, 'INVOCATION (300)');
      await expectCallError(caller, ridT, 'wamp.error.timeout', 'control');
      const rid = rawCall(caller, proc, { timeout: 0 });
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION (0)');
      await new Promise((r) => setTimeout(r, 600)); // the callee is slow on purpose: longer than the control's timeout
      callee.send([MSG.YIELD, inv[1], {}, ['slow but fine']]);
      const r = await expect(caller, MSG.RESULT, 'RESULT (timeout 0)');
      assert.deepStrictEqual([r[1], r[3]], [rid, ['slow but fine']], caller.transcript());
    });

    it('blackwhite: exclude_me (default) wins over eligible [self]: the publisher does not get its own event (control: exclude_me false)', async () => {
      const pub = await ab();
      const topic = uniqueUri('bw_exclude_me');
      const mine = new Inbox('own EVENT');
      await pub.subscribe(topic, (ev) => mine.push(ev));
      await pub.publish(topic, ['not me'], {}, { eligible: [pub.id] });
      await pub.publish(topic, ['me'], {}, { eligible: [pub.id], exclude_me: false });
      assert.deepStrictEqual((await mine.next()).args, ['me'], 'the first own EVENT must be the exclude_me:false one');
    });

    it('cancel killnowait (wire) during progressive results: the callee\'s later progress and final YIELDs are dropped', async () => {
      const callee = await raw(ser, CANCELING);
      const caller = await raw(ser, { caller: { progressive_call_results: true, call_canceling: true } });
      const proc = uniqueUri('cancel_progressive');
      await rawRegister(callee, proc);
      const rid = rawCall(caller, proc, { receive_progress: true });
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      callee.send([MSG.YIELD, inv[1], { progress: true }, ['p1']]);
      const p1 = await expect(caller, MSG.RESULT, 'progress before the cancel');
      assert.deepStrictEqual([p1[1], p1[2].progress, p1[3]], [rid, true, ['p1']]);
      caller.send([CANCEL, rid, { mode: 'killnowait' }]);
      await expectCallError(caller, rid, 'wamp.error.canceled', 'ERROR canceled');
      const intr = await expect(callee, INTERRUPT, 'INTERRUPT');
      assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'killnowait']);
      callee.send([MSG.YIELD, inv[1], { progress: true }, ['p2']]);
      callee.send([MSG.YIELD, inv[1], {}, ['final']]);
      await expectCallerQuiet(caller, 'nothing after the ERROR');
      await expectNextIsControlInvocation(caller, callee, proc, 'the callee is still fine (no ABORT for late YIELDs)');
    });

    it('blackwhite (wire): a malformed list without acknowledge gets no answer, the event is not delivered and the session stays (control: with acknowledge it gets ERROR)', async () => {
      const pub = await raw(ser, NO_FEATURES);
      const sub = await raw(ser, NO_FEATURES);
      const topic = uniqueUri('bw_bad_noack');
      sub.send([MSG.SUBSCRIBE, sub.rid(), {}, topic]);
      await expect(sub, MSG.SUBSCRIBED, 'SUBSCRIBED');
      const rid = pub.rid();
      pub.send([MSG.PUBLISH, rid, { acknowledge: true, exclude: ['x'] }, topic, ['bad acked']]);
      const e = await expect(pub, MSG.ERROR, 'ERROR for the malformed list');
      assert.deepStrictEqual([e[1], e[2], e[4]], [MSG.PUBLISH, rid, 'wamp.error.invalid_argument'], JSON.stringify(e));
      pub.send([MSG.PUBLISH, pub.rid(), { exclude: ['x'] }, topic, ['bad']]);
      await expectCallerQuiet(pub, 'no answer without acknowledge');
      pub.send([MSG.PUBLISH, pub.rid(), {}, topic, ['good']]);
      const ev = await expect(sub, MSG.EVENT, 'EVENT');
      assert.deepStrictEqual(ev[4], ['good'], `the malformed publications must not be delivered\n${sub.transcript()}`);
    });

    // ---------------- pattern_based_subscription / _registration (only once README says "yes") ----------------
    const patternSubSkip = PATTERN_SUB_YES ? false : 'README: pattern_based_subscription is "no"';
    const patternSkip = PATTERN_REG_YES ? false : 'README: pattern_based_registration is "no"';
    it('pattern_based_subscription: prefix (string prefix, as the spec) and wildcard subscriptions get exactly the matching events, with EVENT.Details.topic (autobahn)', { skip: patternSubSkip }, async () => {
      const base = uniqueUri('pat');
      const subs = { exact: await ab(), prefix: await ab(), wild: await ab() };
      const pub = await ab();
      const got = { exact: new Inbox('exact EVENT'), prefix: new Inbox('prefix EVENT'), wild: new Inbox('wildcard EVENT') };
      const spec = { exact: [`${base}.a.x.create`, {}], prefix: [`${base}.a`, { match: 'prefix' }], wild: [`${base}.a..create`, { match: 'wildcard' }] };
      for (const k of Object.keys(spec)) {
        await withTimeout(subs[k].session.subscribe(spec[k][0], (args, kwargs, details) =>
          got[k].push({ arg: args?.[0], topic: details?.topic }), spec[k][1]), `SUBSCRIBE ${k} ${spec[k][0]}`);
      }
      const pubs = [
        ['1', `${base}.a.x.create`], ['2', `${base}.a.y.create`], ['3', `${base}.ab`], ['4', `${base}.a`],
        ['5', `${base}.a.x.y.create`], ['6', `${base}.b.x.create`], ['7', `${base}.a.x.delete`], ['end', `${base}.a.x.create`],
      ];
      for (const [arg, topic] of pubs) await pub.publish(topic, [arg]);
      const want = { exact: ['1', 'end'], prefix: ['1', '2', '3', '4', '5', '7', 'end'], wild: ['1', '2', 'end'] };
      for (const k of Object.keys(want)) {
        const seen = [];
        while (seen.at(-1)?.arg !== 'end') seen.push(await got[k].next(`${k}: EVENT ${seen.length + 1} (until "end")`));
        assert.deepStrictEqual(seen.map((e) => e.arg), want[k], `${k} subscription ${spec[k][0]} ${JSON.stringify(spec[k][1])}: events received`);
        if (k !== 'exact') {
          const topicOf = Object.fromEntries(pubs.map(([a, t]) => [a, t]));
          for (const e of seen) assert.equal(e.topic, topicOf[e.arg], `${k}: EVENT.Details.topic for publication ${e.arg}`);
        }
      }
    });

    it('pattern_based_subscription (wire): one subscription id per (topic, match) across sessions; a session with two matching subscriptions gets one EVENT per subscription, each with its id and Details.topic only for the pattern one', { skip: patternSubSkip }, async () => {
      const base = uniqueUri('patwire');
      const s1 = await raw(ser, NO_FEATURES);
      const s2 = await raw(ser, NO_FEATURES);
      const pub = await raw(ser, NO_FEATURES);
      const subscribe = async (peer, topic, options) => {
        const rid = peer.rid();
        peer.send([MSG.SUBSCRIBE, rid, options, topic]);
        const m = await peer.next(`answer to SUBSCRIBE ${topic}`);
        assert.ok(Array.isArray(m) && ((m[0] === MSG.SUBSCRIBED && m[1] === rid) || (m[0] === MSG.ERROR && m[2] === rid)), `SUBSCRIBE ${topic}: ${JSON.stringify(m)}\n${peer.transcript()}`);
        return m;
      };
      const exact1 = (await subscribe(s1, `${base}.t`, {}))[2];
      const prefix1 = (await subscribe(s1, `${base}`, { match: 'prefix' }))[2];
      const prefix2 = (await subscribe(s2, `${base}`, { match: 'prefix' }))[2];
      assert.equal(prefix2, prefix1, 'the same (topic, match) shares one subscription id across sessions');
      assert.notEqual(prefix1, exact1, 'exact and prefix subscriptions are different subscriptions');
      pub.send([MSG.PUBLISH, pub.rid(), {}, `${base}.t`, ['x']]);
      const evs = [await expect(s1, MSG.EVENT, 'EVENT 1/2'), await expect(s1, MSG.EVENT, 'EVENT 2/2')];
      const bySub = Object.fromEntries(evs.map((e) => [e[1], e]));
      assert.deepStrictEqual(Object.keys(bySub).map(Number).sort(), [exact1, prefix1].sort(), `one EVENT per matching subscription: ${JSON.stringify(evs)}`);
      assert.equal(bySub[prefix1][3].topic, `${base}.t`, 'EVENT.Details.topic for the prefix subscription');
      assert.ok(!('topic' in bySub[exact1][3]) || bySub[exact1][3].topic === `${base}.t`, JSON.stringify(bySub[exact1]));
      const e2 = await expect(s2, MSG.EVENT, 'EVENT at s2');
      assert.deepStrictEqual([e2[1], e2[3].topic, e2[4]], [prefix1, `${base}.t`, ['x']]);
      // URI rules: an empty component is a wildcard's, refused for exact (invalid_uri); an unknown match is refused
      const bad1 = await subscribe(s2, `${base}..t`, {});
      assert.deepStrictEqual([bad1[0], bad1[4]], [MSG.ERROR, 'wamp.error.invalid_uri'], `exact with an empty component: ${JSON.stringify(bad1)}`);
      const ok = await subscribe(s2, `${base}..t`, { match: 'wildcard' });
      assert.equal(ok[0], MSG.SUBSCRIBED, `control: wildcard with an empty component: ${JSON.stringify(ok)}`);
      const bad2 = await subscribe(s2, `${base}.t`, { match: 'regex' });
      assert.deepStrictEqual([bad2[0], bad2[4]], [MSG.ERROR, 'wamp.error.invalid_argument'], `match regex: ${JSON.stringify(bad2)}`);
    });

    it('pattern_based_registration (wire): exact > longest prefix > wildcard; INVOCATION.Details.procedure names the called URI; no match -> no_such_procedure', { skip: patternSkip }, async () => {
      const base = uniqueUri('patreg');
      const callees = {
        exact: autoAnswer(await raw(ser, NO_FEATURES), 'exact'),
        short: autoAnswer(await raw(ser, NO_FEATURES), 'short'),
        long: autoAnswer(await raw(ser, NO_FEATURES), 'long'),
        wild: autoAnswer(await raw(ser, NO_FEATURES), 'wild'),
        wildonly: autoAnswer(await raw(ser, NO_FEATURES), 'wildonly'),
        sameExact: autoAnswer(await raw(ser, NO_FEATURES), 'sameExact'),
        samePrefix: autoAnswer(await raw(ser, NO_FEATURES), 'samePrefix'),
      };
      await rawRegister(callees.sameExact, `${base}.s`);
      await rawRegister(callees.samePrefix, `${base}.s`, { match: 'prefix' }); // same URI, other match: its own registration
      await rawRegister(callees.exact, `${base}.a.b.c`);
      const shortReg = await rawRegister(callees.short, `${base}.a`, { match: 'prefix' });
      await rawRegister(callees.long, `${base}.a.b`, { match: 'prefix' });
      await rawRegister(callees.wild, `${base}.a..c`, { match: 'wildcard' });
      await rawRegister(callees.wildonly, `${base}.w..c`, { match: 'wildcard' });
      const caller = await raw(ser, NO_FEATURES);
      const cases = [
        [`${base}.a.b.c`, 'exact'],
        [`${base}.a.b.d`, 'long'],
        [`${base}.a.bx`, 'long'],
        [`${base}.a.x.c`, 'short'],
        [`${base}.ax`, 'short'],
        [`${base}.w.x.c`, 'wildonly'],
        [`${base}.s`, 'sameExact'],
        [`${base}.s.t`, 'samePrefix'],
        [`${base}.st`, 'samePrefix'],
      ];
      for (const [uri, who] of cases) {
        const m = await rawCallAndWait(caller, uri, {}, [uri]);
        assert.equal(m[0], MSG.RESULT, `CALL ${uri}: ${JSON.stringify(m)}`);
        assert.equal(m[3][0], who, `CALL ${uri} must go to the ${who} registration, went to ${m[3][0]}`);
        if (who !== 'exact' && who !== 'sameExact') assert.equal(m[3][1], uri, `CALL ${uri}: INVOCATION.Details.procedure`);
      }
      for (const uri of [`${base}.b`, `${base}.w.x.y.c`, `${base}.w.c`]) {
        const m = await rawCallAndWait(caller, uri);
        assert.deepStrictEqual([m[0], m[4]], [MSG.ERROR, 'wamp.error.no_such_procedure'], `CALL ${uri}: ${JSON.stringify(m)}`);
      }
      const counts = Object.fromEntries(Object.entries(callees).map(([k, p]) => [k, p.invocations.length]));
      assert.deepStrictEqual(counts, { exact: 1, short: 2, long: 2, wild: 0, wildonly: 1, sameExact: 1, samePrefix: 2 }, 'INVOCATIONs per callee');
      // the wildcard registration is used once the prefix one that matched is gone
      callees.short.send([MSG.UNREGISTER, callees.short.rid(), shortReg]);
      await expect(callees.short, MSG.UNREGISTERED, 'UNREGISTERED');
      const m = await rawCallAndWait(caller, `${base}.a.x.c`, {}, ['again']);
      assert.deepStrictEqual([m[0], m[3][0], m[3][1]], [MSG.RESULT, 'wild', `${base}.a.x.c`], `after the prefix left: ${JSON.stringify(m)}`);
    });

    it('pattern_based_registration: an autobahn prefix callee gets details.procedure; a wildcard one too (autobahn caller)', { skip: patternSkip }, async () => {
      const base = uniqueUri('patab');
      const callee = await ab();
      const caller = await ab();
      await withTimeout(callee.session.register(`${base}.p`, (args, kwargs, details) => `prefix:${details.procedure}`, { match: 'prefix' }), 'REGISTER prefix');
      await withTimeout(callee.session.register(`${base}..w`, (args, kwargs, details) => `wild:${details.procedure}`, { match: 'wildcard' }), 'REGISTER wildcard');
      assert.deepStrictEqual((await caller.call(`${base}.p.q`)).args, [`prefix:${base}.p.q`]);
      assert.deepStrictEqual((await caller.call(`${base}.x.w`)).args, [`wild:${base}.x.w`]);
      await assertWampError(caller.call(`${base}.x.y`), 'wamp.error.no_such_procedure', 'no match');
    });

    it('pattern_based_subscription / _registration: wampy subscribe {match: "wildcard"} and register {match: "prefix"} (details.topic / details.procedure)', { skip: patternSkip || patternSubSkip }, async () => {
      const base = uniqueUri('patwampy');
      const w = await wy();
      const a = await ab();
      const inbox = new Inbox('wildcard EVENT (wampy)');
      await withTimeout(w.wampy.subscribe(`${base}..e`, ({ argsList, details }) => inbox.push({ args: argsList, topic: details?.topic }), { match: 'wildcard' }), 'wampy SUBSCRIBE wildcard');
      await withTimeout(w.wampy.register(`${base}.p`, ({ details }) => ({ argsList: [details?.procedure] }), { match: 'prefix' }), 'wampy REGISTER prefix');
      await a.publish(`${base}.x.y.e`, ['too deep']);
      await a.publish(`${base}.x.e`, ['hit']);
      const ev = await inbox.next();
      assert.deepStrictEqual(ev, { args: ['hit'], topic: `${base}.x.e` }, 'the first wildcard EVENT is the matching one');
      assert.deepStrictEqual((await a.call(`${base}.p.q`)).args, [`${base}.p.q`]);
    });

    it('pattern subscriptions honour exclude_me, eligible/exclude and disclose_me like exact ones (wire)', { skip: patternSubSkip }, async () => {
      const base = uniqueUri('patbw');
      const pub = await raw(ser, NO_FEATURES);
      const s1 = await raw(ser, NO_FEATURES);
      const s2 = await raw(ser, NO_FEATURES);
      for (const p of [pub, s1, s2]) {
        p.send([MSG.SUBSCRIBE, p.rid(), { match: 'prefix' }, base]);
        await expect(p, MSG.SUBSCRIBED, 'SUBSCRIBED prefix');
      }
      const publish = (options, arg) => pub.send([MSG.PUBLISH, pub.rid(), options, `${base}.t`, [arg]]);
      publish({}, 'exclude_me default');
      publish({ eligible: [s2.sessionId] }, 'eligible s2');
      publish({ exclude: [s2.sessionId] }, 'exclude s2');
      publish({ disclose_me: true }, 'disclosed');
      publish({ exclude_me: false }, 'end');
      const collect = async (peer, what) => {
        const seen = [];
        while (seen.at(-1)?.[4]?.[0] !== 'end') seen.push(await expect(peer, MSG.EVENT, `${what}: EVENT ${seen.length + 1}`));
        return seen;
      };
      const e1 = await collect(s1, 's1');
      const e2 = await collect(s2, 's2');
      const ep = await collect(pub, 'publisher');
      assert.deepStrictEqual(e1.map((e) => e[4][0]), ['exclude_me default', 'exclude s2', 'disclosed', 'end'], 's1 (prefix subscription)');
      assert.deepStrictEqual(e2.map((e) => e[4][0]), ['exclude_me default', 'eligible s2', 'disclosed', 'end'], 's2 (prefix subscription)');
      assert.deepStrictEqual(ep.map((e) => e[4][0]), ['end'], 'the publisher\'s own prefix subscription: exclude_me by default');
      for (const [who, evs] of [['s1', e1], ['s2', e2]]) {
        const d = evs.find((e) => e[4][0] === 'disclosed')[3];
        assert.deepStrictEqual([d.publisher, d.topic], [pub.sessionId, `${base}.t`], `${who}: disclosed EVENT.Details ${JSON.stringify(d)}`);
        const n = evs.find((e) => e[4][0] === 'exclude_me default')[3];
        assert.ok(!('publisher' in n), `${who}: undisclosed EVENT.Details ${JSON.stringify(n)}`);
      }
    });

    it('pattern registrations with caller_identification, progressive results, cancel and timeout (wire)', { skip: patternSkip }, async () => {
      const base = uniqueUri('patadv');
      const callee = await raw(ser, CANCELING);
      const caller = await raw(ser, { caller: { progressive_call_results: true, call_canceling: true } });
      await rawRegister(callee, base, { match: 'prefix' });
      const rid = rawCall(caller, `${base}.x`, { disclose_me: true, receive_progress: true });
      const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
      assert.deepStrictEqual([inv[3].procedure, inv[3].caller, inv[3].receive_progress], [`${base}.x`, caller.sessionId, true], JSON.stringify(inv));
      callee.send([MSG.YIELD, inv[1], { progress: true }, ['p']]);
      assert.deepStrictEqual((await expect(caller, MSG.RESULT, 'progress'))[3], ['p']);
      caller.send([CANCEL, rid, { mode: 'killnowait' }]);
      await expectCallError(caller, rid, 'wamp.error.canceled', 'cancel');
      assert.equal((await expect(callee, INTERRUPT, 'INTERRUPT'))[1], inv[1]);
      const rid2 = rawCall(caller, `${base}.y`, { timeout: 300 });
      const inv2 = await expect(callee, MSG.INVOCATION, 'INVOCATION (timeout)');
      await expectCallError(caller, rid2, 'wamp.error.timeout', 'timeout');
      assert.equal((await expect(callee, INTERRUPT, 'INTERRUPT (timeout)'))[1], inv2[1]);
    });

    // ---------------- shared_registration (only once README says "yes") ----------------
    const sharedSkip = SHARED_YES ? false : 'README: shared_registration is "no"';
    it('shared_registration (wire): roundrobin, first, last, random pick callees as the policy says; first/last move on when a callee leaves', { skip: sharedSkip }, async () => {
      const caller = await raw(ser, NO_FEATURES);
      const who = async (proc, n) => {
        const out = [];
        for (let i = 0; i < n; i++) {
          const m = await rawCallAndWait(caller, proc, {}, [i]);
          assert.equal(m[0], MSG.RESULT, `CALL ${proc}: ${JSON.stringify(m)}`);
          out.push(m[3][0]);
        }
        return out;
      };
      for (const policy of ['roundrobin', 'first', 'last', 'random']) {
        const proc = uniqueUri(`shared_${policy}`);
        const cs = [];
        const regIds = [];
        for (const name of ['A', 'B', 'C']) {
          const p = autoAnswer(await raw(ser, NO_FEATURES), name);
          regIds.push(await rawRegister(p, proc, { invoke: policy }));
          cs.push(p);
        }
        assert.equal(new Set(regIds).size, 1, `${policy}: one registration id for the shared registration: ${regIds}`);
        const seq = await who(proc, policy === 'random' ? 60 : 6);
        if (policy === 'roundrobin') {
          assert.deepStrictEqual(new Set(seq.slice(0, 3)).size, 3, `roundrobin: the first three calls go to three callees: ${seq}`);
          assert.deepStrictEqual(seq.slice(3), seq.slice(0, 3), `roundrobin: the rotation repeats: ${seq}`);
        } else if (policy === 'first') {
          assert.deepStrictEqual(seq, Array(6).fill('A'), 'first: the first registered callee');
          cs[0].send([MSG.GOODBYE, {}, 'wamp.close.normal']); // leaves; the reply means the router is done with it
          await expect(cs[0], MSG.GOODBYE, 'GOODBYE reply');
          const after = await who(proc, 3);
          assert.deepStrictEqual(after, ['B', 'B', 'B'], 'first: after A left, B (the next oldest)');
        } else if (policy === 'last') {
          assert.deepStrictEqual(seq, Array(6).fill('C'), 'last: the last registered callee');
          cs[2].send([MSG.UNREGISTER, cs[2].rid(), regIds[2]]);
          await expect(cs[2], MSG.UNREGISTERED, 'UNREGISTERED');
          const after = await who(proc, 3);
          assert.deepStrictEqual(after, ['B', 'B', 'B'], 'last: after C unregistered, B (the next newest)');
        } else {
          for (const n of ['A', 'B', 'C']) assert.ok(seq.includes(n), `random: 60 calls should reach ${n} at least once: ${seq.join('')}`);
        }
      }
    });

    it('shared_registration (wire): roundrobin keeps serving when callees leave and join mid-rotation; a cancel interrupts the callee that got the call', { skip: sharedSkip }, async () => {
      const proc = uniqueUri('shared_churn');
      const caller = await raw(ser, { caller: { call_canceling: true } });
      const mk = async (name, features = NO_FEATURES) => {
        const p = autoAnswer(await raw(ser, features), name);
        const reg = await rawRegister(p, proc, { invoke: 'roundrobin' });
        return { p, reg };
      };
      const A = await mk('A');
      const B = await mk('B');
      const C = await mk('C');
      const names = async (n) => {
        const out = [];
        for (let i = 0; i < n; i++) {
          const m = await rawCallAndWait(caller, proc, {}, [i]);
          assert.equal(m[0], MSG.RESULT, `CALL ${proc}: ${JSON.stringify(m)}\n${caller.transcript()}`);
          out.push(m[3][0]);
        }
        return out;
      };
      const first = await names(1);
      // remove the callee that would be next, then one more
      for (const x of [B, C]) {
        x.p.send([MSG.UNREGISTER, x.p.rid(), x.reg]);
        await expect(x.p, MSG.UNREGISTERED, 'UNREGISTERED');
      }
      assert.deepStrictEqual(await names(3), ['A', 'A', 'A'], `after B and C left only A serves (first call went to ${first})`);
      const D = await mk('D');
      const seq = await names(4);
      assert.deepStrictEqual([...new Set(seq)].sort(), ['A', 'D'], `A and D share the calls: ${seq}`);
      // a canceling callee joins; calls go to it in turn; cancel and timeout reach it, not the others
      const E = await raw(ser, CANCELING);
      await rawRegister(E, proc, { invoke: 'roundrobin' });
      let inv = null;
      let rid = null;
      for (let i = 0; i < 6 && !inv; i++) {
        rid = rawCall(caller, proc, {}, ['for E?']);
        const [who, m] = await firstOf([['E', E], ['caller', caller]], 'INVOCATION at E or RESULT from A/D');
        if (who === 'E') inv = m; else assert.equal(m[0], MSG.RESULT, JSON.stringify(m));
      }
      assert.ok(inv, 'roundrobin reaches the new callee E within 6 calls');
      caller.send([CANCEL, rid, { mode: 'killnowait' }]);
      await expectCallError(caller, rid, 'wamp.error.canceled', 'cancel');
      assert.deepStrictEqual((await expect(E, INTERRUPT, 'INTERRUPT at E')).slice(0, 2), [INTERRUPT, inv[1]]);
      assert.ok(A.p.invocations.concat(D.p.invocations).every((m) => m[0] === MSG.INVOCATION), 'A and D saw only INVOCATIONs');
    });

    it('shared_registration (wire): a different policy gets wamp.error.procedure_exists_with_different_invocation_policy, a second single gets procedure_already_exists (control: the same policy registers)', { skip: sharedSkip }, async () => {
      const a = await raw(ser, NO_FEATURES);
      const b = await raw(ser, NO_FEATURES);
      const c = await raw(ser, NO_FEATURES);
      const proc = uniqueUri('shared_policy');
      await rawRegister(a, proc, { invoke: 'roundrobin' });
      await rawRegister(c, proc, { invoke: 'roundrobin' }); // control
      for (const [peer, opts, uri] of [[b, { invoke: 'random' }, 'wamp.error.procedure_exists_with_different_invocation_policy'],
        [b, {}, 'wamp.error.procedure_exists_with_different_invocation_policy']]) {
        const rid = peer.rid();
        peer.send([MSG.REGISTER, rid, opts, proc]);
        const m = await expect(peer, MSG.ERROR, `REGISTER ${JSON.stringify(opts)}`);
        assert.deepStrictEqual([m[1], m[2], m[4]], [MSG.REGISTER, rid, uri], JSON.stringify(m));
      }
      const single = uniqueUri('shared_single');
      await rawRegister(a, single, { invoke: 'single' });
      const rid = b.rid();
      b.send([MSG.REGISTER, rid, {}, single]);
      const m = await expect(b, MSG.ERROR, 'second single REGISTER');
      assert.deepStrictEqual([m[1], m[2], m[4]], [MSG.REGISTER, rid, 'wamp.error.procedure_already_exists'], JSON.stringify(m));
    });

    it('shared_registration: wampy callees register with invoke "last"; the newest gets the calls (control: after it unregisters, the older one)', { skip: sharedSkip }, async () => {
      const proc = uniqueUri('shared_wampy');
      const w1 = await wy();
      const w2 = await wy();
      const caller = await ab();
      await withTimeout(w1.wampy.register(proc, () => ({ argsList: ['w1'] }), { invoke: 'last' }), 'REGISTER w1');
      await withTimeout(w2.wampy.register(proc, () => ({ argsList: ['w2'] }), { invoke: 'last' }), 'REGISTER w2');
      assert.deepStrictEqual([(await caller.call(proc)).args, (await caller.call(proc)).args], [['w2'], ['w2']]);
      await withTimeout(w2.wampy.unregister(proc), 'UNREGISTER w2');
      assert.deepStrictEqual((await caller.call(proc)).args, ['w1']);
    });

    it('shared_registration: two autobahn callees with invoke roundrobin share the calls of an autobahn caller', { skip: sharedSkip }, async () => {
      const proc = uniqueUri('shared_ab');
      const c1 = await ab();
      const c2 = await ab();
      const caller = await ab();
      await withTimeout(c1.session.register(proc, () => 'one', { invoke: 'roundrobin' }), 'REGISTER 1');
      await withTimeout(c2.session.register(proc, () => 'two', { invoke: 'roundrobin' }), 'REGISTER 2');
      const seq = [];
      for (let i = 0; i < 4; i++) seq.push((await caller.call(proc)).args[0]);
      assert.deepStrictEqual(seq.sort(), ['one', 'one', 'two', 'two'], 'roundrobin alternates');
    });

    // ---------------- payload_passthru_mode ----------------
    it('payload_passthru_mode: wampy caller, callee, publisher and subscriber with ppt_scheme x_interop (ppt_serializer json): the ppt options pass, the packed payload arrives as wampy packed it (raw subscriber control) and unpacks on the other side', async () => {
      const PPT = { ppt_scheme: 'x_interop', ppt_serializer: 'json' };
      const callee = await wy();
      const caller = await wy();
      const proc = uniqueUri('ppt_wampy');
      const seen = [];
      await withTimeout(callee.wampy.register(proc, ({ argsList, argsDict, details }) => {
        seen.push({ args: argsList, kwargs: argsDict, ppt: [details.ppt_scheme, details.ppt_serializer] });
        return { argsList: ['sealed answer'], argsDict: { n: 1 }, options: PPT };
      }), 'wampy REGISTER');
      const r = await withTimeout(caller.wampy.call(proc, { argsList: ['secret', 2], argsDict: { k: 'v' } }, PPT), 'wampy CALL ppt');
      assert.deepStrictEqual(seen, [{ args: ['secret', 2], kwargs: { k: 'v' }, ppt: ['x_interop', 'json'] }]);
      assert.deepStrictEqual([r.argsList, r.argsDict, r.details.ppt_scheme], [['sealed answer'], { n: 1 }, 'x_interop']);

      const topic = uniqueUri('ppt_topic');
      const sub = await wy();
      const events = new Inbox('wampy ppt EVENT');
      await withTimeout(sub.wampy.subscribe(topic, ({ argsList, argsDict, details }) => events.push([argsList, argsDict, details.ppt_scheme])), 'wampy SUBSCRIBE');
      const wire = await raw(ser, { subscriber: { payload_passthru_mode: true } });
      wire.send([MSG.SUBSCRIBE, wire.rid(), {}, topic]);
      await expect(wire, MSG.SUBSCRIBED, 'raw SUBSCRIBED');
      const pub = await wy();
      await withTimeout(pub.wampy.publish(topic, { argsList: ['event'], argsDict: { e: true } }, { ...PPT, acknowledge: true }), 'wampy PUBLISH ppt');
      assert.deepStrictEqual(await events.next(), [['event'], { e: true }, 'x_interop']);
      const ev = await expect(wire, MSG.EVENT, 'raw EVENT');
      assert.deepStrictEqual([ev[3].ppt_scheme, ev[3].ppt_serializer], ['x_interop', 'json'], JSON.stringify(ev));
      assert.equal(ev[4].length, 1, `one packed argument, untouched: ${JSON.stringify(ev)}`);
      assert.deepStrictEqual(JSON.parse(ev[4][0]), { args: ['event'], kwargs: { e: true } }, 'the payload is the JSON text wampy packed');
    });

    // ---------------- caller leaving ----------------
    for (const how of ['GOODBYE', 'connection drop']) {
      it(`caller leaves (${how}) during a call: a raw callee with call_canceling gets INTERRUPT killnowait, one without gets none`, async () => {
        const callee = await raw(ser, CANCELING);
        const plain = await raw(ser, NO_FEATURES);
        const proc = uniqueUri('leave');
        const plainProc = uniqueUri('leave_plain');
        await rawRegister(callee, proc);
        await rawRegister(plain, plainProc);
        const caller = await raw(ser, NO_FEATURES);
        rawCall(caller, proc, {}, ['pending']);
        rawCall(caller, plainProc, {}, ['pending']);
        const inv = await expect(callee, MSG.INVOCATION, 'INVOCATION');
        const inv2 = await expect(plain, MSG.INVOCATION, 'INVOCATION (plain)');
        if (how === 'GOODBYE') {
          caller.send([MSG.GOODBYE, {}, 'wamp.close.normal']);
          const g = await expect(caller, MSG.GOODBYE, 'GOODBYE reply');
          assert.equal(g[2], 'wamp.close.goodbye_and_out');
        } else {
          caller.terminate();
        }
        const intr = await expect(callee, INTERRUPT, 'INTERRUPT after the caller left');
        assert.deepStrictEqual([intr[1], intr[2]?.mode], [inv[1], 'killnowait'], `INTERRUPT ${JSON.stringify(intr)}`);
        callee.send([MSG.ERROR, MSG.INVOCATION, inv[1], {}, 'wamp.error.canceled']); // dropped silently
        plain.send([MSG.YIELD, inv2[1], {}, ['late']]); // dropped silently
        const control = await raw(ser, NO_FEATURES);
        await expectNextIsControlInvocation(control, plain, plainProc, 'plain callee: no INTERRUPT');
        await expectNextIsControlInvocation(control, callee, proc, 'canceling callee: nothing after the INTERRUPT');
      });
    }
  });
}
