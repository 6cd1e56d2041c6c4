package org.labctl.api.module;

import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the agent tells a {@link Module} about itself and the server it runs on. The agent implements it;
 * a module's tests may implement it too.
 */
@ProviderType
public interface ModuleContext {

    /** The module's name ({@code module.yaml}'s {@code name}). */
    String name();

    /** The module's version being installed, configured or removed, such as {@code 1.2.0}. */
    String version();

    /**
     * A directory that belongs to this module on this server, created before the first call: for its
     * state, downloads and generated files. Kept across agent restarts, configurations and upgrades;
     * deleted after {@link Module#remove} returns.
     */
    Path dataDirectory();

    /** The server's name, as labd knows it. */
    String serverName();

    /** The server's role, or null when it has none. */
    String serverRole();

    /** The server's labels (unmodifiable, possibly empty). */
    Map<String, String> serverLabels();

    /** Where the module says what it does: what {@code labctl logs module/NAME --server S} shows. */
    ModuleLog log();
}
