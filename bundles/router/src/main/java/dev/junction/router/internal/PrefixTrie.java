package dev.junction.router.internal;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Prefix patterns as a radix tree over characters (a compressed string trie, as Crossbar's {@code StringTrie}): the
 * patterns that are string prefixes of a URI lie on the one path the URI spells, so a lookup costs the length of the
 * URI, whatever the number of patterns.
 *
 * <p>Characters, not URI components, because the prefix policy is a plain string prefix: {@code com.myapp.topic.emer}
 * matches {@code com.myapp.topic.emergency-low}. Edges carry whole runs of characters, so the tree has at most two
 * nodes per pattern.
 *
 * <p>Not thread-safe for writers; readers may run concurrently when no writer does (the realm's routing lock).
 */
final class PrefixTrie<T> {

    private static final class Node<T> {
        /** The characters on the edge from the parent to this node; empty only for the root. */
        String edge;
        /** The entry whose pattern ends here, or null. */
        T value;
        /** Children sorted by the first character of their edge (which differ), searched by bisection. */
        char[] firsts = EMPTY_CHARS;
        Node<T>[] children = emptyChildren();

        Node(String edge, T value) {
            this.edge = edge;
            this.value = value;
        }

        Node<T> child(char first) {
            int i = Arrays.binarySearch(firsts, first);
            return i < 0 ? null : children[i];
        }

        void putChild(Node<T> child) {
            char first = child.edge.charAt(0);
            int i = Arrays.binarySearch(firsts, first);
            if (i >= 0) {
                children[i] = child;
                return;
            }
            int at = -i - 1;
            char[] f = new char[firsts.length + 1];
            Node<T>[] c = Arrays.copyOf(children, children.length + 1);
            System.arraycopy(firsts, 0, f, 0, at);
            System.arraycopy(firsts, at, f, at + 1, firsts.length - at);
            System.arraycopy(children, at, c, at + 1, children.length - at);
            f[at] = first;
            c[at] = child;
            firsts = f;
            children = c;
        }

        void removeChild(char first) {
            int i = Arrays.binarySearch(firsts, first);
            int n = firsts.length - 1;
            char[] f = new char[n];
            Node<T>[] c = Arrays.copyOf(children, n);
            System.arraycopy(firsts, 0, f, 0, i);
            System.arraycopy(firsts, i + 1, f, i, n - i);
            System.arraycopy(children, i + 1, c, i, n - i);
            firsts = f;
            children = c;
        }

        @SuppressWarnings("unchecked")
        private static <T> Node<T>[] emptyChildren() {
            return (Node<T>[]) EMPTY_NODES;
        }
    }

    private static final char[] EMPTY_CHARS = new char[0];
    private static final Node<?>[] EMPTY_NODES = new Node<?>[0];

    private final Node<T> root = new Node<>("", null);

    /** Sets the entry of {@code pattern}, replacing any. */
    void put(String pattern, T value) {
        Node<T> node = root;
        int pos = 0;
        while (pos < pattern.length()) {
            Node<T> child = node.child(pattern.charAt(pos));
            if (child == null) {
                node.putChild(new Node<>(pattern.substring(pos), value));
                return;
            }
            int common = commonLength(child.edge, pattern, pos);
            if (common < child.edge.length()) {
                // The pattern leaves (or ends inside) the child's edge: split the edge where they part.
                Node<T> split = new Node<>(child.edge.substring(0, common), null);
                child.edge = child.edge.substring(common);
                split.putChild(child);
                node.putChild(split);
                child = split;
            }
            node = child;
            pos += common;
        }
        node.value = value;
    }

    /** Removes the entry of {@code pattern}, if any, and the nodes that no longer lead to an entry. */
    void remove(String pattern) {
        // The path from the root, to prune and merge on the way back up.
        @SuppressWarnings("unchecked")
        Node<T>[] path = new Node[pattern.length() + 1];
        int depth = 0;
        path[0] = root;
        Node<T> node = root;
        int pos = 0;
        while (pos < pattern.length()) {
            Node<T> child = node.child(pattern.charAt(pos));
            if (child == null || !pattern.startsWith(child.edge, pos)) {
                return;
            }
            pos += child.edge.length();
            node = child;
            path[++depth] = node;
        }
        if (node.value == null) {
            return;
        }
        node.value = null;
        for (int d = depth; d > 0; d--) {
            Node<T> n = path[d];
            Node<T> parent = path[d - 1];
            if (n.value != null) {
                break;
            }
            if (n.children.length == 0) {
                parent.removeChild(n.edge.charAt(0));
                continue; // the parent may now be a pass-through node itself
            }
            if (n.children.length == 1) {
                // A node without entry and with one child is just part of an edge: join the two edges.
                Node<T> only = n.children[0];
                only.edge = n.edge + only.edge;
                parent.putChild(only);
            }
            break;
        }
    }

    /** Visits the entry of every pattern that is a prefix of {@code uri}, shortest first. */
    void forEachPrefixOf(String uri, Consumer<T> action) {
        Node<T> node = root;
        int pos = 0;
        while (true) {
            if (node.value != null) {
                action.accept(node.value);
            }
            if (pos >= uri.length()) {
                return;
            }
            node = next(node, uri, pos);
            if (node == null) {
                return;
            }
            pos += node.edge.length();
        }
    }

    /** The entry of the longest pattern that is a prefix of {@code uri}, or null. */
    T longestPrefixOf(String uri) {
        Node<T> node = root;
        T best = null;
        int pos = 0;
        while (true) {
            if (node.value != null) {
                best = node.value;
            }
            if (pos >= uri.length()) {
                return best;
            }
            node = next(node, uri, pos);
            if (node == null) {
                return best;
            }
            pos += node.edge.length();
        }
    }

    /** The child whose whole edge {@code uri} continues with at {@code pos}, or null. */
    private static <T> Node<T> next(Node<T> node, String uri, int pos) {
        Node<T> child = node.child(uri.charAt(pos));
        return child != null && uri.startsWith(child.edge, pos) ? child : null;
    }

    /** How many characters {@code edge} and {@code s} from {@code from} have in common at their start. */
    private static int commonLength(String edge, String s, int from) {
        int max = Math.min(edge.length(), s.length() - from);
        int i = 0;
        while (i < max && edge.charAt(i) == s.charAt(from + i)) {
            i++;
        }
        return i;
    }
}
