/**
 * Deny-by-default authorization: a {@code Policy} compiled from the allow and deny rules of a
 * user's roles decides requests ({@code action:cloud:environment:name}); roles, bindings and the
 * audit log are kept in the database.
 */
@Export
@Version("1.1.0")
package org.labctl.rbac;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
