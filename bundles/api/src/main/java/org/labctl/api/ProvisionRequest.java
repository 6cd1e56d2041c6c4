package org.labctl.api;

/**
 * Body of {@code PUT /api/v1/environments/baremetal/ENV/machines/MAC}: what the machine's next
 * network boot installs.
 *
 * @param hostname the server name it is installed and enrolled under
 * @param role     worker or infra (the partition layout, and the server's role)
 * @param mode     install (erases the disk) or reprovision (keeps /home, /srv and the role's data volume)
 */
public record ProvisionRequest(String hostname, String role, String mode) {

    public ProvisionRequest {
        Limits.text("hostname", hostname, Limits.MAX_NAME_LENGTH);
        Limits.text("role", role, Limits.MAX_NAME_LENGTH);
        Limits.text("mode", mode, Limits.MAX_NAME_LENGTH);
    }
}
