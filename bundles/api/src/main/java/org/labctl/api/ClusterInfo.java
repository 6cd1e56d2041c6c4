package org.labctl.api;

/**
 * A Kubernetes cluster labd keeps ({@code labctl clusters}): where it is and how labd reaches it, never its
 * credential.
 *
 * @param name          its name in labd
 * @param cloud         the cloud of its placement, or {@code *} for none
 * @param environment   the environment of its placement, or {@code *} for none
 * @param server        the API server's URL
 * @param version       the API server's version ({@code v1.35.4}) when labd last reached it, or null
 * @param credential    the kind of credential labd holds: {@code client-certificate} or {@code token}
 * @param user          the user the cluster knows that credential as (its SelfSubjectReview), or null
 * @param impersonates  whether labd sends requests as the labd user ({@code Impersonate-User}): the credential may
 *                      impersonate users and groups
 * @param addedBy       who added it
 * @param addedAt       when, ISO-8601
 * @param lastReachedAt when labd last reached its API server, ISO-8601, or null
 */
public record ClusterInfo(String name, String cloud, String environment, String server, String version,
                          String credential, String user, boolean impersonates, String addedBy, String addedAt,
                          String lastReachedAt) {
}
