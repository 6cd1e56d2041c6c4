/**
 * The agent hub (which lab-agents are connected to this labd instance) and the session kinds the
 * stream relay carries ({@link org.labctl.exec.SessionKind}).
 */
@Export
@Version("1.2.0")
package org.labctl.exec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
