package dev.junction.transport.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.TransportStatus;

/** Cookie tracking at the upgrade, over a real socket: Set-Cookie, recognition, the file store across restarts. */
class CookieTrackingTest {

    private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: ([^\r\n]*)");

    private static String setCookie(String response) {
        Matcher m = SET_COOKIE.matcher(response);
        return m.find() ? m.group(1) : null;
    }

    private static String id(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    @Test
    void withoutCookieKeysNoCookieIsSetOrTracked() throws Exception {
        try (Fixture f = Fixture.started()) {
            String response = f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"));
            assertThat(response).startsWith("HTTP/1.1 101");
            assertThat(setCookie(response)).isNull();
            assertThat(f.router.requests.get(0).cookie()).isNull();
        }
    }

    @Test
    void aNewClientGetsSetCookieAndIsRecognizedByItOnTheNextUpgrade() throws Exception {
        try (Fixture f = Fixture.started("cookie.name", "tid", "cookie.max_age", "3600", "cookie.http_strict", "true",
                "cookie.same_site", "Lax")) {
            String first = setCookie(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json")));
            assertThat(first).matches("tid=[A-Za-z0-9]{24};max-age=3600;HttpOnly;SameSite=Lax");
            assertThat(f.router.requests.get(0).cookie().id()).isEqualTo(id(first));

            String again = f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json",
                    "Cookie: a=b; tid=" + id(first)));
            assertThat(again).startsWith("HTTP/1.1 101");
            assertThat(setCookie(again)).isNull();
            assertThat(f.router.requests.get(1).cookie().id()).isEqualTo(id(first));

            // Control: a cookie this transport never issued gets a fresh one.
            String forged = setCookie(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json",
                    "Cookie: tid=AAAAAAAAAAAAAAAAAAAAAAAA")));
            assertThat(forged).isNotNull();
            assertThat(id(forged)).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAAAA").isNotEqualTo(id(first));
        }
    }

    @Test
    void theFileStoreKeepsCookiesAndTheirAuthenticationAcrossARestart(@TempDir Path dir) throws Exception {
        String file = dir.resolve("cookies.dat").toString();
        String id;
        CookieAuth alice = new CookieAuth("alice", "user", "ticket", "static", "realm1", java.util.Map.of());
        try (Fixture f = Fixture.started("cookie.store.type", "file", "cookie.store.filename", file)) {
            id = id(setCookie(f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json"))));
            f.router.requests.get(0).cookie().remember(alice);
        }
        try (Fixture f = Fixture.started("cookie.store.type", "file", "cookie.store.filename", file)) {
            String response = f.http(Fixture.upgrade("Sec-WebSocket-Protocol: wamp.2.json", "Cookie: cbtid=" + id));
            assertThat(setCookie(response)).isNull();
            assertThat(f.router.requests.get(0).cookie().auth()).contains(alice);
        }
    }

    @Test
    void aStoreFileThatCannotBeWrittenFailsTheTransportWithPidKeyAndValue(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        String file = dir.resolve("plain-file/cookies.dat").toString();
        try (Fixture f = Fixture.started("cookie.store.type", "file", "cookie.store.filename", file)) {
            TransportStatus status = f.component.status();
            assertThat(status.state()).isEqualTo(TransportStatus.State.FAILED);
            assertThat(status.error()).contains(Fixture.PID, "cookie.store.filename", "plain-file");
        }
        // Control: a writable place works.
        try (Fixture f = Fixture.started("cookie.store.type", "file", "cookie.store.filename",
                dir.resolve("ok/cookies.dat").toString())) {
            assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.RUNNING);
        }
    }

    @Test
    void badCookieKeysAreRefused() throws Exception {
        try (Fixture f = Fixture.started("cookie.length", "2")) {
            assertThat(f.component.status().state()).isEqualTo(TransportStatus.State.FAILED);
            assertThat(f.component.status().error()).contains("cookie.length", "6..64");
        }
    }
}
