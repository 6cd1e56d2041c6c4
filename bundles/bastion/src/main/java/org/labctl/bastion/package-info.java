/**
 * The bastion: PXE provisioning of bare-metal servers. {@link Bastion} is a running one; its protocol servers,
 * the kickstart generator and the OSGi component live in {@code internal}, its REST resource in {@code rest}.
 */
@Export
@Version("2.0.0")
package org.labctl.bastion;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
