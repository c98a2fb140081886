package dev.junction.spi.serializer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The service properties every {@link Serializer} registers with, so that transports can select serializers with a
 * filter and the console can list them without loading them. Use it on the component:
 * {@code @WampSerializer(name = "json", subprotocol = "wamp.2.json", rawSocketId = 1)}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WampSerializer {
    /** Prefix of every property name. */
    String PREFIX_ = "wamp.serializer.";

    /** Service property {@code wamp.serializer.name}. */
    String NAME = PREFIX_ + "name";
    /** Service property {@code wamp.serializer.subprotocol}. */
    String SUBPROTOCOL = PREFIX_ + "subprotocol";
    /** Service property {@code wamp.serializer.rawSocketId}. */
    String RAW_SOCKET_ID = PREFIX_ + "rawSocketId";

    String name();

    String subprotocol();

    int rawSocketId();
}
