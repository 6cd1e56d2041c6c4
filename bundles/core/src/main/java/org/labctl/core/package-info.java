/**
 * The services every labd bundle builds on: the database (with its migrations and MyBatis
 * sessions), the identity of this labd process, and the contract for contributing REST endpoints.
 */
@Export
@Version("1.7.0")
package org.labctl.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
