package org.labctl.api.module;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The log of a module on one server, read with {@code labctl logs module/NAME --server S}. Each call is
 * one line (line breaks in it are kept as separate lines); write for the operator who reads it: what
 * the module did or found, not how. Never write a secret.
 */
@ProviderType
public interface ModuleLog {

    /** Something the module did or found. */
    void info(String line);

    /** Something the operator should look at, though the module carries on. */
    void warn(String line);

    /** Something that failed. */
    void error(String line);

    /** Something that failed, with the exception that says why (the agent logs its message and causes). */
    void error(String line, Throwable cause);
}
