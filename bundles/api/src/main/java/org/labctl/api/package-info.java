/**
 * Types shared by labd, lab-agent and labctl: REST DTOs, typed errors and wire frames.
 * Plain Java without framework dependencies so that every side can use them.
 */
@Export
@Version("1.13.0")
package org.labctl.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
