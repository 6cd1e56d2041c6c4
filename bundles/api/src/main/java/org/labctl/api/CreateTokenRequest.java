package org.labctl.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/tokens}: a join token for lab-agent enrollment.
 *
 * @param reusable    false: the token admits one agent; true: several (up to {@code uses} when given)
 * @param uses        with {@code reusable}, how many enrollments it admits; null for no limit
 * @param ttlSeconds  how long the token is valid; 0 for labd's default
 * @param cloud       the cloud enrolled servers are placed in; null for {@code baremetal}
 * @param environment the environment (of that cloud) enrolled servers are placed in, or null
 * @param labels      labels given to enrolled servers
 * @param mac         when set, only an agent reporting this MAC address may use the token
 * @param description free text
 */
public record CreateTokenRequest(boolean reusable, Integer uses, long ttlSeconds, String cloud, String environment,
                                 Map<String, String> labels, String mac, String description) {

    public CreateTokenRequest {
        Limits.text("cloud", cloud, Limits.MAX_NAME_LENGTH);
        Limits.text("environment", environment, Limits.MAX_NAME_LENGTH);
        Limits.labels("labels", labels);
        Limits.text("mac", mac, Limits.MAX_NAME_LENGTH);
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
