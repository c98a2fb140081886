package dev.junction.router.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wildcard patterns as a trie over URI components (as Crossbar's wildcard matcher): from each node, one edge per
 * fixed component and one for the empty component, which matches any. A URI follows at most two edges per
 * component, so a lookup visits only the patterns' common paths the URI can take, not every pattern.
 *
 * <p>A pattern's path is its components, so every pattern has its own end node, at the depth of its component count.
 *
 * <p>Not thread-safe for writers; readers may run concurrently when no writer does (the realm's routing lock).
 */
final class WildcardTrie<T> {

    private static final class Node<T> {
        /** Children by fixed component; null until the first. */
        Map<String, Node<T>> fixed;
        /** The child for the empty component (matches any component), or null. */
        Node<T> any;
        /** The entry whose pattern ends here, or null; then also its pattern and how many fixed components it has. */
        T value;
        String pattern;
        int fixedCount;

        boolean isEmpty() {
            return value == null && any == null && (fixed == null || fixed.isEmpty());
        }
    }

    private final Node<T> root = new Node<>();

    /** Sets the entry of {@code pattern}, replacing any. */
    void put(String pattern, T value) {
        String[] parts = components(pattern);
        Node<T> node = root;
        int fixedCount = 0;
        for (String part : parts) {
            if (part.isEmpty()) {
                if (node.any == null) {
                    node.any = new Node<>();
                }
                node = node.any;
            } else {
                fixedCount++;
                if (node.fixed == null) {
                    node.fixed = new HashMap<>(4);
                }
                node = node.fixed.computeIfAbsent(part, p -> new Node<>());
            }
        }
        node.value = value;
        node.pattern = pattern;
        node.fixedCount = fixedCount;
    }

    /** Removes the entry of {@code pattern}, if any, and the nodes that no longer lead to an entry. */
    void remove(String pattern) {
        remove(root, components(pattern), 0);
    }

    private static <T> void remove(Node<T> node, String[] parts, int depth) {
        if (depth == parts.length) {
            node.value = null;
            node.pattern = null;
            return;
        }
        String part = parts[depth];
        Node<T> child = part.isEmpty() ? node.any : node.fixed == null ? null : node.fixed.get(part);
        if (child == null) {
            return;
        }
        remove(child, parts, depth + 1);
        if (child.isEmpty()) {
            if (part.isEmpty()) {
                node.any = null;
            } else {
                node.fixed.remove(part);
            }
        }
    }

    /** Visits the entry of every pattern that matches {@code uri}. */
    void forEachMatch(String uri, Consumer<T> action) {
        visit(root, components(uri), 0, node -> action.accept(node.value));
    }

    /**
     * The entry of the matching pattern with the most fixed components; among those the shorter pattern, then the
     * lexicographically smaller one, so the choice does not depend on the order of registration.
     */
    T best(String uri) {
        Node<T>[] best = newHolder();
        visit(root, components(uri), 0, node -> {
            Node<T> b = best[0];
            if (b == null || node.fixedCount > b.fixedCount || node.fixedCount == b.fixedCount
                    && (node.pattern.length() < b.pattern.length() || node.pattern.length() == b.pattern.length()
                            && node.pattern.compareTo(b.pattern) < 0)) {
                best[0] = node;
            }
        });
        return best[0] == null ? null : best[0].value;
    }

    private static <T> void visit(Node<T> node, String[] parts, int depth, Consumer<Node<T>> action) {
        if (depth == parts.length) {
            if (node.value != null) {
                action.accept(node);
            }
            return;
        }
        if (node.fixed != null) {
            Node<T> child = node.fixed.get(parts[depth]);
            if (child != null) {
                visit(child, parts, depth + 1, action);
            }
        }
        if (node.any != null) {
            visit(node.any, parts, depth + 1, action);
        }
    }

    /** A URI's or pattern's components; empty ones kept (a pattern's stand for "any", as the linear match had it). */
    static String[] components(String uri) {
        return uri.split("\\.", -1);
    }

    @SuppressWarnings("unchecked")
    private static <T> Node<T>[] newHolder() {
        return new Node[1];
    }
}
