/**
 * What a module's agent side implements, and what every side shares about modules.
 *
 * <p>A module (issue 17) is a directory: {@code module.yaml}, the agent bundles it lists and, optionally,
 * a Karaf {@code features.xml} with its labd side. On each server it targets, lab-agent installs the
 * module's agent bundles in its OSGi runtime; one of them registers a {@link org.labctl.api.module.Module}
 * service with the service property {@code labctl.module=<name>}, and the agent calls it:
 * {@link org.labctl.api.module.Module#install install}, then
 * {@link org.labctl.api.module.Module#configure configure} with the module's parameters, then
 * {@link org.labctl.api.module.Module#health health} from time to time, and
 * {@link org.labctl.api.module.Module#remove remove} when the module is taken off the server. Each call
 * gets a {@link org.labctl.api.module.ModuleContext}: the module's name, version and data directory, the
 * server it runs on and the log that {@code labctl logs module/NAME} shows.
 *
 * <p>{@link org.labctl.api.module.Health} is what the agent reports in its heartbeat and labctl shows;
 * {@link org.labctl.api.module.ArtifactDigest} is the SHA-256 by which labd, the agent and labctl pin a
 * module's files. Plain Java, without Karaf or Felix types, so that labd, the agent, labctl and a
 * module's own tests can use it alike.
 */
@Export
@Version("1.1.0")
package org.labctl.api.module;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
