package dev.junction.api;

/**
 * The error and close reasons the router sends, as named by the WAMP specification
 * ({@code rfc/text/basic/uri_reference.md} and {@code advanced/uris.md}).
 */
public final class WampUris {
    private WampUris() {
    }

    public static final String CLOSE_NORMAL = "wamp.close.normal";
    public static final String CLOSE_GOODBYE_AND_OUT = "wamp.close.goodbye_and_out";
    public static final String CLOSE_SYSTEM_SHUTDOWN = "wamp.close.system_shutdown";
    public static final String CLOSE_CLOSE_REALM = "wamp.close.close_realm";
    public static final String CLOSE_KILLED = "wamp.close.killed";
    public static final String CLOSE_LOGOUT = "wamp.close.logout";

    public static final String ERROR_PROTOCOL_VIOLATION = "wamp.error.protocol_violation";
    public static final String ERROR_INVALID_URI = "wamp.error.invalid_uri";
    public static final String ERROR_NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure";
    public static final String ERROR_PROCEDURE_ALREADY_EXISTS = "wamp.error.procedure_already_exists";
    public static final String ERROR_NO_SUCH_REGISTRATION = "wamp.error.no_such_registration";
    public static final String ERROR_NO_SUCH_SUBSCRIPTION = "wamp.error.no_such_subscription";
    public static final String ERROR_NO_SUCH_REALM = "wamp.error.no_such_realm";
    public static final String ERROR_NO_SUCH_ROLE = "wamp.error.no_such_role";
    public static final String ERROR_NO_SUCH_PRINCIPAL = "wamp.error.no_such_principal";
    public static final String ERROR_NO_SUCH_SESSION = "wamp.error.no_such_session";
    public static final String ERROR_INVALID_ARGUMENT = "wamp.error.invalid_argument";
    public static final String ERROR_CANCELED = "wamp.error.canceled";
    public static final String ERROR_TIMEOUT = "wamp.error.timeout";
    public static final String ERROR_NOT_AUTHORIZED = "wamp.error.not_authorized";
    public static final String ERROR_AUTHORIZATION_FAILED = "wamp.error.authorization_failed";
    public static final String ERROR_AUTHENTICATION_FAILED = "wamp.error.authentication_failed";
    public static final String ERROR_NO_MATCHING_AUTH_METHOD = "wamp.error.no_matching_auth_method";
    public static final String ERROR_PAYLOAD_SIZE_EXCEEDED = "wamp.error.payload_size_exceeded";
    public static final String ERROR_OPTION_NOT_ALLOWED = "wamp.error.option_not_allowed";
    public static final String ERROR_UNAVAILABLE = "wamp.error.unavailable";
}
