package dev.junction.api.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.api.WampIds;
import dev.junction.api.message.Abort;
import dev.junction.api.message.Authenticate;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.Challenge;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;

/**
 * One or more messages of every type, built with the record constructors. Numbers are {@link Long} and
 * {@link Double}, as decoding yields them, so that decoded messages compare equal.
 */
public final class SampleMessages {
    private SampleMessages() {
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Values of every kind a payload may hold (no byte[]: arrays do not compare by content). */
    static Payload richPayload() {
        List<Object> args = new ArrayList<>();
        args.add("text with \"quotes\" \\ and unicode \u00e9\u4e2d\ud83d\ude00");
        args.add(0L);
        args.add(-1L);
        args.add(Long.MAX_VALUE);
        args.add(Long.MIN_VALUE);
        args.add(new java.math.BigInteger("18446744073709551615"));
        args.add(3.25);
        args.add(-1.0e-300);
        args.add(true);
        args.add(false);
        args.add(null);
        args.add(List.of());
        args.add(Map.of());
        args.add(List.of(List.of(1L, List.of(2L, List.of(3L)))));
        Map<String, Object> kwargs = ordered("nested", ordered("list", List.of("a", 1L), "null", null), "", "empty key",
                "n", 42L);
        return Payload.of(args, kwargs);
    }

    public static List<WampMessage> all() {
        Map<String, Object> roles = ordered("roles", ordered("caller", Map.of(), "publisher",
                ordered("features", ordered("subscriber_blackwhite_listing", true))));
        Payload args = Payload.of("hello", 42L);
        Payload kwargsOnly = Payload.of(null, ordered("k", "v"));
        Payload both = Payload.of(List.of(1.5, "x"), ordered("a", List.of(true, false), "b", null));
        return List.of(
                new Hello("com.example.realm", roles),
                new Welcome(WampIds.MAX, ordered("authid", "alice", "authrole", "user", "roles", roles)),
                new Abort(ordered("message", "no such realm"), "wamp.error.no_such_realm"),
                new Challenge("wampcra", ordered("challenge", "{\"nonce\":\"abc\"}", "iterations", 1000L)),
                new Authenticate("c2lnbmF0dXJl", Map.of()),
                new Goodbye(Map.of(), "wamp.close.close_realm"),
                new ErrorMessage(48, 7814135L, Map.of(), "wamp.error.no_such_procedure", Payload.EMPTY),
                new ErrorMessage(68, 1L, ordered("x", 1L), "com.myapp.error", both),
                new Publish(1L, Map.of(), "com.myapp.topic", Payload.EMPTY),
                new Publish(2L, ordered("acknowledge", true), "com.myapp.topic", args),
                new Publish(3L, Map.of(), "com.myapp.topic", kwargsOnly),
                new Publish(4L, ordered("exclude", List.of(1L, 2L)), "com.myapp.topic", richPayload()),
                new Published(2L, 5_000_000_000L),
                new Subscribe(5L, ordered("match", "prefix"), "com.myapp"),
                new Subscribed(5L, 77L),
                new Unsubscribe(6L, 77L),
                new Unsubscribed(6L, null),
                new Unsubscribed(0L, ordered("subscription", 77L, "reason", "wamp.authentication.lost")),
                new Event(77L, 5_000_000_000L, Map.of(), Payload.EMPTY),
                new Event(77L, 5_000_000_001L, ordered("publisher", 123L), both),
                new Call(7L, Map.of(), "com.myapp.add2", Payload.of(2L, 3L)),
                new Call(8L, ordered("timeout", 1000L), "com.myapp.echo", kwargsOnly),
                new Cancel(7L, ordered("mode", "killnowait")),
                new Result(7L, Map.of(), Payload.of(5L)),
                new Result(8L, ordered("progress", true), Payload.EMPTY),
                new Register(9L, ordered("invoke", "roundrobin"), "com.myapp.add2"),
                new Registered(9L, 88L),
                new Unregister(10L, 88L),
                new Unregistered(10L, null),
                new Unregistered(0L, ordered("registration", 88L, "reason", "wamp.authentication.lost")),
                new Invocation(11L, 88L, Map.of(), Payload.of(2L, 3L)),
                new Invocation(12L, 88L, ordered("caller", 42L), richPayload()),
                new Interrupt(11L, ordered("mode", "kill")),
                new Yield(11L, Map.of(), Payload.of(5L)),
                new Yield(12L, ordered("progress", true), both));
    }
}
