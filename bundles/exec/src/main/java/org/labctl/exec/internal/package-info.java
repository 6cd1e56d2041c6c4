/** exec's implementation; it owns the tables of agents, labd instances and exec sessions. */
@Schema("exec")
package org.labctl.exec.internal;

import org.labctl.core.Schema;
