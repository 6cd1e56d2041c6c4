package org.labctl.api;

/**
 * Body of {@code POST /api/v1/bastions/ENV/assignments}, which a standalone bastion registered with
 * labd sends before it assigns a machine: labd refuses a hostname another server has (409) and, on
 * a reprovision, deletes the machine's old server, which revokes its agent's certificate.
 *
 * @param hostname the name the machine is being assigned
 * @param previous on a reprovision, the server name it was installed under; else null
 * @param by       who asked the bastion (for labd's log)
 */
public record BastionAssignment(String hostname, String previous, String by) {

    public BastionAssignment {
        Limits.text("hostname", hostname, Limits.MAX_NAME_LENGTH);
        Limits.text("previous", previous, Limits.MAX_NAME_LENGTH);
        Limits.text("by", by, Limits.MAX_NAME_LENGTH);
    }
}
