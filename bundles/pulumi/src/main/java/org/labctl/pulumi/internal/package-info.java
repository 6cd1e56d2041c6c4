/**
 * labd's infrastructure as code: Pulumi programs run by the real engine on stacks whose state, settings and sealed
 * passphrase labd keeps, every run recorded with its output.
 */
@Schema(value = "pulumi", after = "core")
package org.labctl.pulumi.internal;

import org.labctl.core.Schema;
