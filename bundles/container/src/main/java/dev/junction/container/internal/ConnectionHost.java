package dev.junction.container.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.admin.ConnectingTransport;
import dev.junction.api.admin.ConnectionStatus;
import dev.junction.container.WampComponent;
import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.serializer.Serializer;

/**
 * What every connecting transport does, whatever its type: every {@link WampComponent} service whose
 * {@link WampComponent#CONNECTION} names this connection's id is joined through it, each with its own session, and
 * rejoined after a lost connection. A component registered or removed at runtime joins or leaves then. Serializers
 * are the installed serializer services, in the order the configuration lists them. The DS component of each
 * transport type parses its configuration and forwards its references here.
 */
final class ConnectionHost implements ConnectingTransport {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHost.class);

    private final List<Serializer> serializers = new CopyOnWriteArrayList<>();
    private final Map<Long, WampComponent> components = new LinkedHashMap<>();
    private final Map<Long, ComponentRunner> runners = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private ConnectionSettings settings;

    /** Parses the configuration of {@code type} under {@code factoryPid}; a bad one fails the activation. */
    ConnectionHost(Map<String, Object> properties, String factoryPid, String type) {
        String pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        ConfigValidator v = new ConfigValidator(pid, properties);
        ConnectionSettings parsed = ConnectionSettings.parse(v, ConfigValidator.instanceName(properties, factoryPid),
                type);
        if (parsed == null) {
            // SCR then leaves the component unsatisfied-by-failure: the reason is this log line and the console's.
            LOG.error(v.summary());
            throw new IllegalArgumentException(v.summary());
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName("junction-connect-" + parsed.id());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        this.settings = parsed;
        LOG.info("Connection {} ({}) to {} realm {} is active", parsed.id(), type, parsed.target(), parsed.realm());
    }

    void stop() {
        List<ComponentRunner> all;
        synchronized (this) {
            all = new ArrayList<>(runners.values());
            runners.clear();
            settings = null;
        }
        all.forEach(ComponentRunner::stop);
        timer.shutdownNow();
    }

    void addSerializer(Serializer s) {
        serializers.add(s);
    }

    void removeSerializer(Serializer s) {
        serializers.remove(s);
    }

    synchronized void addComponent(WampComponent component, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        Object connection = properties.get(WampComponent.CONNECTION);
        components.put(serviceId, component);
        if (settings != null && settings.id().equals(connection)) {
            startRunner(serviceId, component);
        }
    }

    void removeComponent(Map<String, Object> properties) {
        ComponentRunner runner;
        synchronized (this) {
            long serviceId = (Long) properties.get(Constants.SERVICE_ID);
            components.remove(serviceId);
            runner = runners.remove(serviceId);
        }
        if (runner != null) {
            runner.stop();
        }
    }

    private void startRunner(long serviceId, WampComponent component) {
        if (runners.containsKey(serviceId)) {
            return;
        }
        ComponentRunner runner = new ComponentRunner(settings, this::usableSerializers, component, serviceId, timer);
        runners.put(serviceId, runner);
        runner.start();
    }

    /** The installed serializers the configuration names, in its order. */
    private List<Serializer> usableSerializers() {
        ConnectionSettings s;
        synchronized (this) {
            s = settings;
        }
        List<Serializer> out = new ArrayList<>();
        if (s != null) {
            for (String name : s.serializers()) {
                serializers.stream().filter(x -> x.name().equals(name)).findFirst().ifPresent(out::add);
            }
        }
        return out;
    }

    @Override
    public synchronized String id() {
        return settings == null ? "" : settings.id();
    }

    @Override
    public synchronized String type() {
        return settings == null ? "" : settings.type();
    }

    @Override
    public synchronized String url() {
        return settings == null ? "" : settings.target();
    }

    @Override
    public synchronized String realm() {
        return settings == null ? "" : settings.realm();
    }

    @Override
    public List<ConnectionStatus> status() {
        List<ComponentRunner> all;
        synchronized (this) {
            all = new ArrayList<>(runners.values());
        }
        return all.stream().map(ComponentRunner::status).toList();
    }
}
