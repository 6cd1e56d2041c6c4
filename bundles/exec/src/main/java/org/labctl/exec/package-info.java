/** The agent hub: which lab-agents are connected to this labd instance. */
@Export
@Version("1.0.0")
package org.labctl.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
