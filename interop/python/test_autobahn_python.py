"""autobahn-python (Debian python3-autobahn, Crossbar's own WAMP engine) against Junction.

Run by the Maven harness (PythonSuiteIT) with /usr/bin/python3 -m unittest; needs JUNCTION_URL and JUNCTION_REALM.
Every WAMP operation is bounded by OP_TIMEOUT, so a hung router fails a test instead of hanging the build.
"""
import asyncio
import logging
import os
import unittest
import uuid
from urllib.parse import urlparse

import txaio

txaio.use_asyncio()

from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.asyncio.websocket import WampWebSocketClientFactory  # noqa: E402
from autobahn.wamp.exception import ApplicationError  # noqa: E402
from autobahn.wamp.serializer import CBORSerializer, JsonSerializer, MsgPackSerializer  # noqa: E402
from autobahn.wamp.types import CallResult, ComponentConfig, PublishOptions  # noqa: E402

URL = os.environ.get("JUNCTION_URL")
REALM = os.environ.get("JUNCTION_REALM", "realm1")
OP_TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "10"))
MAX_ID = 2 ** 53

if not URL:
    raise SystemExit("JUNCTION_URL is not set (e.g. ws://127.0.0.1:8080/ws); the Maven harness sets it")

if not os.environ.get("JUNCTION_DEBUG"):
    txaio.start_logging(level="critical")  # autobahn warns on every ERROR reply and orderly close
logging.getLogger("asyncio").setLevel(logging.CRITICAL)


class Refused(Exception):
    """The router answered HELLO with ABORT."""

    def __init__(self, reason, message):
        super().__init__(f"ABORT {reason} {message}")
        self.reason = reason


def unique_uri(name):
    return f"com.junction.interop.p{uuid.uuid4().hex[:12]}.{name}"


def rich_payload():
    args = [
        "Grüße, 世界! 🌍 ☃ — “quotes” \\ back\\slash \n newline \t tab",
        42, -7, 0, 9007199254740991, 1.5, -0.25,
        True, False, None,
        [1, [2, [3, ["deep"]]], {"a": []}],
        {"nested": {"list": [1, "two", {"three": 3}], "empty": {}}},
        "",
    ]
    kwargs = {
        "ключ": "значение",
        "emoji": "😀🎉",
        "obj": {"x": 1, "y": [True, None, "z"], "z": {"ü": "ö"}},
        "empty_list": [],
        "big": 4294967296,
    }
    return args, kwargs


def sample_bytes(n=300):
    return bytes(i % 256 for i in range(n))


def as_result(r):
    """autobahn returns a bare value for a single positional result; normalise to (args, kwargs)."""
    if isinstance(r, CallResult):
        return list(r.results), dict(r.kwresults)
    if r is None:
        return [], {}
    return [r], {}


class _Session(ApplicationSession):
    def __init__(self, config, joined, left):
        super().__init__(config)
        self._joined = joined
        self._left = left
        self.leave_reason = None

    def onJoin(self, details):
        if not self._joined.done():
            self._joined.set_result(details)

    def onLeave(self, details):
        self.leave_reason = details.reason
        if not self._joined.done():
            self._joined.set_exception(Refused(details.reason, details.message))
        return super().onLeave(details)

    def onDisconnect(self):
        if not self._joined.done():
            self._joined.set_exception(ConnectionError("disconnected before WELCOME"))
        if not self._left.done():
            self._left.set_result(self.leave_reason)
        super().onDisconnect()


class Client:
    """A joined autobahn-python session plus what the tests need to close it within bounds."""

    def __init__(self, session, details, left, serializer):
        self.session = session
        self.details = details
        self.left = left
        self.serializer = serializer

    @staticmethod
    async def open(serializer, realm=REALM):
        loop = asyncio.get_running_loop()
        joined, left = loop.create_future(), loop.create_future()
        made = []

        def make():
            s = _Session(ComponentConfig(realm=realm), joined, left)
            made.append(s)
            return s

        # "<name>.batched": wamp.2.<name>.batched (several messages per WebSocket message; autobahn-python batches)
        batched = serializer.endswith(".batched")
        base = serializer.removesuffix(".batched")
        ser = {"json": JsonSerializer, "msgpack": MsgPackSerializer, "cbor": CBORSerializer}[base](batched=batched)
        factory = WampWebSocketClientFactory(make, url=URL, serializers=[ser])
        u = urlparse(URL)
        await asyncio.wait_for(loop.create_connection(factory, u.hostname, u.port), OP_TIMEOUT)
        try:
            details = await asyncio.wait_for(joined, OP_TIMEOUT)
        except BaseException:
            if made and made[0]._transport:
                made[0]._transport.close()
            raise
        return Client(made[0], details, left, serializer)

    async def op(self, awaitable):
        return await asyncio.wait_for(awaitable, OP_TIMEOUT)

    async def close(self):
        """GOODBYE, then wait for the router's GOODBYE and the transport to close. Returns the reply reason."""
        if self.left.done():
            return self.left.result()
        if self.session.is_attached():
            self.session.leave()
        try:
            return await asyncio.wait_for(asyncio.shield(self.left), OP_TIMEOUT)
        finally:
            if self.session._transport:
                self.session._transport.close()


class _Base:
    """The suite, per serializer (subclasses set SER)."""

    SER = None

    async def asyncSetUp(self):
        self.clients = []

    async def asyncTearDown(self):
        for c in self.clients:
            try:
                await c.close()
            except Exception:  # noqa: BLE001 - best effort
                pass

    async def open(self, serializer=None, realm=REALM):
        c = await Client.open(serializer or self.SER, realm)
        self.clients.append(c)
        return c

    async def assert_error(self, awaitable, uri, what):
        try:
            result = await asyncio.wait_for(awaitable, OP_TIMEOUT)
        except ApplicationError as e:
            self.assertEqual(e.error, uri, f"{what}: error URI")
            return e
        self.fail(f"{what}: expected ERROR {uri}, got success {result!r}")

    async def test_join(self):
        """join: WELCOME has a valid session id and announces broker and dealer"""
        a = await self.open()
        b = await self.open()
        self.assertTrue(1 <= a.details.session <= MAX_ID, a.details.session)
        self.assertNotEqual(a.details.session, b.details.session)
        self.assertEqual(a.details.realm, REALM)
        self.assertIn("broker", a.session._router_roles)
        self.assertIn("dealer", a.session._router_roles)

    async def test_no_such_realm(self):
        """no_such_realm: HELLO for an unknown realm gets ABORT (control: realm1 joins)"""
        await self.open()
        with self.assertRaises(Refused) as ctx:
            await self.open(realm="no_such_realm_for_interop")
        self.assertEqual(ctx.exception.reason, "wamp.error.no_such_realm")

    async def test_goodbye(self):
        """GOODBYE is answered with GOODBYE wamp.close.goodbye_and_out"""
        c = await Client.open(self.SER)
        self.assertEqual(await c.close(), "wamp.close.goodbye_and_out")

    async def test_pubsub_acknowledge(self):
        """pub/sub: PUBLISH with acknowledge gets PUBLISHED; the subscriber gets args and kwargs"""
        sub, pub = await self.open(), await self.open()
        topic = unique_uri("topic")
        events = asyncio.Queue()
        await sub.op(sub.session.subscribe(lambda *a, **kw: events.put_nowait((list(a), kw)), topic))
        args, kwargs = rich_payload()
        publication = await pub.op(pub.session.publish(topic, *args, options=PublishOptions(acknowledge=True), **kwargs))
        self.assertTrue(1 <= publication.id <= MAX_ID, publication.id)
        got = await asyncio.wait_for(events.get(), OP_TIMEOUT)
        self.assertEqual(got, (args, kwargs))

    async def test_publisher_exclusion(self):
        """publisher exclusion: no own event by default; exclude_me=False delivers it"""
        a, b = await self.open(), await self.open()
        topic = unique_uri("excl")
        at_a, at_b = asyncio.Queue(), asyncio.Queue()
        await a.op(a.session.subscribe(lambda *x: at_a.put_nowait(list(x)), topic))
        await b.op(b.session.subscribe(lambda *x: at_b.put_nowait(list(x)), topic))
        await a.op(a.session.publish(topic, "excluded", options=PublishOptions(acknowledge=True)))
        self.assertEqual(await asyncio.wait_for(at_b.get(), OP_TIMEOUT), ["excluded"], "control: dispatched")
        await a.op(a.session.publish(topic, "included", options=PublishOptions(acknowledge=True, exclude_me=False)))
        # Same publisher and topic: publication order holds, so an 'excluded' event would arrive first.
        self.assertEqual(await asyncio.wait_for(at_a.get(), OP_TIMEOUT), ["included"])
        self.assertTrue(at_a.empty())

    async def test_register_call(self):
        """register/call: args and kwargs round-trip (unicode, nesting, numbers)"""
        callee, caller = await self.open(), await self.open()
        proc = unique_uri("echo")
        seen = []

        def echo(*a, **kw):
            seen.append((list(a), kw))
            return CallResult(*a, **kw)

        await callee.op(callee.session.register(echo, proc))
        args, kwargs = rich_payload()
        result = as_result(await caller.op(caller.session.call(proc, *args, **kwargs)))
        self.assertEqual(seen[0], (args, kwargs), "INVOCATION at the callee")
        self.assertEqual(result, (args, kwargs), "RESULT at the caller")

    async def test_binary(self):
        """binary: bytes round-trip (JSON "\\u0000"+base64, MsgPack bin)"""
        callee, caller = await self.open(), await self.open()
        proc = unique_uri("bin")
        seen = []

        def echo(*a, **kw):
            seen.append((a, kw))
            return CallResult(*a, **kw)

        await callee.op(callee.session.register(echo, proc))
        data = sample_bytes()
        result = as_result(await caller.op(caller.session.call(proc, data, b"", [b"\x00\xff"], blob=data)))
        self.assertEqual(seen[0], ((data, b"", [b"\x00\xff"]), {"blob": data}))
        self.assertEqual(result, ([data, b"", [b"\x00\xff"]], {"blob": data}))

    async def test_number_and_string_edge_cases(self):
        """numbers at the edges (2^53, int64/uint64 limits, float extremes) and a NUL inside a string round-trip"""
        callee, caller = await self.open(), await self.open()
        proc = unique_uri("edges")
        await callee.op(callee.session.register(lambda *a, **kw: CallResult(*a, **kw), proc))
        args = [2 ** 53, -(2 ** 53), 2 ** 63 - 1, -(2 ** 63), 1.7976931348623157e308, 5e-324, -0.0, 0.1,
                "a\u0000b", "\u0000"[1:], "trailing\u0000"]
        if self.SER == "msgpack":
            args.append(2 ** 64 - 1)  # uint64: MessagePack only
        result = as_result(await caller.op(caller.session.call(proc, *args, k=2 ** 63 - 1)))
        self.assertEqual(result, (args, {"k": 2 ** 63 - 1}))
        self.assertEqual([type(x) for x in result[0]], [type(x) for x in args], "ints stay ints, floats stay floats")

    async def test_application_error(self):
        """application error: a custom URI with args and kwargs reaches the caller"""
        callee, caller = await self.open(), await self.open()
        proc = unique_uri("fails")

        def fail(*a, **kw):
            raise ApplicationError("com.junction.interop.error.python", "bad thing", 42, code="E42")

        await callee.op(callee.session.register(fail, proc))
        e = await self.assert_error(caller.session.call(proc, "x"), "com.junction.interop.error.python", "CALL")
        self.assertEqual(list(e.args), ["bad thing", 42])
        self.assertEqual(e.kwargs, {"code": "E42"})

    async def test_no_such_procedure(self):
        """no_such_procedure: CALL without a registration fails; after REGISTER it succeeds"""
        callee, caller = await self.open(), await self.open()
        proc = unique_uri("later")
        await self.assert_error(caller.session.call(proc, 1), "wamp.error.no_such_procedure", "CALL before REGISTER")
        await callee.op(callee.session.register(lambda x: x + 1, proc))
        self.assertEqual(await caller.op(caller.session.call(proc, 1)), 2)

    async def test_procedure_already_exists(self):
        """procedure_already_exists: a second REGISTER from another session fails; the first keeps serving"""
        first, second, caller = await self.open(), await self.open(), await self.open()
        proc = unique_uri("taken")
        await first.op(first.session.register(lambda: "first", proc))
        await self.assert_error(second.session.register(lambda: "second", proc),
                                "wamp.error.procedure_already_exists", "second REGISTER")
        other = unique_uri("free")
        await second.op(second.session.register(lambda: "second", other))
        self.assertEqual(await caller.op(caller.session.call(proc)), "first")
        self.assertEqual(await caller.op(caller.session.call(other)), "second")

    async def test_invalid_uri(self):
        """invalid_uri on SUBSCRIBE/REGISTER/PUBLISH(acknowledge)/CALL and on wamp.* (controls: valid URIs work)"""
        s = await self.open()
        ack = PublishOptions(acknowledge=True)
        # autobahn-python applies the loose URI rule itself (CALL and PUBLISH: no empty components), so these
        # break only the strict rule Junction applies by default.
        for uri in ["com.Example.proc", "com.example.proc-1", "com.example.pr\u00f8c"]:
            await self.assert_error(s.session.subscribe(lambda *a: None, uri), "wamp.error.invalid_uri", f"SUBSCRIBE {uri!r}")
            await self.assert_error(s.session.register(lambda: None, uri), "wamp.error.invalid_uri", f"REGISTER {uri!r}")
            await self.assert_error(s.session.publish(uri, "x", options=ack), "wamp.error.invalid_uri", f"PUBLISH {uri!r}")
            await self.assert_error(s.session.call(uri, "x"), "wamp.error.invalid_uri", f"CALL {uri!r}")
        # An empty component is a pattern, not a URI, for an exact-match SUBSCRIBE/REGISTER.
        await self.assert_error(s.session.subscribe(lambda *a: None, "com.example..proc"), "wamp.error.invalid_uri",
                                "SUBSCRIBE 'com.example..proc'")
        await self.assert_error(s.session.register(lambda: None, "com.example..proc"), "wamp.error.invalid_uri",
                                "REGISTER 'com.example..proc'")
        await self.assert_error(s.session.register(lambda: None, "wamp.junction.interop_test"),
                                "wamp.error.invalid_uri", "REGISTER wamp.*")
        await self.assert_error(s.session.publish("wamp.junction.interop_test", "x", options=ack),
                                "wamp.error.invalid_uri", "PUBLISH wamp.*")
        ok = unique_uri("valid_after_invalid")
        await s.op(s.session.subscribe(lambda *a: None, ok))
        await s.op(s.session.register(lambda: "ok", ok))
        await s.op(s.session.publish(ok, "x", options=ack))
        self.assertEqual(await s.op(s.session.call(ok)), "ok")


class JsonTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "json"


class MsgpackTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "msgpack"


class CborTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "cbor"  # needs cbor2 (Debian python3-cbor2), which autobahn-python uses for CBOR


class JsonBatchedTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "json.batched"


class MsgpackBatchedTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "msgpack.batched"


class CborBatchedTests(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "cbor.batched"


class CrossSerializerTests(unittest.IsolatedAsyncioTestCase):
    """Sessions on json and msgpack route to each other."""

    async def asyncSetUp(self):
        self.clients = []

    async def asyncTearDown(self):
        for c in self.clients:
            try:
                await c.close()
            except Exception:  # noqa: BLE001
                pass

    async def open(self, ser):
        c = await Client.open(ser)
        self.clients.append(c)
        return c

    async def _rpc(self, caller_ser, callee_ser):
        callee, caller = await self.open(callee_ser), await self.open(caller_ser)
        proc = unique_uri("x_echo")
        seen = []

        def echo(*a, **kw):
            seen.append((list(a), kw))
            if a and a[0] == "fail":
                raise ApplicationError("com.junction.interop.error.cross", "über", 1, k=[True])
            return CallResult(*a, **kw)

        await callee.op(callee.session.register(echo, proc))
        args, kwargs = rich_payload()
        args = args + [sample_bytes(), {"bin": b"\x00\x01"}, "a\u0000b", b"", 2 ** 63 - 1, -(2 ** 63), 0.5]
        if caller_ser == "msgpack":
            args.append(2 ** 64 - 1)  # uint64 from MessagePack must survive the JSON side as the same integer
        self.assertEqual(as_result(await caller.op(caller.session.call(proc, *args, **kwargs))), (args, kwargs))
        self.assertEqual(seen[0], (args, kwargs), "the callee gets the same values (bytes as bytes)")
        try:
            await caller.op(caller.session.call(proc, "fail"))
            self.fail("expected ERROR")
        except ApplicationError as e:
            self.assertEqual((e.error, list(e.args), e.kwargs), ("com.junction.interop.error.cross", ["über", 1], {"k": [True]}))

    async def test_json_caller_msgpack_callee(self):
        """RPC: json caller -> msgpack callee (payload, bytes, application error)"""
        await self._rpc("json", "msgpack")

    async def test_msgpack_caller_json_callee(self):
        """RPC: msgpack caller -> json callee (payload, bytes, application error)"""
        await self._rpc("msgpack", "json")

    async def _pubsub(self, pub_ser, sub_ser):
        sub, pub = await self.open(sub_ser), await self.open(pub_ser)
        topic = unique_uri("x_topic")
        events = asyncio.Queue()
        await sub.op(sub.session.subscribe(lambda *a, **kw: events.put_nowait((list(a), kw)), topic))
        args, kwargs = rich_payload()
        args = args + [sample_bytes()]
        await pub.op(pub.session.publish(topic, *args, options=PublishOptions(acknowledge=True), **kwargs))
        self.assertEqual(await asyncio.wait_for(events.get(), OP_TIMEOUT), (args, kwargs))

    async def test_json_publisher_msgpack_subscriber(self):
        """pub/sub: json publisher -> msgpack subscriber"""
        await self._pubsub("json", "msgpack")

    async def test_msgpack_publisher_json_subscriber(self):
        """pub/sub: msgpack publisher -> json subscriber"""
        await self._pubsub("msgpack", "json")


if __name__ == "__main__":
    unittest.main(verbosity=2)
