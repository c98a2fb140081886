package dev.junction.itests;

import java.util.ArrayList;
import java.util.List;

/**
 * Every message every client of one test sent and received, in the order the test saw them, with milliseconds since
 * the log was created: the "exact exchange" a failure message shows.
 */
final class ExchangeLog {
    private final long start = System.nanoTime();
    private final List<String> lines = new ArrayList<>();

    synchronized void sent(String client, List<?> message) {
        add(client + " -> " + WampCodec.show(message));
    }

    synchronized void received(String client, List<?> message) {
        add(client + " <- " + WampCodec.show(message));
    }

    synchronized void note(String client, String what) {
        add(client + " .. " + what);
    }

    private void add(String line) {
        lines.add(String.format("%6d ms  %s", (System.nanoTime() - start) / 1_000_000, line));
    }

    @Override
    public synchronized String toString() {
        StringBuilder s = new StringBuilder();
        for (String l : lines) {
            s.append("\n    ").append(l);
        }
        return s.toString();
    }
}
