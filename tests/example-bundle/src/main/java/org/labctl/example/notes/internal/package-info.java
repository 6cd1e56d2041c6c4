/** The example capability's implementation; it owns table example_notes (migrated by core when the bundle starts). */
@Schema("notes")
package org.labctl.example.notes.internal;

import org.labctl.core.Schema;
