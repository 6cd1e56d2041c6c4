/**
 * labd's certificate authority: the master key that seals secrets at rest, the root CA, and
 * certificates issued from certificate signing requests, renewed and revoked.
 */
@Export
@Version("1.4.0")
package org.labctl.ca;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
