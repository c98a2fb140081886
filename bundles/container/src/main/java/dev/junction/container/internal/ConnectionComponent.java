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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.container.ConnectingTransport;
import dev.junction.container.ConnectionStatus;
import dev.junction.container.WampComponent;
import dev.junction.spi.config.ConfigValidator;
import dev.junction.spi.serializer.Serializer;

/**
 * One connecting WebSocket transport per factory configuration of {@code dev.junction.connect.websocket}: every
 * {@link WampComponent} service whose {@link WampComponent#CONNECTION} names this configuration's id is joined
 * through it, each with its own session, and rejoined after a lost connection. A changed configuration restarts
 * the sessions (SCR deactivates and activates the component); a component registered or removed at runtime joins or
 * leaves then. Serializers are the installed serializer services, in the order the configuration lists them.
 */
@Component(configurationPid = ConnectionSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = ConnectingTransport.class, immediate = true)
@Designate(ocd = ConnectionComponent.Config.class, factory = true)
public final class ConnectionComponent implements ConnectingTransport {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionComponent.class);

    @ObjectClassDefinition(name = "Junction connecting WebSocket transport", description = "Joins the hosted WAMP "
            + "components that name this id (service property junction.connection) to a router.")
    @interface Config {
        @AttributeDefinition(name = "Id", required = false, description = "Components name it in their "
                + "junction.connection property. Default: the configuration's instance name.")
        String id() default "";

        @AttributeDefinition(name = "Type", options = @Option(label = "WebSocket", value = "websocket"))
        String type() default "websocket";

        @AttributeDefinition(name = "URL", description = "The router's WebSocket URL, ws:// or wss://.")
        String url();

        @AttributeDefinition(name = "Realm", description = "The realm the components join.")
        String realm();

        @AttributeDefinition(name = "Serializers", required = false, description = "Serializer names in order of "
                + "preference (comma separated in a .cfg file).")
        String[] serializers() default { "json", "msgpack" };

        @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "3600",
                description = "Bound for connecting and for joining.")
        int endpoint_timeout() default 10;

        @AttributeDefinition(name = "Authid", required = false, description = "The authid for ticket, wampcra or "
                + "cryptosign; without credentials the components join as anonymous.")
        String authid() default "";

        @AttributeDefinition(name = "Ticket", required = false, type = org.osgi.service.metatype.annotations
                .AttributeType.PASSWORD, description = "Offer ticket authentication with this ticket.")
        String auth_ticket_ticket() default "";

        @AttributeDefinition(name = "WAMP-CRA secret", required = false, type = org.osgi.service.metatype
                .annotations.AttributeType.PASSWORD, description = "Offer wampcra with this secret.")
        String auth_wampcra_secret() default "";

        @AttributeDefinition(name = "Cryptosign private key", required = false, type = org.osgi.service.metatype
                .annotations.AttributeType.PASSWORD, description = "Offer cryptosign with this Ed25519 private key "
                + "(64 hex digits).")
        String auth_cryptosign_private__key() default "";

        @AttributeDefinition(name = "Max retries", min = "-1", description = "Failed attempts in a row before "
                + "giving up; -1 never gives up.")
        int retry_max__retries() default -1;

        @AttributeDefinition(name = "Initial retry delay (s)", description = "Delay before the first retry.")
        double retry_initial__retry__delay() default 1.0;

        @AttributeDefinition(name = "Max retry delay (s)", description = "Upper bound of the delay.")
        double retry_max__retry__delay() default 300;

        @AttributeDefinition(name = "Retry delay growth", description = "Each delay is this many times the last.")
        double retry_retry__delay__growth() default 1.5;

        @AttributeDefinition(name = "Retry delay jitter", description = "Each delay varies by up to this fraction.")
        double retry_retry__delay__jitter() default 0.1;

        String webconsole_configurationFactory_nameHint() default "Connection {id} to {url}";
    }

    private final List<Serializer> serializers = new CopyOnWriteArrayList<>();
    private final Map<Long, WampComponent> components = new LinkedHashMap<>();
    private final Map<Long, ComponentRunner> runners = new LinkedHashMap<>();
    private final ScheduledExecutorService timer;
    private ConnectionSettings settings;

    @Activate
    public ConnectionComponent(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        ConfigValidator v = new ConfigValidator(pid, properties);
        ConnectionSettings parsed = ConnectionSettings.parse(v,
                ConfigValidator.instanceName(properties, ConnectionSettings.PID));
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
        synchronized (this) {
            this.settings = parsed;
            components.forEach(this::startRunner);
        }
        LOG.info("Connection {} to {} realm {} is active", parsed.id(), parsed.url(), parsed.realm());
    }

    @Deactivate
    void deactivate() {
        List<ComponentRunner> all;
        synchronized (this) {
            all = new ArrayList<>(runners.values());
            runners.clear();
            settings = null;
        }
        all.forEach(ComponentRunner::stop);
        timer.shutdownNow();
    }

    @Reference(service = Serializer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addSerializer(Serializer s) {
        serializers.add(s);
    }

    void removeSerializer(Serializer s) {
        serializers.remove(s);
    }

    @Reference(service = WampComponent.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addComponent(WampComponent component, Map<String, Object> properties) {
        long serviceId = (Long) properties.get(Constants.SERVICE_ID);
        Object connection = properties.get(WampComponent.CONNECTION);
        components.put(serviceId, component);
        if (settings != null && settings.id().equals(connection)) {
            startRunner(serviceId, component);
        }
    }

    void removeComponent(WampComponent component, Map<String, Object> properties) {
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
    public synchronized String url() {
        return settings == null ? "" : settings.url().toString();
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
