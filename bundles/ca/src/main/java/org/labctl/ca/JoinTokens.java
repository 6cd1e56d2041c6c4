package org.labctl.ca;

import org.labctl.api.CreateTokenRequest;
import org.labctl.api.CreatedToken;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Join tokens for other bundles: the bastion mints the one-time, MAC-bound token each kickstart
 * carries. The same checks as {@code POST /api/v1/tokens} apply.
 */
@ProviderType
public interface JoinTokens {

    /**
     * Creates a token; its secret is in the answer only.
     *
     * @param createdBy who it is recorded as created by
     * @throws org.labctl.api.InvalidArgument when the request is not valid (an unknown environment…)
     * @throws org.labctl.api.Unavailable     when the database cannot be reached
     */
    CreatedToken create(CreateTokenRequest request, String createdBy);

    /**
     * Creates a token that also admits only enrollments coming from {@code boundAddress}, as labd
     * sees the connection: a bastion binds each kickstart's token to the address it served it to.
     *
     * @param boundAddress an IP address or CIDR block ({@code 10.0.0.5}, {@code 10.0.0.0/24}), or null for none
     * @throws org.labctl.api.InvalidArgument when the request or the address is not valid
     * @throws org.labctl.api.Unavailable     when the database cannot be reached
     */
    CreatedToken create(CreateTokenRequest request, String boundAddress, String createdBy);

    /**
     * Revokes the tokens {@code createdBy} made for the machine {@code mac} in {@code cloud/environment}
     * that could still admit an agent: a bastion's kickstart tokens once the machine is reassigned or
     * forgotten.
     *
     * @return how many were revoked
     * @throws org.labctl.api.Unavailable when the database cannot be reached
     */
    int revokeUnused(String cloud, String environment, String mac, String createdBy);
}
