package dev.junction.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TestRule;
import org.junit.runners.model.Statement;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Shared support of the Junction integration tests (house style 20): the framework (Felix 7 with SCR, ConfigAdmin,
 * Metatype, SPI Fly, Jetty 12 and the Junction bundles), factory configurations created through the injected
 * {@link ConfigurationAdmin} and deleted after each test, free ports, a poll-until helper with a deadline, and
 * {@link WampTestClient}s that are closed after each test.
 *
 * <p>Subclasses carry {@code @RunWith(PaxExam.class)} and {@code @ExamReactorStrategy(PerClass.class)}; they add
 * bundles or properties through {@link #additionalOptions()}.
 */
public abstract class AbstractRouterIT {
    static final String REALM_PID = "dev.junction.realm";
    static final String TRANSPORT_PID = "dev.junction.transport.websocket";
    static final String REALM = "realm1";
    /** The HTTP path clients connect to (the transport serves WAMP on its root, as Crossbar's does). */
    static final String WS_PATH = System.getProperty("junction.itest.ws.path", "/");
    /** Every wait in the tests is bounded by this. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    static final String EXCHANGE_HEADER = "\n  exchange of this test (every client):";
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** Ports handed out by {@link #freePort()} in this JVM, never handed out twice. */
    private static final Set<Integer> PORTS_GIVEN = Collections.synchronizedSet(new HashSet<>());

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Inject
    protected ServiceComponentRuntime scr;

    /** Configurations this test created and has not deleted yet, in creation order. */
    private final List<Configuration> configurations = new ArrayList<>();
    private final List<WampTestClient> clients = new ArrayList<>();
    /** The messages of every client of this test, for failure messages. */
    protected final ExchangeLog exchange = new ExchangeLog();

    /** Appends the whole exchange to an assertion failure that does not already show it. */
    @Rule
    public final TestRule exchangeOnFailure = (base, description) -> new Statement() {
        @Override
        public void evaluate() throws Throwable {
            try {
                base.evaluate();
            } catch (AssertionError e) {
                String message = String.valueOf(e.getMessage());
                if (message.contains(EXCHANGE_HEADER)) {
                    throw e;
                }
                AssertionError withExchange = new AssertionError(message + EXCHANGE_HEADER + exchange, e.getCause());
                withExchange.setStackTrace(e.getStackTrace());
                throw withExchange;
            }
        }
    };

    // ---------------------------------------------------------------------------------------------------------
    // The framework

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() {
        return options(baseOptions(), composite(additionalOptions()));
    }

    /** Bundles or properties a test class adds to {@link #baseOptions()}. */
    protected Option[] additionalOptions() {
        return new Option[0];
    }

    /** The runtime every test class shares. Third-party versions come from the pom (versionAsInProject). */
    protected static Option baseOptions() {
        return composite(
                workingDirectory(System.getProperty("junction.itest.workdir", "target/paxexam")),
                cleanCaches(),
                // toolchain.md P9: should pax-logging be provisioned after all, keep its fallback logger quiet.
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                frameworkProperty("ds.loglevel").value("warn"),
                junitBundles(),

                // Declarative Services (toolchain.md P4: the API bundle is not embedded in scr)
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                // Configuration Admin and Metatype (P4: metatype needs the log API bundle)
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.log").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.metatype").versionAsInProject(),

                // SPI Fly (mandatory for slf4j 2 and Jetty 12, P2, P3) and SLF4J at start level 1: pax-exam's own
                // bundles start at level 2 and log; the first LoggerFactory call must find slf4j-simple already
                // registered through SPI Fly, or slf4j binds to its no-op logger for good.
                mavenBundle("org.ow2.asm", "asm").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-tree").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-analysis").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-commons").versionAsInProject().startLevel(1),
                mavenBundle("org.ow2.asm", "asm-util").versionAsInProject().startLevel(1),
                mavenBundle("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle").versionAsInProject()
                        .startLevel(1),
                mavenBundle("org.slf4j", "slf4j-api").versionAsInProject().startLevel(1),
                mavenBundle("org.slf4j", "slf4j-simple").versionAsInProject().startLevel(1),

                // Jetty 12 WebSocket
                mavenBundle("org.eclipse.jetty", "jetty-util").versionAsInProject(),
                mavenBundle("org.eclipse.jetty", "jetty-io").versionAsInProject(),
                mavenBundle("org.eclipse.jetty", "jetty-http").versionAsInProject(),
                mavenBundle("org.eclipse.jetty", "jetty-server").versionAsInProject(),
                mavenBundle("org.eclipse.jetty", "jetty-unixdomain-server").versionAsInProject(),
                mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-common").versionAsInProject(),
                mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-core-server").versionAsInProject(),
                mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-api").versionAsInProject(),
                mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-common").versionAsInProject(),
                mavenBundle("org.eclipse.jetty.websocket", "jetty-websocket-jetty-server").versionAsInProject(),

                // Serialization libraries (serializer-json imports only jackson-core; the test client uses them too)
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("org.msgpack", "msgpack-core").versionAsInProject(),

                // TLS on endpoints: Bouncy Castle's PKIX reads PEM keys (the shared transport-endpoint bundle)
                mavenBundle("org.bouncycastle", "bcprov-jdk18on").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcutil-jdk18on").versionAsInProject(),
                mavenBundle("org.bouncycastle", "bcpkix-jdk18on").versionAsInProject(),
                // The file cookie store of transport-endpoint writes JSON lines with jackson-databind
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),

                // Junction
                junctionBundle("junction-api"),
                junctionBundle("junction-serializer-json"),
                junctionBundle("junction-serializer-msgpack"),
                junctionBundle("junction-router"),
                junctionBundle("junction-transport-endpoint"),
                junctionBundle("junction-transport-websocket"));
    }

    /**
     * A Junction bundle: the file failsafe names in {@code junction.bundle.<name>} (in a reactor build, the jar
     * just built), else the local repository's SNAPSHOT.
     */
    protected static Option junctionBundle(String artifactId) {
        String key = "junction.bundle." + artifactId.substring("junction-".length()).replace('-', '.');
        String path = System.getProperty(key);
        if (path != null && !path.isBlank() && !path.startsWith("${")) {
            File file = new File(path);
            if (!file.isFile()) {
                throw new IllegalStateException(key + " names " + file + ", which is not a file");
            }
            return bundle(file.toURI().toString());
        }
        return mavenBundle("dev.junction", artifactId).versionAsInProject();
    }

    /**
     * Fails fast, naming the culprits, when a bundle is not running: every non-fragment bundle must be ACTIVE and
     * every fragment RESOLVED. (pax-exam's {@code pax.exam.osgi.unresolved.fail} already stops the run on an
     * unresolved bundle; this also catches a bundle whose start failed.)
     */
    @Before
    public void failOnUnresolvedBundles() {
        StringBuilder problems = new StringBuilder();
        for (Bundle b : bundleContext.getBundles()) {
            org.osgi.framework.wiring.BundleWiring w = b.adapt(org.osgi.framework.wiring.BundleWiring.class);
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (b.getState() != expected) {
                problems.append("\n  ").append(b.getSymbolicName()).append(' ').append(b.getVersion())
                        .append(" is ").append(stateName(b.getState())).append(", expected ")
                        .append(stateName(expected));
            }
        }
        if (problems.length() > 0) {
            fail("Bundles not ready:" + problems);
        }
    }

    @After
    public void cleanUp() {
        for (WampTestClient c : clients) {
            c.close();
        }
        clients.clear();
        // Realms first, so that their sessions are closed the WAMP way while the transports still run.
        List<Configuration> left = new ArrayList<>(configurations);
        left.sort((a, b) -> Boolean.compare(!REALM_PID.equals(a.getFactoryPid()), !REALM_PID.equals(b.getFactoryPid())));
        for (Configuration c : left) {
            String pid = c.getPid();
            deleteConfiguration(c);
            // The next test of the class reuses the names (realm1); wait until this one's component is gone.
            try {
                awaitNoComponentFor(pid);
            } catch (AssertionError e) {
                System.err.println("cleanUp: " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Configuration Admin

    /**
     * Creates factory configuration {@code factoryPid~name} (location "?", so any bundle may consume it) with
     * {@code properties}; deleted after the test unless the test deletes it.
     */
    protected Configuration createFactoryConfiguration(String factoryPid, String name, Map<String, ?> properties) {
        try {
            Configuration c = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
            c.update(toDictionary(properties));
            configurations.add(c);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the properties of {@code c}. */
    protected void updateConfiguration(Configuration c, Map<String, ?> properties) {
        try {
            c.update(toDictionary(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected void deleteConfiguration(Configuration c) {
        configurations.remove(c);
        try {
            c.delete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException alreadyDeleted) {
            // deleted by the test itself
        }
    }

    /** A realm configuration {@code dev.junction.realm~<unique>} with {@code name=realm}. */
    protected Configuration createRealm(String realm) {
        return createFactoryConfiguration(REALM_PID, uniqueName("realm"), Map.of("name", realm));
    }

    /** The properties of a TCP WebSocket transport on 127.0.0.1:{@code port}. */
    protected static Map<String, Object> transportProperties(int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("endpoint.type", "tcp");
        p.put("endpoint.port", port);
        p.put("endpoint.interface", "127.0.0.1");
        return p;
    }

    /** A transport configuration {@code dev.junction.transport.websocket~<unique>} on {@code port}. */
    protected Configuration createTransport(int port) {
        return createFactoryConfiguration(TRANSPORT_PID, uniqueName("ws"), transportProperties(port));
    }

    /** Creates a transport on a free port, waits until it accepts connections, and returns the port. */
    protected int startTransport() {
        int port = freePort();
        createTransport(port);
        waitForPortOpen(port);
        return port;
    }

    protected static String uniqueName(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    private static Dictionary<String, Object> toDictionary(Map<String, ?> properties) {
        Hashtable<String, Object> d = new Hashtable<>();
        properties.forEach(d::put);
        return d;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Declarative Services diagnostics

    /** Waits until no DS component configuration carries {@code service.pid = pid}. */
    protected void awaitNoComponentFor(String pid) {
        waitUntil("the component of deleted configuration " + pid + " to go away", () -> {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (pid.equals(c.properties.get(Constants.SERVICE_PID))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Every Junction component and its configurations with state and failure, for failure messages. */
    protected String componentReport() {
        StringBuilder s = new StringBuilder("\n  Junction components:");
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("dev.junction")) {
                continue;
            }
            s.append("\n    ").append(d.name);
            Object[] configurations = scr.getComponentConfigurationDTOs(d).toArray();
            if (configurations.length == 0) {
                s.append(" (no configuration)");
            }
            for (Object o : configurations) {
                ComponentConfigurationDTO c = (ComponentConfigurationDTO) o;
                Object pid = c.properties.get(Constants.SERVICE_PID);
                s.append("\n      ").append(pid == null ? "(no configuration)" : pid).append(' ')
                        .append(componentState(c.state));
                if (c.failure != null) {
                    s.append(" failure: ").append(c.failure.lines().findFirst().orElse(""));
                }
                if (c.unsatisfiedReferences.length > 0) {
                    s.append(" unsatisfied:");
                    for (var r : c.unsatisfiedReferences) {
                        s.append(' ').append(r.name);
                    }
                }
            }
        }
        return s.toString();
    }

    private static String componentState(int state) {
        return switch (state) {
        case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "UNSATISFIED_CONFIGURATION";
        case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "UNSATISFIED_REFERENCE";
        case ComponentConfigurationDTO.SATISFIED -> "SATISFIED";
        case ComponentConfigurationDTO.ACTIVE -> "ACTIVE";
        case ComponentConfigurationDTO.FAILED_ACTIVATION -> "FAILED_ACTIVATION";
        default -> "state " + state;
        };
    }

    private static String stateName(int state) {
        return switch (state) {
        case Bundle.INSTALLED -> "INSTALLED";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        case Bundle.ACTIVE -> "ACTIVE";
        case Bundle.UNINSTALLED -> "UNINSTALLED";
        default -> "state " + state;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Waiting: poll a condition until a deadline (no Awaitility here, and never a bare sleep)

    /** Polls {@code condition} until it holds; fails with {@code what} after {@link #TIMEOUT}. */
    protected static void waitUntil(String what, BooleanSupplier condition) {
        waitFor(what, TIMEOUT, () -> condition.getAsBoolean() ? Boolean.TRUE : null, () -> "");
    }

    /**
     * Polls {@code probe} until it returns non-null and returns that value; fails after {@code timeout} with
     * {@code what} and {@code diagnostics}.
     */
    protected static <T> T waitFor(String what, Duration timeout, Supplier<T> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what + diagnostics.get());
            }
            LockSupport.parkNanos(POLL_INTERVAL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ports

    /** A TCP port that was free on 127.0.0.1 a moment ago and that no other test of this JVM has been given. */
    protected static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (PORTS_GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    protected static boolean acceptsConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    protected void waitForPortOpen(int port) {
        waitFor("127.0.0.1:" + port + " to accept connections", TIMEOUT,
                () -> acceptsConnections(port) ? Boolean.TRUE : null, this::componentReport);
    }

    protected void waitForPortClosed(int port) {
        waitFor("127.0.0.1:" + port + " to refuse connections", TIMEOUT,
                () -> acceptsConnections(port) ? null : Boolean.TRUE, this::componentReport);
    }

    // ---------------------------------------------------------------------------------------------------------
    // WAMP clients

    protected static URI wsUri(int port) {
        return URI.create("ws://127.0.0.1:" + port + WS_PATH);
    }

    /** A connected (not joined) client, closed after the test. */
    protected WampTestClient connect(String name, int port, WampCodec codec) {
        WampTestClient c = WampTestClient.connect(name, wsUri(port), codec, TIMEOUT, exchange);
        clients.add(c);
        return c;
    }

    /** A client joined to {@code realm}. */
    protected WampTestClient join(String name, int port, WampCodec codec, String realm) {
        WampTestClient c = connect(name, port, codec);
        c.hello(realm);
        return c;
    }

    /**
     * Waits until the transport on {@code port} completes WebSocket handshakes (the port may accept TCP before the
     * transport has the router service); returns a connected client.
     */
    protected WampTestClient awaitHandshake(String name, int port, WampCodec codec) {
        List<String> attempts = new ArrayList<>();
        WampTestClient c = waitFor("a WebSocket handshake on port " + port, TIMEOUT, () -> {
            try {
                return WampTestClient.connect(name, wsUri(port), codec, TIMEOUT, exchange);
            } catch (AssertionError e) {
                note(attempts, e.getMessage());
                return null;
            }
        }, () -> "\n  attempts: " + attempts + componentReport());
        clients.add(c);
        return c;
    }

    /**
     * Waits until the DS component configuration for configuration {@code pid} exists and has settled (ACTIVE or
     * FAILED_ACTIVATION); returns its state.
     */
    protected int awaitComponentSettled(String pid) {
        return waitFor("the component of configuration " + pid + " to be ACTIVE or FAILED_ACTIVATION", TIMEOUT, () -> {
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (pid.equals(c.properties.get(Constants.SERVICE_PID))
                            && (c.state == ComponentConfigurationDTO.ACTIVE
                                    || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)) {
                        return c.state;
                    }
                }
            }
            return null;
        }, this::componentReport);
    }

    /**
     * Waits until a fresh session can join {@code realm} through {@code port} (configurations are applied
     * asynchronously): each attempt connects, sends HELLO and expects WELCOME.
     */
    protected void awaitJoinable(int port, String realm) {
        List<String> attempts = new ArrayList<>();
        waitFor("realm " + realm + " to be joinable on port " + port, TIMEOUT, () -> {
            try (WampTestClient c = WampTestClient.connect("joinable-probe", wsUri(port), WampCodec.JSON, TIMEOUT,
                    new ExchangeLog())) {
                List<Object> answer = c.sendHello(realm);
                if (WampTestClient.type(answer) == WampTestClient.WELCOME) {
                    c.goodbye();
                    return Boolean.TRUE;
                }
                note(attempts, WampCodec.show(answer));
                return null;
            } catch (AssertionError e) {
                note(attempts, e.getMessage());
                return null;
            }
        }, () -> "\n  last answers: " + attempts + componentReport());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bundles and services (live modularity tests)

    static final String ROUTER_BSN = "dev.junction.router";
    static final String TRANSPORT_BSN = "dev.junction.transport.websocket";
    static final String MSGPACK_BSN = "dev.junction.serializer.msgpack";
    static final String SERIALIZER_SERVICE = "dev.junction.spi.serializer.Serializer";
    static final String ROUTER_SERVICE = "dev.junction.spi.transport.WampRouter";

    /** The installed bundle with {@code symbolicName}; fails when there is none. */
    protected Bundle installedBundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " installed");
    }

    protected static void stopBundle(Bundle b) {
        try {
            b.stop();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError("could not stop " + b.getSymbolicName() + ": " + e, e);
        }
    }

    protected static void startBundle(Bundle b) {
        try {
            b.start();
        } catch (org.osgi.framework.BundleException e) {
            throw new AssertionError("could not start " + b.getSymbolicName() + ": " + e, e);
        }
    }

    /** Starts {@code symbolicName} again if a test left it stopped (call from {@code @After}). */
    protected void ensureStarted(String symbolicName) {
        Bundle b = installedBundle(symbolicName);
        if (b.getState() != Bundle.ACTIVE) {
            startBundle(b);
        }
    }

    /** How many services are registered under {@code className} right now (looked up by name: the driver does
     * not see the Junction API classes). */
    protected int serviceCount(String className) {
        try {
            org.osgi.framework.ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(className, null);
            return refs == null ? 0 : refs.length;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code service.id}s of the services registered under {@code className}, sorted. */
    protected List<Long> serviceIds(String className) {
        try {
            org.osgi.framework.ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(className, null);
            List<Long> ids = new ArrayList<>();
            if (refs != null) {
                for (org.osgi.framework.ServiceReference<?> r : refs) {
                    ids.add((Long) r.getProperty(Constants.SERVICE_ID));
                }
            }
            Collections.sort(ids);
            return ids;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Raw HTTP upgrade probe (status codes and headers the JDK WebSocket client does not show)

    /** The answer to an HTTP upgrade request: status, lower-cased headers, and the body of a refusal. */
    record UpgradeAnswer(int status, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return status + " " + headers + (body.isEmpty() ? "" : " body: " + body.strip());
        }
    }

    /**
     * Sends one WebSocket upgrade request to 127.0.0.1:{@code port} offering {@code subprotocol} (with
     * {@code origin} unless null) and returns the answer; the connection is dropped afterwards (a 101 leaves a
     * connection the server sees fail, which is harmless).
     */
    protected static UpgradeAnswer upgrade(int port, String subprotocol, String origin) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder req = new StringBuilder()
                    .append("GET ").append(WS_PATH).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
            if (origin != null) {
                req.append("Origin: ").append(origin).append("\r\n");
            }
            req.append("\r\n");
            s.getOutputStream().write(req.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            java.io.InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n");
            if (lines.length == 0 || lines[0].isEmpty()) {
                throw new AssertionError("no HTTP answer to an upgrade request on port " + port);
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            String body = "";
            if (status != 101) {
                String length = headers.get("content-length");
                byte[] bytes = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
                body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            return new UpgradeAnswer(status, headers, body);
        } catch (IOException e) {
            throw new AssertionError("upgrade request to port " + port + " failed: " + e, e);
        }
    }

    /** Polls {@link #upgrade} until its status is {@code status}; returns that answer. */
    protected UpgradeAnswer awaitUpgradeStatus(int port, String subprotocol, String origin, int status) {
        List<String> answers = new ArrayList<>();
        return waitFor("HTTP " + status + " to an upgrade offering " + subprotocol
                + (origin == null ? "" : " from Origin " + origin) + " on port " + port, TIMEOUT, () -> {
                    UpgradeAnswer a = upgrade(port, subprotocol, origin);
                    if (a.status() == status) {
                        return a;
                    }
                    note(answers, a.toString());
                    return null;
                }, () -> "\n  answers: " + answers + componentReport());
    }

    private static void note(List<String> attempts, String what) {
        if (attempts.isEmpty() || !attempts.get(attempts.size() - 1).equals(what)) {
            attempts.add(what);
        }
    }
}
