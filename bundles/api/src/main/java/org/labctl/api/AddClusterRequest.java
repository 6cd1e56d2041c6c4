package org.labctl.api;

/**
 * Body of {@code PUT /api/v1/clusters/CLOUD/ENVIRONMENT/NAME}: a Kubernetes cluster to keep, from a kubeconfig.
 *
 * @param kubeconfig the kubeconfig's text (YAML or JSON), with its certificates and keys embedded (as
 *                   {@code kubectl config view --raw --flatten} writes it); labd seals the credential with its master
 *                   key and never shows it again
 * @param context    the context to take, or null for the kubeconfig's current context
 */
public record AddClusterRequest(String kubeconfig, String context) {

    /** The most characters of a kubeconfig. */
    public static final int MAX_KUBECONFIG_LENGTH = 256 * 1024;

    public AddClusterRequest {
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new InvalidArgument("kubeconfig: missing; give the kubeconfig's text");
        }
        if (kubeconfig.length() > MAX_KUBECONFIG_LENGTH) {
            throw new InvalidArgument("kubeconfig: " + kubeconfig.length() + " characters; at most " + MAX_KUBECONFIG_LENGTH);
        }
        Limits.text("context", context, Limits.MAX_NAME_LENGTH);
    }

    /** Without the kubeconfig, which holds a credential: a request may be logged by a framework. */
    @Override
    public String toString() {
        return "AddClusterRequest[context=" + context + ", kubeconfig=(hidden)]";
    }
}
