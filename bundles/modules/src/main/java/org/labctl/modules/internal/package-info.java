/**
 * The module manager's implementation: it owns the tables of module versions, their files, the modules
 * installed, what agents report of them and the modules' generation (module_status refers to core's servers).
 */
@Schema(value = "modules", after = "core")
package org.labctl.modules.internal;

import org.labctl.core.Schema;
