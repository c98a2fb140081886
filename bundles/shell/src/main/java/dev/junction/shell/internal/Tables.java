package dev.junction.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** How the commands write values into Karaf's tables. */
final class Tables {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Tables() {
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String ids(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String orEmpty(Object o) {
        return o == null ? "" : o.toString();
    }
}
