/** Core's implementation; core owns the tables of servers, clouds, environments, settings and the audit log. */
@Schema("core")
package org.labctl.core.internal;

import org.labctl.core.Schema;
