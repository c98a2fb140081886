"""Metrics: a scripted autobahn-python workload on the test-only realm "metrics", then a scrape of the Prometheus
endpoint parsed by the Prometheus text-format parser (Debian python3-prometheus-client), with exact counts.

Run by the Maven harness (PythonSuiteIT); needs JUNCTION_URL and JUNCTION_PORT_METRICS (the fixture
src/test/etc/dev.junction.metrics.cfg enables the endpoint on that port). Nothing else uses realm "metrics", so
its counters are exactly this workload's; the transport and JVM series are shared with the other suites.
"""
import asyncio
import http.client
import os
import unittest
import urllib.request
from urllib.parse import urlparse

from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import PublishOptions
from prometheus_client.parser import text_string_to_metric_families

from test_autobahn_python import URL, Client

REALM = "metrics"
PORT = os.environ.get("JUNCTION_PORT_METRICS")
CALLS = 5
PUBLISHES = 3


def scrape():
    """The endpoint's text and its families parsed by prometheus_client: {name: family}."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://127.0.0.1:{PORT}/metrics", timeout=10) as r:
        content_type = r.headers.get("Content-Type")
        text = r.read().decode("utf-8")
    return content_type, {f.name: f for f in text_string_to_metric_families(text)}


def value(families, family, sample, **labels):
    """The one sample of `family` named `sample` whose labels include `labels`; None when there is none."""
    if family not in families:
        return None
    found = [s.value for s in families[family].samples
             if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items())]
    if len(found) > 1:
        raise AssertionError(f"{sample}{labels}: {len(found)} samples")
    return found[0] if found else None


@unittest.skipUnless(PORT, "JUNCTION_PORT_METRICS is not set (the harness sets it)")
class MetricsTest(unittest.IsolatedAsyncioTestCase):

    async def test_workload_counts_exactly(self):
        """metrics: exact realm counts after REGISTER/SUBSCRIBE, 7 CALLs (1 application error, 1 missing), 3 PUBLISHes"""
        callee = await Client.open("json", REALM)
        caller = await Client.open("json", REALM)
        try:
            def echo(x):
                if x == "fail":
                    raise ApplicationError("com.example.oops", "as asked")
                return x

            events = asyncio.Queue()
            await callee.op(callee.session.register(echo, "com.junction.interop.metrics.echo"))
            await callee.op(callee.session.subscribe(lambda x: events.put_nowait(x), "com.junction.interop.metrics.tick"))
            for i in range(CALLS):
                self.assertEqual(await caller.op(caller.session.call("com.junction.interop.metrics.echo", i)), i)
            with self.assertRaises(ApplicationError) as app:
                await caller.op(caller.session.call("com.junction.interop.metrics.echo", "fail"))
            self.assertEqual(app.exception.error, "com.example.oops")
            with self.assertRaises(ApplicationError) as missing:
                await caller.op(caller.session.call("com.junction.interop.metrics.missing"))
            self.assertEqual(missing.exception.error, "wamp.error.no_such_procedure")
            for i in range(PUBLISHES):
                await caller.op(caller.session.publish("com.junction.interop.metrics.tick", i,
                                                       options=PublishOptions(acknowledge=True)))
            for i in range(PUBLISHES):
                self.assertEqual(await asyncio.wait_for(events.get(), 10), i)

            content_type, f = scrape()
            self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
            m = {"realm": REALM}
            received = {t: value(f, "junction_messages_received", "junction_messages_received_total", message_type=t, **m)
                        for t in ("REGISTER", "SUBSCRIBE", "CALL", "YIELD", "ERROR", "PUBLISH", "HELLO")}
            self.assertEqual(received, {"REGISTER": 1, "SUBSCRIBE": 1, "CALL": CALLS + 2, "YIELD": CALLS, "ERROR": 1,
                                        "PUBLISH": PUBLISHES, "HELLO": None})
            sent = {t: value(f, "junction_messages_sent", "junction_messages_sent_total", message_type=t, **m)
                    for t in ("WELCOME", "REGISTERED", "SUBSCRIBED", "INVOCATION", "RESULT", "ERROR", "PUBLISHED",
                              "EVENT")}
            self.assertEqual(sent, {"WELCOME": 2, "REGISTERED": 1, "SUBSCRIBED": 1, "INVOCATION": CALLS + 1,
                                    "RESULT": CALLS, "ERROR": 2, "PUBLISHED": PUBLISHES, "EVENT": PUBLISHES})
            self.assertEqual(value(f, "junction_errors", "junction_errors_total", uri="application", **m), 1)
            self.assertEqual(value(f, "junction_errors", "junction_errors_total",
                                   uri="wamp.error.no_such_procedure", **m), 1)
            self.assertIsNone(value(f, "junction_errors", "junction_errors_total", uri="com.example.oops", **m),
                              "a client's error URI is never a label")
            self.assertEqual(value(f, "junction_sessions", "junction_sessions", **m), 2)
            self.assertEqual(value(f, "junction_subscriptions", "junction_subscriptions", **m), 1)
            self.assertEqual(value(f, "junction_registrations", "junction_registrations", **m), 1)
            self.assertEqual(value(f, "junction_calls_in_flight", "junction_calls_in_flight", **m), 0)
            self.assertEqual(value(f, "junction_events_delivered", "junction_events_delivered_total", **m), PUBLISHES)
            self.assertEqual(value(f, "junction_events_dropped", "junction_events_dropped_total", **m), 0)
            hist = f["junction_call_duration_seconds"]
            self.assertEqual(hist.type, "histogram")
            self.assertEqual(value(f, "junction_call_duration_seconds", "junction_call_duration_seconds_count", **m),
                             CALLS + 1)
            self.assertEqual(value(f, "junction_call_duration_seconds", "junction_call_duration_seconds_bucket",
                                   le="+Inf", **m), CALLS + 1)

            # shared with the other suites: present and at least this workload
            self.assertGreaterEqual(value(f, "junction_transport_connections", "junction_transport_connections_total",
                                          transport="default"), 2)
            self.assertGreaterEqual(value(f, "junction_transport_connections_open",
                                          "junction_transport_connections_open", transport="default"), 2)
            self.assertGreaterEqual(value(f, "junction_serializer_decoded", "junction_serializer_decoded_total",
                                          serializer="json"), 2 + 1 + 1 + CALLS + 1 + CALLS + 2 + PUBLISHES)
            self.assertGreaterEqual(value(f, "junction_auth_successes", "junction_auth_successes_total",
                                          method="anonymous"), 2)
            # a handshake the WebSocket transport refuses itself (no common subprotocol) is counted by the router
            refused = value(f, "junction_transport_handshakes_refused", "junction_transport_handshakes_refused_total",
                            transport="default", reason="400") or 0
            u = urlparse(URL)
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
            conn.request("GET", u.path, headers={"Connection": "Upgrade", "Upgrade": "websocket",
                                                  "Sec-WebSocket-Version": "13",
                                                  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                                                  "Sec-WebSocket-Protocol": "mqtt"})
            self.assertEqual(conn.getresponse().status, 400)
            conn.close()
            _, f2 = scrape()
            # the transport is shared with the other suites: at least this one more
            self.assertGreaterEqual(value(f2, "junction_transport_handshakes_refused",
                                          "junction_transport_handshakes_refused_total", transport="default",
                                          reason="400"), refused + 1)
            self.assertIn("jvm_memory_used_bytes", f)
            self.assertIn("jvm_threads_live_threads", f)
        finally:
            await caller.close()
            await callee.close()

        _, after = scrape()
        self.assertEqual(value(after, "junction_sessions", "junction_sessions", realm=REALM), 0)
        self.assertEqual(value(after, "junction_messages_received", "junction_messages_received_total",
                               message_type="GOODBYE", realm=REALM), 2)


if __name__ == "__main__":
    unittest.main()
