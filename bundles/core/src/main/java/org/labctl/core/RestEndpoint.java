package org.labctl.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Marker of a JAX-RS resource or provider that labd serves under {@code /api/v1}. A bundle
 * contributes one by registering it as a service of this type (a DS component with
 * {@code service = RestEndpoint.class}); labd publishes and withdraws it as the bundle comes and goes.
 */
@ConsumerType
public interface RestEndpoint {
}
