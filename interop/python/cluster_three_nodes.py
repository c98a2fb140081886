"""Three Junction nodes A, B, C, one of them killed, as autobahn-python sees it (run by ClusterIT in two phases, not
by unittest discovery). Prints one JSON line (RESULT) with what every client saw; ClusterIT asserts on it.

Phase `failure`: subscribers on A, B and C; publishers on B and C; a shared (roundrobin) registration with callees
on A and C; a procedure on C that never answers; callers on A and B. Once everything is visible across the nodes,
six calls wait in C's callee, B and C publish numbered events and B calls the shared procedure in a loop; then C's
JVM gets SIGKILL. What the clients on A and B must see: the six pending calls answered with an ERROR when the loss
is detected (not by their timeout), C's registrations gone (no_such_procedure), the shared procedure served by A
alone, and every event B published reaching A and B's own subscriber once and in order, before, during and after
the kill.

Phase `rejoin` (after C restarted): new sessions on every node; C's new subscription and registrations are visible
from A and B, calls route to C again, events cross both ways, and nothing of C's killed sessions came back.
"""
import asyncio
import json
import os
import signal
import sys
import time
import uuid

from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import ComponentConfig, PublishOptions, RegisterOptions, CallOptions

URL = {n: os.environ["JUNCTION_URL_" + n] for n in ("A", "B", "C")}
REALM = os.environ.get("JUNCTION_REALM", "realm1")
TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "30"))
MEMBER_TIMEOUT = float(os.environ.get("JUNCTION_MEMBER_TIMEOUT", "5"))
# How long detecting a dead member may take at most on a loaded machine: the member timeout, a heartbeat and room.
DETECTION_BOUND = MEMBER_TIMEOUT + 1 + 20
NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure"
PENDING = 6  # calls waiting in C's callee when C dies: 3 from A, 3 from B
AFTER = 20   # publications and calls after the loss was detected


class Peer(ApplicationSession):
    async def onJoin(self, details):
        self.joined.set_result(details.session)

    def onLeave(self, details):
        self.left = details.reason
        self.disconnect()


async def connect(node):
    loop = asyncio.get_running_loop()
    session = Peer(ComponentConfig(REALM))
    session.joined = loop.create_future()
    session.left = None
    host, port = URL[node].split("//")[1].split("/")[0].rsplit(":", 1)
    factory = WampWebSocketClientFactory(lambda: session, url=URL[node])
    await loop.create_connection(factory, host.strip("[]"), int(port))
    await asyncio.wait_for(session.joined, TIMEOUT)
    return session


async def until(what, condition, bound=TIMEOUT):
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


async def call_until_known(session, procedure, *args):
    """Calls until the procedure is known on the caller's node (a registration reaches the others shortly after)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            return await asyncio.wait_for(session.call(procedure, *args), TIMEOUT)
        except ApplicationError as e:
            if e.error != NO_SUCH_PROCEDURE or time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


async def publish_until_seen(publisher, topic, stores, tag):
    """Probes until every store got one (a subscription reaches the other nodes shortly after SUBSCRIBED)."""
    probes = 0
    deadline = time.monotonic() + TIMEOUT
    while not all(any(e[0] == tag for e in s) for s in stores):
        if time.monotonic() > deadline:
            raise TimeoutError("probes " + tag + " not seen")
        probes += 1
        await publisher.publish(topic, tag, probes, options=PublishOptions(acknowledge=True))
        await asyncio.sleep(0.05)
    return probes


def collector(store):
    def on_event(*args):
        store.append(list(args))
    return on_event


def numbers(store, tag):
    return [e[1] for e in store if e and e[0] == tag]


def error_of(outcome):
    return outcome.error if isinstance(outcome, ApplicationError) else repr(outcome)


async def failure():
    base = "com.junction.cluster3.f" + uuid.uuid4().hex[:10]
    topic, shared, hang, single = base + ".t", base + ".shared", base + ".hang", base + ".single"
    a_sub, b_sub, c_sub = await connect("A"), await connect("B"), await connect("C")
    b_pub, c_pub = await connect("B"), await connect("C")
    a_callee, c_callee = await connect("A"), await connect("C")
    a_caller, b_caller = await connect("A"), await connect("B")
    seen = {"a": [], "b": [], "c": []}
    for name, s in (("a", a_sub), ("b", b_sub), ("c", c_sub)):
        await s.subscribe(collector(seen[name]), topic)
    shared_opts = RegisterOptions(invoke="roundrobin")
    await a_callee.register(lambda: "A", shared, options=shared_opts)
    await c_callee.register(lambda: "C", shared, options=shared_opts)
    held = []

    def never_answers():
        future = asyncio.get_running_loop().create_future()
        held.append(future)
        return future

    await c_callee.register(never_answers, hang)
    await c_callee.register(lambda: "C", single)

    # Everything visible everywhere: B's and C's events reach the other two nodes, B's calls of the shared
    # procedure reach both callees (B has none of its own, so B's node takes turns), A reaches C's single one.
    await publish_until_seen(b_pub, topic, [seen["a"], seen["c"]], "probe-b")
    await publish_until_seen(c_pub, topic, [seen["a"], seen["b"]], "probe-c")
    served_before = set()
    for _ in range(200):
        served_before.add(await call_until_known(b_caller, shared))
        if served_before == {"A", "C"}:
            break
    single_before = await call_until_known(a_caller, single)

    # Six calls wait in C's callee.
    pending = [asyncio.ensure_future(caller.call(hang, options=CallOptions(timeout=120000)))
               for caller in (a_caller, a_caller, a_caller, b_caller, b_caller, b_caller)]
    await until("the pending calls reach C's callee", lambda: len(held) == PENDING)

    # Traffic while C dies: numbered events from B and C, shared calls from B.
    state = {"stop": False, "b_published": 0, "c_published": 0, "c_publish_failed": None, "detected_at": None}
    shared_outcomes = []  # (called after the loss was detected?, "A" / "C" / error uri)

    async def stream_b():
        i = 0
        while not state["stop"]:
            await b_pub.publish(topic, "b-seq", i, options=PublishOptions(acknowledge=True))
            i += 1
            state["b_published"] = i
            await asyncio.sleep(0.01)

    async def stream_c():
        i = 0
        try:
            while not state["stop"]:
                await asyncio.wait_for(c_pub.publish(topic, "c-seq", i, options=PublishOptions(acknowledge=True)),
                                       TIMEOUT)
                i += 1
                state["c_published"] = i
                await asyncio.sleep(0.01)
        except Exception as e:  # C died under it
            state["c_publish_failed"] = type(e).__name__

    async def shared_calls():
        while not state["stop"]:
            called_after_detection = state["detected_at"] is not None
            try:
                outcome = await asyncio.wait_for(b_caller.call(shared), DETECTION_BOUND + TIMEOUT)
            except ApplicationError as e:
                outcome = e.error
            shared_outcomes.append((called_after_detection, outcome))

    streams = [asyncio.ensure_future(f()) for f in (stream_b, stream_c, shared_calls)]
    await until("traffic flows", lambda: state["b_published"] >= 20 and state["c_published"] >= 20
                and len(shared_outcomes) >= 10)

    os.kill(int(os.environ["JUNCTION_PID_C"]), signal.SIGKILL)
    killed_at = time.monotonic()

    # The pending calls: each answered with an ERROR once the loss is detected.
    answered = await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), DETECTION_BOUND)
    pending_answered_after = time.monotonic() - killed_at
    state["detected_at"] = time.monotonic()

    # C's registrations: gone from A and B (its single procedure is no longer known).
    single_after = None
    while single_after is None:
        try:
            await asyncio.wait_for(a_caller.call(single), DETECTION_BOUND)
            single_after = "answered"
        except ApplicationError as e:
            if e.error == NO_SUCH_PROCEDURE:
                single_after = e.error
            elif time.monotonic() - killed_at > DETECTION_BOUND:
                single_after = e.error
    single_gone_after = time.monotonic() - killed_at

    # Traffic goes on between A and B.
    after = len([o for o in shared_outcomes if o[0]])
    await until("shared calls after the loss", lambda: len([o for o in shared_outcomes if o[0]]) >= after + AFTER)
    b_at_detection = state["b_published"]
    await until("B publishes after the loss", lambda: state["b_published"] >= b_at_detection + AFTER)
    state["stop"] = True
    await asyncio.gather(*streams, return_exceptions=True)
    await b_pub.publish(topic, "b-done", options=PublishOptions(acknowledge=True))
    await until("A and B get b-done", lambda: ["b-done"] in seen["a"] and ["b-done"] in seen["b"])
    shared_after_caller_a = await a_caller.call(shared)

    def in_order_once(values):
        return values == sorted(set(values))

    result = {
        "served_before": sorted(served_before), "single_before": single_before,
        "pending_errors": [error_of(o) for o in answered],
        "pending_answered_after_s": round(pending_answered_after, 2),
        "single_after": single_after, "single_gone_after_s": round(single_gone_after, 2),
        "shared_after_detection": sorted({str(o[1]) for o in shared_outcomes if o[0]}),
        "shared_after_detection_count": len([o for o in shared_outcomes if o[0]]),
        "shared_during": sorted({str(o[1]) for o in shared_outcomes if not o[0]}),
        "shared_from_a_after": shared_after_caller_a,
        "b_published": state["b_published"],
        "a_b_seq_complete": numbers(seen["a"], "b-seq") == list(range(state["b_published"])),
        "b_b_seq_complete": numbers(seen["b"], "b-seq") == list(range(state["b_published"])),
        "a_b_seq_received": len(numbers(seen["a"], "b-seq")),
        "c_published_acknowledged": state["c_published"], "c_publish_failed": state["c_publish_failed"],
        "a_c_seq_received": len(numbers(seen["a"], "c-seq")), "b_c_seq_received": len(numbers(seen["b"], "c-seq")),
        "a_c_seq_in_order_once": in_order_once(numbers(seen["a"], "c-seq")),
        "b_c_seq_in_order_once": in_order_once(numbers(seen["b"], "c-seq")),
        "a_b_b_sessions_open": all(s.left is None for s in (a_sub, b_sub, b_pub, a_callee, a_caller, b_caller)),
        "c_sessions_lost": all(not s.is_attached() for s in (c_sub, c_pub, c_callee)),
    }
    print("RESULT " + json.dumps(result))
    for s in (a_sub, b_sub, b_pub, a_callee, a_caller, b_caller):
        s.leave()
    await asyncio.sleep(0.2)


async def rejoin():
    base = "com.junction.cluster3.r" + uuid.uuid4().hex[:10]
    topic, shared, single = base + ".t", base + ".shared", base + ".single"
    a_sub, c_sub = await connect("A"), await connect("C")
    b_pub, c_pub = await connect("B"), await connect("C")
    a_callee, c_callee = await connect("A"), await connect("C")
    a_caller, b_caller, c_caller = await connect("A"), await connect("B"), await connect("C")
    seen = {"a": [], "c": []}
    await a_sub.subscribe(collector(seen["a"]), topic)
    await c_sub.subscribe(collector(seen["c"]), topic)
    shared_opts = RegisterOptions(invoke="roundrobin")
    await a_callee.register(lambda: "A", shared, options=shared_opts)
    await c_callee.register(lambda: "C", shared, options=shared_opts)
    await c_callee.register(lambda: "C", single)

    # C's new subscription is visible from B, and C's events reach A.
    b_probes = await publish_until_seen(b_pub, topic, [seen["c"]], "probe-b")
    c_probes = await publish_until_seen(c_pub, topic, [seen["a"]], "probe-c")
    # C's new registrations: A's call of the single procedure routes to C; B's calls of the shared one take turns.
    single_from_a = await call_until_known(a_caller, single)
    served = set()
    for _ in range(200):
        served.add(await call_until_known(b_caller, shared))
        if served == {"A", "C"}:
            break
    # And the other way: a call on the restarted node reaches a procedure only A has.
    await a_callee.register(lambda: "A-only", base + ".a_only")
    a_only_from_c = await call_until_known(c_caller, base + ".a_only")
    print("RESULT " + json.dumps({
        "b_probes": b_probes, "c_probes": c_probes, "single_from_a": single_from_a, "served": sorted(served),
        "a_only_from_c": a_only_from_c,
    }))
    for s in (a_sub, c_sub, b_pub, c_pub, a_callee, c_callee, a_caller, b_caller, c_caller):
        s.leave()
    await asyncio.sleep(0.2)


asyncio.run({"failure": failure, "rejoin": rejoin}[sys.argv[1]]())
