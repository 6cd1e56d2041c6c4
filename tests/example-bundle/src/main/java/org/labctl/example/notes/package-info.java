/** The example capability's API: a note. */
@Export
@Version("1.0.0")
package org.labctl.example.notes;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
