/**
 * labd's clusters: the table of clusters with their sealed credentials, the client that reaches their API servers,
 * and the kubectl proxy.
 */
@Schema(value = "clusters", after = "core")
package org.labctl.clusters.internal;

import org.labctl.core.Schema;
