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
}
