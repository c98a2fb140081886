package dev.junction.transport.cookie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.junction.spi.transport.CookieAuth;
import dev.junction.spi.transport.TrackedCookie;

class CookieStoreTest {

    private static final CookieAuth ALICE = new CookieAuth("alice", "user", "ticket", "static", "realm1",
            Map.of("plan", "gold", "n", 3));

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void memoryStoreRemembersAndForgetsAuthAndExpiresAfterMaxAge() {
        ManualClock clock = new ManualClock();
        MemoryCookieStore store = new MemoryCookieStore(60, clock);
        assertThat(store.exists("abc")).isFalse();
        store.create("abc");
        assertThat(store.exists("abc")).isTrue();
        assertThat(store.auth("abc")).isEmpty();
        store.setAuth("abc", ALICE);
        assertThat(store.auth("abc")).contains(ALICE);
        store.deleteAuth("abc");
        assertThat(store.auth("abc")).isEmpty();
        assertThat(store.exists("abc")).isTrue();

        store.setAuth("abc", ALICE);
        clock.millis += 59_999;
        assertThat(store.auth("abc")).contains(ALICE);
        clock.millis += 1;
        assertThat(store.exists("abc")).isFalse();
        assertThat(store.auth("abc")).isEmpty();
        store.setAuth("abc", ALICE); // an expired cookie cannot be revived
        assertThat(store.exists("abc")).isFalse();
    }

    @Test
    void fileStoreSurvivesARestartAndTheLastRecordOfAnIdWins(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        Path file = dir.resolve("sub/cookies.dat");
        try (FileCookieStore store = FileCookieStore.open(file, 3600, false, clock)) {
            store.create("one");
            store.create("two");
            store.setAuth("one", ALICE);
            store.setAuth("two", ALICE);
            store.deleteAuth("two");
        }
        assertThat(Files.readAllLines(file)).hasSize(5);
        try (FileCookieStore store = FileCookieStore.open(file, 3600, false, clock)) {
            assertThat(store.exists("one")).isTrue();
            assertThat(store.auth("one")).contains(ALICE);
            assertThat(store.exists("two")).isTrue();
            assertThat(store.auth("two")).isEmpty();
            assertThat(store.exists("three")).isFalse();
        }
        // Reopening compacted the file: one line per live id.
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void fileStoreReadsBackAfterACrashInTheMiddleOfAWrite(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        Path file = dir.resolve("cookies.dat");
        try (FileCookieStore store = FileCookieStore.open(file, 3600, false, clock)) {
            store.create("one");
            store.setAuth("one", ALICE);
            store.create("two");
        }
        // What a crash mid-append leaves: the start of a record without its end or newline.
        String torn = FileCookieStore.line("two", new MemoryCookieStore.Entry(clock.millis, ALICE));
        Files.writeString(file, torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (FileCookieStore store = FileCookieStore.open(file, 3600, false, clock)) {
            assertThat(store.auth("one")).contains(ALICE);
            assertThat(store.exists("two")).isTrue();
            assertThat(store.auth("two")).isEmpty(); // the torn record is lost, the one before it is not
            store.setAuth("two", ALICE); // appended after a clean line, not glued to the torn one
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        try (FileCookieStore store = FileCookieStore.open(file, 3600, false, clock)) {
            assertThat(store.auth("two")).contains(ALICE);
        }
    }

    @Test
    void fileStoreDropsExpiredCookiesAndPurgesOnRequest(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        Path file = dir.resolve("cookies.dat");
        try (FileCookieStore store = FileCookieStore.open(file, 10, false, clock)) {
            store.create("old");
            clock.millis += 5_000;
            store.create("young");
        }
        clock.millis += 6_000;
        try (FileCookieStore store = FileCookieStore.open(file, 10, false, clock)) {
            assertThat(store.exists("old")).isFalse();
            assertThat(store.exists("young")).isTrue();
        }
        try (FileCookieStore store = FileCookieStore.open(file, 10, true, clock)) {
            assertThat(store.exists("young")).isFalse();
        }
    }

    @Test
    void trackerIssuesSetCookieOnlyForAMissingOrUnknownCookie() {
        CookieSettings settings = new CookieSettings("cbtid", 24, 604800, true, true, "Strict", "memory", null, false);
        CookieTracker tracker = new CookieTracker(settings, new MemoryCookieStore(604800, Clock.systemUTC()));

        CookieTracker.Tracked first = tracker.track(List.of());
        assertThat(first.cookie().id()).matches("[A-Za-z0-9]{24}");
        assertThat(first.setCookie()).isEqualTo("cbtid=" + first.cookie().id()
                + ";max-age=604800;Secure;HttpOnly;SameSite=Strict");

        CookieTracker.Tracked again = tracker.track(List.of("other=1; cbtid=" + first.cookie().id() + "; x=y"));
        assertThat(again.cookie().id()).isEqualTo(first.cookie().id());
        assertThat(again.setCookie()).isNull();

        CookieTracker.Tracked unknown = tracker.track(List.of("cbtid=forged"));
        assertThat(unknown.cookie().id()).isNotEqualTo("forged");
        assertThat(unknown.setCookie()).startsWith("cbtid=" + unknown.cookie().id() + ";max-age=");

        TrackedCookie cookie = again.cookie();
        cookie.remember(ALICE);
        assertThat(first.cookie().auth()).contains(ALICE);
        cookie.forget();
        assertThat(first.cookie().auth()).isEmpty();
    }

    @Test
    void trackerKeepsCookiesInTheSharedStoreWhileThereIsOne() {
        CookieSettings settings = new CookieSettings("cbtid", 24, 604800, false, false, null, "memory", null, false);
        MemoryCookieStore local = new MemoryCookieStore(604800, Clock.systemUTC());
        MemoryCookieStore sharedStore = new MemoryCookieStore(604800, Clock.systemUTC());
        List<String> asked = new java.util.ArrayList<>();
        SharedCookieStores cluster = (transport, maxAge) -> {
            asked.add(transport + " " + maxAge);
            return sharedStore;
        };
        SharedCookieStores[] current = { cluster };
        CookieTracker tracker = new CookieTracker(settings, local, "ws", () -> current[0]);

        CookieTracker.Tracked issued = tracker.track(List.of());
        issued.cookie().remember(ALICE);
        assertThat(sharedStore.auth(issued.cookie().id())).contains(ALICE);
        assertThat(local.exists(issued.cookie().id())).isFalse();
        assertThat(asked).first().isEqualTo("ws 604800");
        // Another node's tracker with the same shared store knows the cookie.
        CookieTracker elsewhere = new CookieTracker(settings, new MemoryCookieStore(604800, Clock.systemUTC()), "ws",
                () -> cluster);
        CookieTracker.Tracked there = elsewhere.track(List.of("cbtid=" + issued.cookie().id()));
        assertThat(there.setCookie()).isNull();
        assertThat(there.cookie().auth()).contains(ALICE);

        current[0] = null; // the cluster went: the transport's own store again
        CookieTracker.Tracked alone = tracker.track(List.of("cbtid=" + issued.cookie().id()));
        assertThat(alone.setCookie()).as("unknown to the local store").isNotNull();
        assertThat(local.exists(alone.cookie().id())).isTrue();
    }
}
