package dev.junction.router.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.api.message.Abort;
import dev.junction.api.message.Call;
import dev.junction.api.message.Cancel;
import dev.junction.api.message.Challenge;
import dev.junction.api.message.ErrorMessage;
import dev.junction.api.message.Event;
import dev.junction.api.message.Goodbye;
import dev.junction.api.message.Hello;
import dev.junction.api.message.Interrupt;
import dev.junction.api.message.Invocation;
import dev.junction.api.message.Payload;
import dev.junction.api.message.Publish;
import dev.junction.api.message.Published;
import dev.junction.api.message.Register;
import dev.junction.api.message.Registered;
import dev.junction.api.message.Result;
import dev.junction.api.message.Subscribe;
import dev.junction.api.message.Subscribed;
import dev.junction.api.message.Unregister;
import dev.junction.api.message.Unregistered;
import dev.junction.api.message.Unsubscribe;
import dev.junction.api.message.Unsubscribed;
import dev.junction.api.message.WampMessage;
import dev.junction.api.message.WampMessages;
import dev.junction.api.message.Welcome;
import dev.junction.api.message.Yield;

/**
 * Tracing of one session's WAMP messages, switched on at run time (shell {@code junction:trace}): one INFO line per
 * message on logger {@value #LOGGER} with the type, request id, URI and size, and the arguments only when asked.
 * Authentication secrets (AUTHENTICATE's signature, CHALLENGE's extra) are never written.
 *
 * @param payloads whether arguments are written too
 */
record SessionTrace(boolean payloads) {
    static final String LOGGER = "dev.junction.router.trace";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** A payload longer than this is cut: a trace is for reading, not a copy of the traffic. */
    private static final int MAX_PAYLOAD_CHARS = 1000;

    @SuppressWarnings("try") // the MDC scope is not referenced inside, by design
    void log(WampSession session, String direction, WampMessage message, int bytes) {
        try (SessionMdc mdc = session.mdc()) {
            LOG.info("{} {} {} bytes{}", direction, describe(message), bytes, payloads ? payload(message) : "");
        }
    }

    /** An EVENT of a fan-out, which reaches this session already encoded. */
    @SuppressWarnings("try")
    void logEncodedEvent(WampSession session, int bytes) {
        try (SessionMdc mdc = session.mdc()) {
            LOG.info("out EVENT (fan-out) {} bytes", bytes);
        }
    }

    static String describe(WampMessage m) {
        String name = WampMessages.name(m.type());
        if (m instanceof Hello h) {
            return name + " realm=" + h.realm();
        }
        if (m instanceof Welcome w) {
            return name + " session=" + w.session();
        }
        if (m instanceof Abort a) {
            return name + " reason=" + a.reason();
        }
        if (m instanceof Goodbye g) {
            return name + " reason=" + g.reason();
        }
        if (m instanceof Challenge c) {
            return name + " authmethod=" + c.authMethod();
        }
        if (m instanceof ErrorMessage e) {
            return name + " " + WampMessages.name(e.requestType()) + " request=" + e.request() + " uri=" + e.error();
        }
        if (m instanceof Publish p) {
            return name + " request=" + p.request() + " uri=" + p.topic();
        }
        if (m instanceof Published p) {
            return name + " request=" + p.request() + " publication=" + p.publication();
        }
        if (m instanceof Subscribe s) {
            return name + " request=" + s.request() + " uri=" + s.topic();
        }
        if (m instanceof Subscribed s) {
            return name + " request=" + s.request() + " subscription=" + s.subscription();
        }
        if (m instanceof Unsubscribe u) {
            return name + " request=" + u.request() + " subscription=" + u.subscription();
        }
        if (m instanceof Unsubscribed u) {
            return name + " request=" + u.request();
        }
        if (m instanceof Event e) {
            return name + " subscription=" + e.subscription() + " publication=" + e.publication();
        }
        if (m instanceof Call c) {
            return name + " request=" + c.request() + " uri=" + c.procedure();
        }
        if (m instanceof Result r) {
            return name + " request=" + r.request();
        }
        if (m instanceof Register r) {
            return name + " request=" + r.request() + " uri=" + r.procedure();
        }
        if (m instanceof Registered r) {
            return name + " request=" + r.request() + " registration=" + r.registration();
        }
        if (m instanceof Unregister u) {
            return name + " request=" + u.request() + " registration=" + u.registration();
        }
        if (m instanceof Unregistered u) {
            return name + " request=" + u.request();
        }
        if (m instanceof Invocation i) {
            return name + " request=" + i.request() + " registration=" + i.registration();
        }
        if (m instanceof Yield y) {
            return name + " request=" + y.request();
        }
        if (m instanceof Cancel c) {
            return name + " request=" + c.request();
        }
        if (m instanceof Interrupt i) {
            return name + " request=" + i.request();
        }
        return name;
    }

    private static String payload(WampMessage m) {
        Payload p = null;
        if (m instanceof Publish x) {
            p = x.payload();
        } else if (m instanceof Event x) {
            p = x.payload();
        } else if (m instanceof Call x) {
            p = x.payload();
        } else if (m instanceof Result x) {
            p = x.payload();
        } else if (m instanceof Invocation x) {
            p = x.payload();
        } else if (m instanceof Yield x) {
            p = x.payload();
        } else if (m instanceof ErrorMessage x) {
            p = x.payload();
        }
        if (p == null) {
            return "";
        }
        String text;
        try {
            text = " args=" + p.args() + " kwargs=" + p.kwargs();
        } catch (RuntimeException e) {
            text = " payload not decodable here (" + e.getMessage() + ")";
        }
        return text.length() > MAX_PAYLOAD_CHARS ? text.substring(0, MAX_PAYLOAD_CHARS) + "..." : text;
    }
}
