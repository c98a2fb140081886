package dev.junction.itests;

import static dev.junction.itests.WampTestClient.RESULT;
import static dev.junction.itests.WampTestClient.id;
import static dev.junction.itests.WampTestClient.opt;
import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Light, steady client load that runs on its own thread while a test changes the server underneath: in a loop,
 * {@code publisher} publishes {@code [n]} with {@code acknowledge=true} to {@code topic}, then {@code caller} calls
 * {@code procedure} with {@code [n]} and {@code callee} (registered as {@code registration}) yields {@code [n]}
 * back. Every acknowledged publication and every answered call is recorded, so that afterwards
 * {@link #verifyNothingLost} can check that {@code subscriber} got an EVENT for each acknowledged publication, in
 * order, and that each call got its own RESULT.
 *
 * <p>Each client is driven by this thread only while the loop runs (one driver per client).
 */
final class Traffic implements AutoCloseable {
    private final WampTestClient publisher;
    private final WampTestClient caller;
    private final WampTestClient callee;
    private final long registration;
    private final String topic;
    private final String procedure;

    /** (n, publication id) of every PUBLISHED received. */
    private final List<long[]> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Long> answered = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;
    private final Thread thread;

    Traffic(String name, WampTestClient publisher, String topic, WampTestClient caller, WampTestClient callee,
            long registration, String procedure) {
        this.publisher = publisher;
        this.caller = caller;
        this.callee = callee;
        this.registration = registration;
        this.topic = topic;
        this.procedure = procedure;
        this.thread = new Thread(this::run, "itest-traffic-" + name);
        this.thread.setDaemon(true);
    }

    Traffic start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            for (long n = 1; !stop; n++) {
                long publication = publisher.publishAcknowledged(topic, Map.of(), List.of(n), null);
                acknowledged.add(new long[] { n, publication });
                long request = caller.call(procedure, List.of(n), null);
                List<Object> invocation = callee.awaitInvocation(registration);
                callee.yield(id(invocation, 1), (List<?>) opt(invocation, 4, List.of()), null);
                List<Object> result = caller.awaitCallAnswer(request);
                WampTestClient.assertMessage("answer to CALL " + procedure + " [" + n + "]", result, RESULT);
                assertEquals("RESULT of CALL [" + n + "]", List.of(n), opt(result, 3, null));
                answered.add(n);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    int answeredCount() {
        return answered.size();
    }

    /** Waits until {@code more} further calls have been answered (or the loop failed). */
    void awaitMore(int more, Duration timeout) {
        int target = answered.size() + more;
        AbstractRouterIT.waitFor(more + " more answered calls of the traffic loop", timeout, () -> {
            rethrow();
            return answered.size() >= target ? Boolean.TRUE : null;
        }, () -> "");
    }

    /** Stops the loop after its current round and fails if it failed. */
    void stop() {
        stop = true;
        try {
            thread.join(AbstractRouterIT.TIMEOUT.toMillis() * 3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("traffic loop did not stop");
        }
        rethrow();
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t instanceof AssertionError a) {
            throw new AssertionError("traffic loop failed: " + a.getMessage(), a);
        }
        if (t != null) {
            throw new AssertionError("traffic loop failed: " + t, t);
        }
    }

    /**
     * After {@link #stop}: {@code subscriber} received one EVENT per acknowledged publication, in publication
     * order, with the right publication id and arguments; and every call was answered (the loop checks each
     * RESULT). Returns the number of acknowledged publications.
     */
    int verifyNothingLost(WampTestClient subscriber, long subscription) {
        for (long[] p : acknowledged) {
            List<Object> event = subscriber.awaitEvent(subscription);
            assertEquals("EVENT for acknowledged publication [" + p[0] + "] (publication order)", p[1], id(event, 2));
            assertEquals("EVENT arguments of publication " + p[1], List.of(p[0]), opt(event, 4, null));
        }
        assertEquals("every call of the loop was answered", acknowledged.size(), answered.size());
        return acknowledged.size();
    }

    @Override
    public void close() {
        stop = true;
    }
}
