package dev.junction.spi.cluster;

/**
 * Where a call goes, as {@link ClusterRouting#place} decides it across the callees of every node.
 *
 * @param node the member that serves it: {@code null} for this node, {@code ""} for "another node, the cluster
 *        chooses", otherwise the cluster's name of that node
 * @param callee which of that node's callees of the registration, in their registration order (0 is the first);
 *        -1 lets that node pick by the registration's invocation policy
 */
public record CallPlacement(String node, int callee) {
    /** This node, by its own invocation policy. */
    public static final CallPlacement HERE = new CallPlacement(null, -1);
    /** Another node, the one the cluster finds. */
    public static final CallPlacement ELSEWHERE = new CallPlacement("", -1);

    /** Whether this node serves the call. */
    public boolean here() {
        return node == null;
    }
}
