package dev.junction.crossbar.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Crossbar permission object as one line of a Junction role's {@code permissions}:
 * {@code <uri> [match=] allow=... [disclose=...] [cache=true]}. The resolution of lines is Crossbar's, so the role
 * authorizes as it did.
 */
final class PermissionLine {
    private static final List<String> ACTIONS = List.of("call", "register", "publish", "subscribe");

    private PermissionLine() {
    }

    /** The line, or {@code null} with the reason in {@code findings} (nothing else of the role is affected). */
    static String of(JsonNode permission, String path, Findings findings) {
        if (!permission.isObject() || !permission.path("uri").isTextual()) {
            findings.error(path, "a permission needs a string uri");
            return null;
        }
        String uri = permission.get("uri").asText();
        String match = permission.path("match").isTextual() ? permission.get("match").asText() : null;
        String head;
        if (match == null) {
            if (uri.isEmpty()) {
                findings.note(path, "uri \"\" without match is an exact rule for the empty URI, which matches "
                        + "nothing; left out");
                return null;
            }
            head = uri; // Crossbar's starred form, which Junction reads the same way
        } else if (!List.of("exact", "prefix", "wildcard").contains(match)) {
            findings.error(path + ".match", "'" + match + "' is not exact, prefix or wildcard");
            return null;
        } else if (uri.contains("*")) {
            findings.note(path, "with match " + match + " Crossbar takes '*' in '" + uri + "' literally, and no "
                    + "URI contains '*': the rule never applies; left out");
            return null;
        } else if (uri.isEmpty() && match.equals("prefix")) {
            head = "*"; // every URI
        } else if (uri.isEmpty()) {
            findings.note(path, "an empty " + match + " uri matches nothing; left out");
            return null;
        } else {
            head = uri + " match=" + match;
        }
        StringBuilder line = new StringBuilder(head);
        List<String> allowed = flags(permission.path("allow"), ACTIONS, path + ".allow", findings);
        line.append(" allow=").append(allowed.isEmpty() ? "none" : String.join(",", allowed));
        List<String> disclosed = flags(permission.path("disclose"), List.of("caller", "publisher"),
                path + ".disclose", findings);
        if (!disclosed.isEmpty()) {
            line.append(" disclose=").append(String.join(",", disclosed));
        }
        if (permission.path("cache").asBoolean(false)) {
            line.append(" cache=true");
        }
        if (permission.has("validate")) {
            findings.unmapped(path + ".validate", "payload validation has no counterpart in Junction",
                    "check argument types in the callee or subscriber");
        }
        for (Iterator<String> keys = permission.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            if (!List.of("uri", "match", "allow", "disclose", "cache", "validate").contains(key)) {
                findings.unmapped(path + "." + key, "not a Crossbar permission key", null);
            }
        }
        return line.toString();
    }

    /** The names among {@code known} set to true in an object like {@code {call: true, publish: false}}. */
    private static List<String> flags(JsonNode node, List<String> known, String path, Findings findings) {
        List<String> on = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return on;
        }
        if (!node.isObject()) {
            findings.error(path, "must be an object of booleans, e.g. {\"" + known.get(0) + "\": true}");
            return on;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                findings.unmapped(path + "." + e.getKey(), "unknown; allowed " + String.join(", ", known), null);
            } else if (e.getValue().asBoolean(false)) {
                on.add(e.getKey());
            }
        }
        on.sort((a, b) -> known.indexOf(a) - known.indexOf(b));
        return on;
    }
}
