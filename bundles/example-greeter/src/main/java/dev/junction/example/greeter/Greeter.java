package dev.junction.example.greeter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.message.Payload;
import dev.junction.client.InvocationRequest;
import dev.junction.client.WampSession;
import dev.junction.container.WampComponent;

/**
 * An example hosted component, one per {@code dev.junction.example.greeter} factory configuration. Its
 * {@code junction.connection} key becomes the service property the container looks for, so the configuration
 * alone decides which connecting transport (and so which router, realm and credentials) the component uses. On
 * every join it registers {@code procedure} (answering {@code "<greeting>, <name>"}, with the connection, the
 * serializer and the events seen as keyword results) and subscribes to {@code topic}, counting its events.
 */
@Component(configurationPid = Greeter.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = Greeter.Config.class, factory = true)
public final class Greeter implements WampComponent {
    static final String PID = "dev.junction.example.greeter";
    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);

    @ObjectClassDefinition(name = "Junction example: greeter", description = "A hosted WAMP component that "
            + "registers a greeting procedure and counts a topic's events.")
    @interface Config {
        @AttributeDefinition(name = "Connection", description = "The id of the connecting transport "
                + "(dev.junction.connect.websocket or .rawsocket) to join through.")
        String junction_connection();

        @AttributeDefinition(name = "Procedure", description = "The procedure to register.")
        String procedure() default "com.example.greet";

        @AttributeDefinition(name = "Greeting", description = "The first word of the answer.")
        String greeting() default "hello";

        @AttributeDefinition(name = "Topic", description = "The topic whose events are counted.")
        String topic() default "com.example.hello";

        String webconsole_configurationFactory_nameHint() default "Greeter {procedure} on {junction.connection}";
    }

    private final Config config;
    private final AtomicLong events = new AtomicLong();

    @Activate
    public Greeter(Config config) {
        this.config = config;
    }

    @Override
    public CompletionStage<?> onJoin(WampSession session) {
        LOG.info("Greeter {} joined as session {} over {}", config.procedure(), session.id(), session.serializer());
        CompletableFuture<Long> registered = session.register(config.procedure(), Map.of(),
                call -> CompletableFuture.completedFuture(greet(call, session)));
        CompletableFuture<Long> subscribed = session.subscribe(config.topic(), Map.of(),
                event -> events.incrementAndGet());
        return CompletableFuture.allOf(registered, subscribed);
    }

    @Override
    public void onLeave(String reason) {
        LOG.info("Greeter {} left: {}", config.procedure(), reason);
    }

    private Payload greet(InvocationRequest call, WampSession session) {
        List<Object> args = call.payload().args();
        String name = args.isEmpty() ? "world" : String.valueOf(args.get(0));
        return Payload.of(List.of(config.greeting() + ", " + name), Map.of("connection",
                config.junction_connection(), "serializer", session.serializer(), "events", events.get()));
    }
}
