/**
 * labd's model of modules (issue 17): what {@code module.yaml} says ({@link org.labctl.modules.ModuleDescriptor},
 * read and checked by {@link org.labctl.modules.ModuleDescriptor#parse}), which servers a module targets
 * ({@link org.labctl.modules.Targets}), the values of its parameters ({@link org.labctl.modules.Parameters}),
 * the order in which modules are added, upgraded and removed ({@link org.labctl.modules.ModuleGraph}), and
 * a module's directory with the SHA-256 of each of its files ({@link org.labctl.modules.ModuleDirectory}).
 *
 * <p>Pure Java without services: labd's module manager, its REST resources and labctl build on it. Every
 * refusal is an {@link org.labctl.api.InvalidArgument} (bad input), {@link org.labctl.api.Conflict} (it does
 * not fit what is installed) or {@link org.labctl.api.NotFoundException}, with a message that names the
 * file, the field and what is expected.
 */
@Export
@Version("1.0.0")
package org.labctl.modules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
