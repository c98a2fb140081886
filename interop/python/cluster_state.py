"""One realm's state across two Junction nodes as autobahn-python sees them (run by ClusterIT, not by unittest
discovery). Node A and node B are in one cluster; every check below has its positive control.

- Retention: B publishes retained events no subscriber waits for; a subscriber on A with get_retained gets the last
  one (eligible applies on A: the eligible session gets it, another does not); a topic published without retain
  gives nothing (control: a retained topic published after it by the same publisher does).
- Event history (realm "history", topic com.junction.interop.history.log keeps 3): publications on B are answered by
  wamp.subscription.get_events on A and B alike.
- Session meta API: wamp.session.count/list/get on A answer for B's sessions and the other way round;
  wamp.session.kill on A ends a session of B (control: a bystander on B stays); kill_by_authid reaches B; a
  subscriber of wamp.session.on_join/on_leave on A sees B's sessions join and leave.
- Subscription and registration meta API: a subscription and a registration of a client of B are answered on A by
  wamp.subscription.lookup/get/list_subscribers/count_subscribers and wamp.registration.lookup/get/count_callees
  (control: a topic nobody subscribed looks up to null); once A subscribes the same topic itself, lookup on A answers
  A's own id (a topic subscribed on two nodes has one id on each) while B's id still answers get; remove_subscriber on
  A of B's subscription refuses a session that is no subscriber of it and removes the subscriber it names (control:
  B's other subscriber of the topic stays; once it unsubscribes, A's match of the topic finds A's id only and get of
  B's id fails); remove_callee on A removes B's callee.
- Cookie: a cookie handed out by A's cookie listener and authenticated there (ticket, alice) authenticates on B's
  cookie listener (authmethods ["cookie"] only); a cookie B never heard of is refused there.
- Dynamic authentication: the authenticator procedure is registered by a client of A; a ticket login on B's dynamic
  listener is decided by it (its call crosses to A); a wrong ticket is refused.
Prints one JSON line with what the clients saw; ClusterIT holds it.
"""
import asyncio
import json
import os
import socket
import uuid

from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import ComponentConfig, PublishOptions, SubscribeOptions

URL_A = os.environ["JUNCTION_URL_A"]
URL_B = os.environ["JUNCTION_URL_B"]
COOKIE_A = int(os.environ["JUNCTION_COOKIE_PORT_A"])
COOKIE_B = int(os.environ["JUNCTION_COOKIE_PORT_B"])
AUTHDYN_B = int(os.environ["JUNCTION_AUTHDYN_PORT_B"])
TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "30"))
HISTORY_TOPIC = "com.junction.interop.history.log"


class Peer(ApplicationSession):
    """A client that joins with the given methods and answers a ticket challenge."""

    def __init__(self, config, authmethods, authid, ticket):
        super().__init__(config)
        self._methods, self._wanted_authid, self._ticket = authmethods, authid, ticket
        loop = asyncio.get_running_loop()
        self.joined, self.left = loop.create_future(), loop.create_future()

    def onConnect(self):
        self.join(self.config.realm, self._methods, self._wanted_authid)

    def onChallenge(self, challenge):
        return self._ticket

    async def onJoin(self, details):
        self.joined.set_result(details)

    def onLeave(self, details):
        if not self.joined.done():
            self.joined.set_exception(ApplicationError(details.reason, details.message))
        if not self.left.done():
            self.left.set_result(details.reason)
        self.disconnect()


def port_of(url):
    return int(url.split("//")[1].split("/")[0].rsplit(":", 1)[1])


async def connect(port, realm="realm1", authmethods=None, authid=None, ticket=None, cookie=None):
    loop = asyncio.get_running_loop()
    session = Peer(ComponentConfig(realm), authmethods, authid, ticket)
    url = "ws://127.0.0.1:%d/ws" % port
    factory = WampWebSocketClientFactory(lambda: session, url=url, headers={"Cookie": cookie} if cookie else None)
    await loop.create_connection(factory, "127.0.0.1", port)
    details = await asyncio.wait_for(session.joined, TIMEOUT)
    return session, details


async def until(what, condition):
    for _ in range(int(TIMEOUT * 10)):
        if await condition():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(what)


def handshake_cookie(port):
    """A bare WebSocket upgrade to a cookie-tracking listener: the cbtid=... it hands out."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Protocol: wamp.2.json\r\n\r\n" % port).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    for line in head.decode("latin-1").split("\r\n"):
        if line.lower().startswith("set-cookie:"):
            return line.split(":", 1)[1].strip().split(";")[0]
    raise AssertionError("no Set-Cookie in " + head.decode("latin-1"))


async def listener_up(port):
    for _ in range(int(TIMEOUT * 10)):
        try:
            return handshake_cookie(port)
        except (OSError, AssertionError):
            await asyncio.sleep(0.1)
    raise TimeoutError("listener %d" % port)


async def retained_on(session, topic):
    """Subscribes with get_retained, returns the retained events it got, unsubscribes."""
    got = []
    sub = await session.subscribe(lambda *args, **kw: got.append(list(args)), topic,
                                  options=SubscribeOptions(get_retained=True))
    # The retained events are queued right after SUBSCRIBED: a round trip to the router flushes them.
    await session.call("wamp.session.count")
    await sub.unsubscribe()
    return got


async def main():
    out = {}
    base = "com.junction.cluster.s" + uuid.uuid4().hex[:12]
    a1, _ = await connect(port_of(URL_A))
    a2, _ = await connect(port_of(URL_A))
    pub, _ = await connect(port_of(URL_B))
    ack = PublishOptions(acknowledge=True)

    # ---- retention ----
    await pub.publish(base + ".ret", "first", options=PublishOptions(acknowledge=True, retain=True))
    await pub.publish(base + ".ret", "second", options=PublishOptions(acknowledge=True, retain=True))
    await pub.publish(base + ".plain", "not retained", options=ack)
    await pub.publish(base + ".ret2", "after plain", options=PublishOptions(acknowledge=True, retain=True))
    await pub.publish(base + ".elig", "for a2", options=PublishOptions(acknowledge=True, retain=True,
                                                                      eligible=[a2._session_id]))
    last = {}

    async def arrived():
        last["ret"] = await retained_on(a1, base + ".ret")
        return last["ret"] == [["second"]]
    await until("the retained event reaches node A", arrived)
    out["ret_on_a"] = last["ret"]
    out["ret2_on_a"] = await retained_on(a1, base + ".ret2")  # published after .plain by the same publisher
    out["plain_on_a"] = await retained_on(a1, base + ".plain")
    out["elig_a2"] = await retained_on(a2, base + ".elig")
    out["elig_a1"] = await retained_on(a1, base + ".elig")
    out["ret_on_b"] = await retained_on(pub, base + ".ret")

    # ---- event history on realm "history" ----
    ha, _ = await connect(port_of(URL_A), realm="history")
    hb, _ = await connect(port_of(URL_B), realm="history")
    marker = uuid.uuid4().hex
    published = []
    for i in range(5):
        p = await hb.publish(HISTORY_TOPIC, marker, i, options=ack)
        published.append(p.id)
    sub_a = await ha.subscribe(lambda *a: None, HISTORY_TOPIC)
    sub_b = await hb.subscribe(lambda *a: None, HISTORY_TOPIC)

    async def history_on_a():
        events = await ha.call("wamp.subscription.get_events", sub_a.id)
        return [e["publication"] for e in events] == published[-3:]
    await until("node A's history holds node B's last three publications", history_on_a)
    events_a = await ha.call("wamp.subscription.get_events", sub_a.id)
    events_b = await hb.call("wamp.subscription.get_events", sub_b.id)
    expected = [[marker, i] for i in range(2, 5)]
    out["history_a"] = [e["args"] for e in events_a]
    out["history_a_ok"] = out["history_a"] == expected
    out["history_b_ok"] = [e["args"] for e in events_b] == expected
    out["history_same"] = [e["publication"] for e in events_a] == [e["publication"] for e in events_b]

    # ---- session meta API ----
    meta_seen = {"join": [], "leave": []}
    await a2.subscribe(lambda d: meta_seen["join"].append(d["session"]), "wamp.session.on_join")
    await a2.subscribe(lambda sid, *rest: meta_seen["leave"].append(sid), "wamp.session.on_leave")
    victim, _ = await connect(port_of(URL_B))
    bystander, _ = await connect(port_of(URL_B))
    both = {victim._session_id, bystander._session_id}  # autobahn forgets its session id when it leaves
    mine = {a1._session_id, a2._session_id, pub._session_id, victim._session_id, bystander._session_id}

    async def everyone_known():
        on_a = set(await a1.call("wamp.session.list"))
        on_b = set(await pub.call("wamp.session.list"))
        return mine <= on_a and mine <= on_b
    await until("both nodes list every session", everyone_known)
    out["count_a"] = await a1.call("wamp.session.count")
    out["count_b"] = await pub.call("wamp.session.count")
    out["list_same"] = sorted(await a1.call("wamp.session.list")) == sorted(await pub.call("wamp.session.list"))
    got = await a1.call("wamp.session.get", victim._session_id)
    out["get_remote"] = got["session"] == victim._session_id and got["authrole"] == "anonymous"
    try:
        await a1.call("wamp.session.get", 4242)
        out["get_unknown"] = None
    except ApplicationError as e:
        out["get_unknown"] = e.error
    await a1.call("wamp.session.kill", victim._session_id, reason="wamp.close.killed", message="from node A")
    out["victim_reason"] = await asyncio.wait_for(victim.left, TIMEOUT)
    out["bystander_alive"] = not bystander.left.done() and bool(await bystander.call("wamp.session.count"))
    authid = (await a1.call("wamp.session.get", bystander._session_id))["authid"]
    out["killed_by_authid"] = await a1.call("wamp.session.kill_by_authid", authid)
    out["bystander_reason"] = await asyncio.wait_for(bystander.left, TIMEOUT)

    async def meta_events_seen():
        return both <= set(meta_seen["join"]) and both <= set(meta_seen["leave"])
    try:
        await until("node A's meta subscriber sees node B's sessions join and leave", meta_events_seen)
    except TimeoutError:
        print("META seen on A " + json.dumps({"seen": meta_seen, "expected": sorted(both)}))
        raise
    out["meta_events_on_a"] = sorted(set(meta_seen["join"]) & both) == sorted(both)

    # ---- subscription and registration meta API across the nodes ----
    # Their owners on B are clients of their own: autobahn-python 22.7 drops its connection on the UNSUBSCRIBED /
    # UNREGISTERED of a revocation (remove_subscriber, remove_callee), whichever node asks for it.
    topic, proc = base + ".meta.topic", base + ".meta.proc"
    sub_owner, _ = await connect(port_of(URL_B))
    reg_owner, _ = await connect(port_of(URL_B))
    sub_owner_id, reg_owner_id = sub_owner._session_id, reg_owner._session_id
    on_b = await sub_owner.subscribe(lambda *a: None, topic)
    reg_b = await reg_owner.register(lambda: 1, proc)

    async def b_known_on_a():
        return (await a1.call("wamp.subscription.lookup", topic) == on_b.id
                and await a1.call("wamp.registration.lookup", proc) == reg_b.id)
    await until("node A's meta API knows node B's subscription and registration", b_known_on_a)
    got = await a1.call("wamp.subscription.get", on_b.id)
    out["sub_get_on_a"] = [got["id"] == on_b.id, got["uri"], got["match"]]
    out["sub_subscribers_on_a"] = await a1.call("wamp.subscription.list_subscribers", on_b.id) == [sub_owner_id]
    out["sub_count_on_a"] = await a1.call("wamp.subscription.count_subscribers", on_b.id)
    out["sub_lookup_none"] = await a1.call("wamp.subscription.lookup", base + ".meta.nobody")
    out["sub_in_list_on_a"] = on_b.id in (await a1.call("wamp.subscription.list"))["exact"]
    out["sub_in_match_on_a"] = on_b.id in (await a1.call("wamp.subscription.match", topic) or [])
    reg = await a1.call("wamp.registration.get", reg_b.id)
    out["reg_get_on_a"] = [reg["id"] == reg_b.id, reg["uri"] == proc, reg["invoke"]]
    out["reg_callees_on_a"] = await a1.call("wamp.registration.count_callees", reg_b.id)
    out["reg_match_on_a"] = await a1.call("wamp.registration.match", proc) == reg_b.id
    on_a = await a2.subscribe(lambda *a: None, topic)
    out["lookup_prefers_own"] = (on_a.id != on_b.id
                                 and await a1.call("wamp.subscription.lookup", topic) == on_a.id
                                 and await a1.call("wamp.subscription.list_subscribers", on_b.id)
                                 == [sub_owner_id])
    # A second subscriber of the topic on B shares B's subscription; remove_subscriber on A removes only the one named.
    stay = await pub.subscribe(lambda *a: None, topic)
    out["same_id_on_b"] = stay.id == on_b.id

    async def two_on_a():
        return await a1.call("wamp.subscription.count_subscribers", on_b.id) == 2
    await until("node A sees both subscribers of node B's subscription", two_on_a)
    try:
        await a1.call("wamp.subscription.remove_subscriber", on_b.id, a1._session_id)
        out["remove_not_subscriber"] = None
    except ApplicationError as e:
        out["remove_not_subscriber"] = e.error
    out["remove_remote"] = await a1.call("wamp.subscription.remove_subscriber", on_b.id, sub_owner_id)

    async def one_left_on_a():
        return await a1.call("wamp.subscription.list_subscribers", on_b.id) == [pub._session_id]
    await until("node B removes the subscriber node A named", one_left_on_a)
    out["sub_after_remove"] = True
    gone_id = on_b.id
    await stay.unsubscribe()

    async def b_gone_on_a():
        return gone_id not in ((await a1.call("wamp.subscription.match", topic)) or [])
    await until("node A forgets node B's subscription", b_gone_on_a)
    try:
        await a1.call("wamp.subscription.get", gone_id)
        out["sub_get_gone"] = None
    except ApplicationError as e:
        out["sub_get_gone"] = e.error
    out["sub_match_after"] = await a1.call("wamp.subscription.match", topic) == [on_a.id]
    await on_a.unsubscribe()
    out["remove_callee"] = await a1.call("wamp.registration.remove_callee", reg_b.id, reg_owner_id)

    async def reg_gone_on_a():
        return await a1.call("wamp.registration.lookup", proc) is None
    await until("node B removes its callee at node A's request", reg_gone_on_a)
    out["reg_removed_on_a"] = True

    # ---- a cookie from node A on node B ----
    await listener_up(COOKIE_B)
    cookie = await listener_up(COOKIE_A)
    alice, welcome = await connect(COOKIE_A, authmethods=["ticket"], authid="alice", ticket="alice-ticket",
                                   cookie=cookie)
    out["cookie_first"] = welcome.authmethod
    alice.leave()
    again, welcome = await connect(COOKIE_B, authmethods=["cookie"], cookie=cookie)
    out["cookie_on_b"] = [welcome.authid, welcome.authrole, welcome.authmethod]
    again.leave()
    try:
        await connect(COOKIE_B, authmethods=["cookie"], cookie="cbtid=" + "A" * 24)
        out["forged_on_b"] = None
    except ApplicationError as e:
        out["forged_on_b"] = e.error

    # ---- a dynamic authenticator registered on node A, used by node B ----
    def authenticate(realm, authid, details):
        if details.get("ticket") == "dyn-secret":
            return "user"
        raise ApplicationError("com.example.denied", "wrong ticket")
    await a1.register(authenticate, "com.junction.interop.authenticate")
    await until("node B knows the authenticator", lambda: _registered_on(pub))
    dyn, welcome = await connect(AUTHDYN_B, authmethods=["ticket"], authid="dyn-user", ticket="dyn-secret")
    out["dynamic_on_b"] = [welcome.authid, welcome.authrole, welcome.authprovider]
    dyn.leave()
    try:
        await connect(AUTHDYN_B, authmethods=["ticket"], authid="dyn-user", ticket="nope")
        out["dynamic_wrong"] = None
    except ApplicationError as e:
        out["dynamic_wrong"] = e.error

    print("RESULT " + json.dumps(out))
    for s in (a1, a2, pub, ha, hb):
        s.leave()
    await asyncio.sleep(0.2)


async def _registered_on(session):
    """Whether a call from this session's node reaches the authenticator (a probe that crosses like the router's)."""
    try:
        await session.call("com.junction.interop.authenticate", "realm1", "probe", {"ticket": "dyn-secret"})
        return True
    except ApplicationError as e:
        if e.error == "wamp.error.no_such_procedure":
            return False
        raise


asyncio.run(main())
