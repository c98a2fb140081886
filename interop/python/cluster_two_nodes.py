"""Two Junction nodes in one cluster as autobahn-python sees them (run by ClusterIT, not by unittest discovery).

Node A (JUNCTION_URL_A) has two subscribers, one exact and one wildcard; node B (JUNCTION_URL_B) has the publisher,
which subscribes too (publisher exclusion), and a local subscriber. The publisher publishes probes until A's
subscribers get one (a subscription reaches the other nodes shortly after SUBSCRIBED), then events nobody
subscribes to, a numbered sequence, events black- and whitelisted by session id, and "done". Then RPC: a callee on A,
calls from B (a result, an application error, a procedure nobody registered) and a second registration of A's
procedure on B. Then calls across nodes with more than one callee and with call options: a shared roundrobin
registration with a callee on each node, called from B and from A (the policy rotates over both nodes' callees);
progressive results from A's callee to B's caller; a CANCEL of a running call and a call timeout, each ending in
an INTERRUPT on A; caller disclosure (disclose_me) and its control. Prints one JSON line with what every client saw
and how many calls crossed each way; ClusterIT holds it against the nodes' counters.
"""
import asyncio
import json
import os
import uuid

from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp import message
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import (CallDetails, CallOptions, ComponentConfig, EventDetails, PublishOptions,
                                 RegisterOptions, SubscribeOptions)

URL_A = os.environ["JUNCTION_URL_A"]
URL_B = os.environ["JUNCTION_URL_B"]
REALM = os.environ.get("JUNCTION_REALM", "realm1")
TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "30"))
SEQUENCE = 20


class DisclosingCallMessage(message.Call):
    """A CALL with disclose_me, which autobahn-python 22.7 can no longer send."""

    def marshal(self):
        msg = super().marshal()
        msg[2]["disclose_me"] = True
        return msg


def call_disclosing(session, procedure):
    """session.call, its CALL built (synchronously, inside call) as a DisclosingCallMessage."""
    original = message.Call
    message.Call = DisclosingCallMessage
    try:
        return session.call(procedure)
    finally:
        message.Call = original


class Peer(ApplicationSession):
    async def onJoin(self, details):
        self.joined.set_result(details.session)


async def connect(url):
    loop = asyncio.get_running_loop()
    session = Peer(ComponentConfig(REALM))
    session.joined = loop.create_future()
    host, port = url.split("//")[1].split("/")[0].rsplit(":", 1)
    factory = WampWebSocketClientFactory(lambda: session, url=url)
    await loop.create_connection(factory, host.strip("[]"), int(port))
    await asyncio.wait_for(session.joined, TIMEOUT)
    return session


def collector(store):
    def on_event(*args, details: EventDetails = None):
        store.append({"args": list(args), "topic": details.topic if details else None})
    return on_event


async def until(what, condition):
    for _ in range(int(TIMEOUT * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(what)


async def main():
    base = "com.junction.cluster.r" + uuid.uuid4().hex[:12]
    topic = base + ".x.news"
    a1, a2 = await connect(URL_A), await connect(URL_A)
    pub, b_sub = await connect(URL_B), await connect(URL_B)
    seen = {"a1": [], "a2": [], "pub": [], "b_sub": []}
    await a1.subscribe(collector(seen["a1"]), topic)
    await a2.subscribe(collector(seen["a2"]), base + "..news", options=SubscribeOptions(match="wildcard",
                                                                                        details_arg="details"))
    await pub.subscribe(collector(seen["pub"]), topic)
    await b_sub.subscribe(collector(seen["b_sub"]), topic)
    ack = PublishOptions(acknowledge=True)

    probes = 0
    while not seen["a1"]:
        probes += 1
        await pub.publish(topic, "probe", probes, options=ack)
        if probes > TIMEOUT * 10:
            raise TimeoutError("no probe reached node A")
        await asyncio.sleep(0.1)
    for i in range(3):
        await pub.publish(base + ".nobody", "nobody", i, options=ack)
    for i in range(SEQUENCE):
        await pub.publish(topic, "seq", i, options=ack)
    await pub.publish(topic, "not-a1", options=PublishOptions(acknowledge=True, exclude=[a1._session_id]))
    await pub.publish(topic, "only-a2", options=PublishOptions(acknowledge=True, eligible=[a2._session_id]))
    await pub.publish(topic, "done", options=ack)
    await until("node A's subscribers get done",
                lambda: any(e["args"] == ["done"] for e in seen["a1"])
                and any(e["args"] == ["done"] for e in seen["a2"])
                and any(e["args"] == ["done"] for e in seen["b_sub"]))

    # RPC across nodes: a callee on A, its caller on B.
    def add(x, y):
        return x + y

    def fail():
        raise ApplicationError("com.example.oops", "bad")

    await a1.register(add, base + ".add")
    await a1.register(fail, base + ".fail")
    attempts = 0
    rpc_result = None
    while rpc_result is None:
        attempts += 1
        try:
            rpc_result = await pub.call(base + ".add", 1, 2)
        except ApplicationError as e:
            if e.error != "wamp.error.no_such_procedure" or attempts > TIMEOUT * 10:
                raise
            await asyncio.sleep(0.1)
    rpc_error = rpc_dup = rpc_none = None
    try:
        await pub.call(base + ".fail")
    except ApplicationError as e:
        rpc_error = e.error + " " + " ".join(str(a) for a in e.args)
    try:
        await b_sub.register(add, base + ".add")
    except ApplicationError as e:
        rpc_dup = e.error
    try:
        await pub.call(base + ".none")
    except ApplicationError as e:
        rpc_none = e.error

    rpc = await calls_across_nodes(base, a1, a2, pub, b_sub)

    def args_of(name, first):
        return [e["args"] for e in seen[name] if e["args"] and e["args"][0] == first]

    def in_order(name):
        return [a[1] for a in args_of(name, "seq")] == list(range(SEQUENCE))

    everyone = seen["a1"] + seen["a2"] + seen["pub"] + seen["b_sub"]
    print("RESULT " + json.dumps({
        "a1_session": a1._session_id, "a2_session": a2._session_id,
        "pub_session": pub._session_id, "b_sub_session": b_sub._session_id,
        "probes_published": probes,
        "a1_probes": len(args_of("a1", "probe")), "a2_probes": len(args_of("a2", "probe")),
        "b_sub_probes": len(args_of("b_sub", "probe")),
        "a1_seq_in_order": in_order("a1"), "a2_seq_in_order": in_order("a2"), "b_sub_seq_in_order": in_order("b_sub"),
        "a1_not_a1": len(args_of("a1", "not-a1")), "a2_not_a1": len(args_of("a2", "not-a1")),
        "a1_only_a2": len(args_of("a1", "only-a2")), "a2_only_a2": len(args_of("a2", "only-a2")),
        "a2_topic_ok": all(e["topic"] == topic for e in seen["a2"]),
        "nobody_seen": sum(1 for e in everyone if e["args"] and e["args"][0] == "nobody"),
        "pub_own_events": len(seen["pub"]),
        "rpc_result": rpc_result, "rpc_error": rpc_error, "rpc_dup": rpc_dup, "rpc_none": rpc_none,
        **rpc,
        # add and fail crossed from B to A above
        "crossed_b_to_a": rpc["crossed_b_to_a"] + 2,
    }))
    for s in (a1, a2, pub, b_sub):
        s.leave()
    await asyncio.sleep(0.2)


async def calls_across_nodes(base, a1, a2, pub, b_sub):
    """Calls whose callees are on the other node, or on both; returns what the clients saw."""
    crossed = {"b_to_a": 0, "a_to_b": 0}

    # Round robin over a callee on each node.
    await a2.register(lambda: "A", base + ".rr", options=RegisterOptions(invoke="roundrobin"))
    await b_sub.register(lambda: "B", base + ".rr", options=RegisterOptions(invoke="roundrobin"))
    async def until_both_callees_serve(caller, here, there, counter):
        # until the caller's node knows the other node's callee (a registration spreads just after REGISTERED)
        seen = set()
        attempts = 0
        while seen != {"A", "B"}:
            attempts += 1
            node = await caller.call(base + ".rr")
            crossed[counter] += node == there
            seen.add(node)
            if attempts > TIMEOUT * 10:
                raise TimeoutError("node %s never routed to node %s's callee" % (here, there))
            await asyncio.sleep(0.05)
        served = [await caller.call(base + ".rr") for _ in range(6)]
        crossed[counter] += served.count(there)
        return served

    rr_from_b = await until_both_callees_serve(pub, "B", "A", "b_to_a")
    rr_from_a = await until_both_callees_serve(a1, "A", "B", "a_to_b")

    # Progressive results, a cancel, a timeout and disclosure: callees on A, callers on B.
    async def countdown(n, details: CallDetails = None):
        for i in range(n):
            details.progress(i)
            await asyncio.sleep(0.01)
        return "done"

    started = {"slow": asyncio.Event(), "slower": asyncio.Event()}
    interrupted = []

    async def slow(name):
        started[name].set()
        try:
            await asyncio.sleep(TIMEOUT * 3)
        except asyncio.CancelledError:
            interrupted.append(name)
            raise
        return "never"

    def who(details: CallDetails = None):
        return [details.caller, details.caller_authid, details.caller_authrole]

    await a1.register(countdown, base + ".countdown", options=RegisterOptions(details_arg="details"))
    await a1.register(slow, base + ".slow")
    await a1.register(who, base + ".who", options=RegisterOptions(details_arg="details"))

    async def call_when_known(call):
        for _ in range(int(TIMEOUT * 10)):
            try:
                return await call()
            except ApplicationError as e:
                if e.error != "wamp.error.no_such_procedure":
                    raise
            await asyncio.sleep(0.1)
        raise TimeoutError("the registration never reached node B")

    progress = []
    final = await call_when_known(lambda: pub.call(base + ".countdown", 5,
                                                   options=CallOptions(on_progress=progress.append)))
    crossed["b_to_a"] += 1
    disclosed = await call_when_known(lambda: call_disclosing(pub, base + ".who"))
    concealed = await pub.call(base + ".who")
    crossed["b_to_a"] += 2

    canceled_with = None
    call = asyncio.ensure_future(pub.call(base + ".slow", "slow"))
    await asyncio.wait_for(started["slow"].wait(), TIMEOUT)
    crossed["b_to_a"] += 1
    call.cancel()
    try:
        await call
    except asyncio.CancelledError:
        canceled_with = "CancelledError"
    except ApplicationError as e:
        canceled_with = e.error
    timed_out_with = None
    try:
        await pub.call(base + ".slow", "slower", options=CallOptions(timeout=500))
    except ApplicationError as e:
        timed_out_with = e.error
    crossed["b_to_a"] += 1
    await until("both slow calls are interrupted on node A", lambda: len(interrupted) == 2)

    return {
        "rr_from_b": rr_from_b, "rr_from_a": rr_from_a,
        "progress": progress, "progress_final": final,
        "disclosed": disclosed, "concealed": concealed,
        "canceled_with": canceled_with, "timed_out_with": timed_out_with, "interrupted": sorted(interrupted),
        "crossed_b_to_a": crossed["b_to_a"], "crossed_a_to_b": crossed["a_to_b"],
    }


asyncio.run(main())
