/**
 * The bastion: PXE provisioning of bare-metal servers (issue 7). Its protocol servers and the
 * kickstart generator live in {@code internal}; the OSGi wiring, the standalone runtime and the
 * CLI come with the rest of the issue.
 */
@Export
@Version("0.1.0")
package org.labctl.bastion;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
