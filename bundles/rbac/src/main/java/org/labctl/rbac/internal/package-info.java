/** RBAC's implementation; it owns the tables of roles, permissions and role bindings (which refer to ca's users). */
@Schema(value = "rbac", after = "ca")
package org.labctl.rbac.internal;

import org.labctl.core.Schema;
