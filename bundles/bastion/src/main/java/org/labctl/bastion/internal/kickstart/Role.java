package org.labctl.bastion.internal.kickstart;

/**
 * What a provisioned machine is for. The role decides the one logical volume in which the two
 * disk layouts differ ({@link Layout}); that it becomes a k3s worker or server is the join
 * token's business (a label it carries), not the kickstart's.
 */
public enum Role {
    /** A k3s worker: Longhorn's replicas get {@code /var/lib/longhorn}, the rest of the disk. */
    WORKER,
    /** An infrastructure node: k3s's own state gets {@code /var/lib/rancher}, 20 GiB. */
    INFRA
}
