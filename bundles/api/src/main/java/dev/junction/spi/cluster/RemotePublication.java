package dev.junction.spi.cluster;

import java.util.Map;

import dev.junction.api.message.Payload;

/**
 * A publication that crosses to another node: what its subscribers need to get the same EVENT as the publisher's
 * node gives its own.
 *
 * @param realm the realm it was published in
 * @param topic the topic it was published to
 * @param publication the publication id (EVENT.Publication)
 * @param publisher the publisher's session id (never a receiver)
 * @param publisherSerializer the publisher's serializer name (a passthru payload goes only to the same one, or is
 *        the spec's single binary argument)
 * @param options the PUBLISH.Options (black- and whitelists, {@code ppt_*})
 * @param details the EVENT.Details every subscriber gets (disclosure, {@code ppt_*}); pattern subscribers also
 *        get {@code topic}
 * @param payload the payload (still encoded as it arrived: a cluster decodes it only to send it)
 */
public record RemotePublication(String realm, String topic, long publication, long publisher,
        String publisherSerializer, Map<String, Object> options, Map<String, Object> details, Payload payload) {
}
