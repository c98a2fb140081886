package dev.junction.api.metrics;

/**
 * One serializer, as the router used it.
 *
 * @param name the serializer's name ({@code json}, {@code msgpack}, ...)
 * @param encoded messages encoded (an EVENT is encoded once per serializer, not once per subscriber)
 * @param encodeFailures messages the serializer could not encode (the message was not sent)
 * @param decoded inbound messages decoded
 * @param decodeFailures inbound messages that did not decode (each is a protocol violation)
 */
public record SerializerMetrics(String name, long encoded, long encodeFailures, long decoded, long decodeFailures) {
}
