package dev.junction.client;

import java.util.Map;

import dev.junction.api.message.Payload;

/** One EVENT: its subscription and publication ids, the payload and the details ({@code topic}, {@code publisher}). */
public record EventInfo(long subscription, long publication, Payload payload, Map<String, Object> details) {
}
