package dev.junction.transport.endpoint;

import dev.junction.spi.config.ConfigValidator;

/**
 * An endpoint that cannot be opened, named the way a configuration refusal names a key: the message is
 * {@code key=value, problem} ({@code endpoint.port=8080, port in use}), so transports put it after
 * {@link ConfigValidator#refusal}.
 */
public final class EndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String problem;

    public EndpointException(String key, Object value, String problem, Throwable cause) {
        super(key + "=" + ConfigValidator.render(value) + ", " + problem, cause);
        this.key = key;
        this.value = ConfigValidator.render(value);
        this.problem = problem;
    }

    /** The configuration key at fault, e.g. {@code endpoint.tls.key}. */
    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String problem() {
        return problem;
    }
}
