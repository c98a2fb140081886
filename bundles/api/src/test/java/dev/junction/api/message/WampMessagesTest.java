package dev.junction.api.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampIds;

class WampMessagesTest {

    static List<WampMessage> samples() {
        Payload p = Payload.of(List.of(1L, "two"), Map.of("three", 3L));
        return List.of(new Hello("realm1", Map.of("roles", Map.of())), new Welcome(9, Map.of()),
                Abort.of("wamp.error.no_such_realm", "x"), new Challenge("ticket", Map.of()),
                new Authenticate("secret", Map.of()), new Goodbye(Map.of(), "wamp.close.normal"),
                new ErrorMessage(Call.TYPE, 5, Map.of(), "com.error", p), new Publish(1, Map.of(), "t", p),
                new Published(1, 2), new Subscribe(1, Map.of(), "t"), new Subscribed(1, 2), new Unsubscribe(1, 2),
                new Unsubscribed(1, null), new Unsubscribed(0, Map.of("reason", "x")), new Event(1, 2, Map.of(), p),
                new Call(1, Map.of(), "p", Payload.of("only")), new Cancel(1, Map.of()), new Result(1, Map.of(), p),
                new Register(1, Map.of(), "p"), new Registered(1, 2), new Unregister(1, 2),
                new Unregistered(1, null), new Invocation(1, 2, Map.of(), Payload.EMPTY),
                new Interrupt(1, Map.of()), new Yield(1, Map.of(), p));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void listFormRoundTrips(WampMessage message) {
        assertThat(WampMessages.fromList(WampMessages.toList(message))).isEqualTo(message);
    }

    @Test
    void emptyPayloadIsOmittedAndKwargsAloneKeepAnEmptyArgsList() {
        assertThat(WampMessages.toList(new Publish(1, Map.of(), "t", Payload.EMPTY))).hasSize(4);
        assertThat(WampMessages.toList(new Publish(1, Map.of(), "t", Payload.of(null, Map.of("k", 1L)))))
                .containsExactly(16, 1L, Map.of(), "t", List.of(), Map.of("k", 1L));
    }

    @Test
    void strictChecks() {
        assertViolation(List.of(), "non-empty");
        assertViolation(List.of("1", "realm", Map.of()), "type must be an integer");
        assertViolation(List.of(999L), "unknown message type");
        assertViolation(List.of(1L, "realm1"), "must have 3 elements");
        assertViolation(List.of(1L, 7L, Map.of()), "Realm must be a string");
        assertViolation(List.of(32L, 0L, Map.of(), "t"), "1..2^53");
        assertViolation(List.of(32L, WampIds.MAX + 1, Map.of(), "t"), "1..2^53");
        assertViolation(List.of(32L, 1L, List.of(), "t"), "Options must be a dict");
        assertViolation(List.of(16L, 1L, Map.of(), "t", Map.of()), "Arguments must be a list");
        assertViolation(List.of(16L, 1L, Map.of(), "t", List.of(), List.of()), "ArgumentsKw must be a dict");
        assertViolation(List.of(16L, 1L, Map.of(), "t", List.of(), Map.of(), "extra"), "too many");
        List<Object> nonStringKey = new ArrayList<>(List.of(32L, 1L));
        nonStringKey.add(Map.of(1L, "x"));
        nonStringKey.add("t");
        assertViolation(nonStringKey, "string keys");
        assertThat(WampMessages.fromList(List.of(32L, WampIds.MAX, Map.of(), "t"))).isInstanceOf(Subscribe.class);
    }

    @Test
    void authenticateNeverShowsItsSignature() {
        assertThat(new Authenticate("hunter2", Map.of()).toString()).doesNotContain("hunter2");
    }

    private static void assertViolation(List<Object> wire, String fragment) {
        assertThatThrownBy(() -> WampMessages.fromList(wire)).isInstanceOf(ProtocolViolationException.class)
                .hasMessageContaining(fragment);
    }
}
