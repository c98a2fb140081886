package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class HeaderMapTest {

    private static HeaderMap headers() {
        return HeaderMap.of(HttpFields.build().add("Host", "127.0.0.1:8080").add("Cookie", "a=1")
                .add("X-Forwarded-For", "10.0.0.1").add("cookie", "b=2"));
    }

    @Test
    void namesAreLowerCaseInRequestOrderAndRepeatedHeadersKeepEveryValue() {
        HeaderMap h = headers();
        assertThat(h).hasSize(3);
        assertThat(h.keySet()).containsExactly("host", "cookie", "x-forwarded-for");
        assertThat(h.get("cookie")).containsExactly("a=1", "b=2");
        assertThat(h.get("host")).containsExactly("127.0.0.1:8080");
        assertThat(h.containsKey("x-forwarded-for")).isTrue();
    }

    @Test
    void controlItEqualsTheMapItReplacesAndCannotBeChanged() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("host", List.of("127.0.0.1:8080"));
        expected.put("cookie", List.of("a=1", "b=2"));
        expected.put("x-forwarded-for", List.of("10.0.0.1"));
        HeaderMap h = headers();
        assertThat(h).isEqualTo(expected);
        assertThat(h.get("absent")).isNull();
        assertThat(h.containsKey("Host")).isFalse();
        assertThatThrownBy(() -> h.put("x", List.of("y"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.get("cookie").add("c=3")).isInstanceOf(UnsupportedOperationException.class);
    }
}
