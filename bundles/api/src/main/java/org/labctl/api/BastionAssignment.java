package org.labctl.api;

/**
 * Body of {@code POST /api/v1/bastions/ENV/assignments}, which a standalone bastion registered with
 * labd sends before it assigns a machine: labd refuses a hostname another server has (409), revokes
 * the machine's kickstart tokens that were never used and, on a reprovision, deletes the machine's
 * old server when it is one of ENV, which revokes its agent's certificate. It answers
 * {@link BastionAssigned}.
 *
 * @param mac      the machine's MAC address
 * @param hostname the name the machine is being assigned
 * @param previous on a reprovision, the server name it was installed under; else null
 * @param by       who asked the bastion (for labd's log)
 */
public record BastionAssignment(String mac, String hostname, String previous, String by) {

    public BastionAssignment {
        Limits.text("mac", mac, Limits.MAX_NAME_LENGTH);
        Limits.text("hostname", hostname, Limits.MAX_NAME_LENGTH);
        Limits.text("previous", previous, Limits.MAX_NAME_LENGTH);
        Limits.text("by", by, Limits.MAX_NAME_LENGTH);
    }
}
