/** The CA's implementation; it owns the tables of users, join tokens, certificate authorities and certificates. */
@Schema("ca")
package org.labctl.ca.internal;

import org.labctl.core.Schema;
