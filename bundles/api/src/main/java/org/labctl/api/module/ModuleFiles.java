package org.labctl.api.module;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one rule for a module's name and for where a module's files are in an agent's data directory, shared by the
 * agent's modules runtime (which writes them) and its logs handler (which {@code labctl logs module/NAME --server S}
 * reads): {@code <data>/modules/<name>/} holds the module's bundles by version, its data directory and its log,
 * {@value #LOG} (rotated to {@value #ROTATED_LOG}). A name is checked before it becomes a path, so no path leaves the
 * modules directory.
 */
public final class ModuleFiles {

    /** A module's name, as module.yaml's {@code name}: lower-case letters, digits and dashes, 1 to 63, a DNS label. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** The modules directory's name in the agent's data directory. */
    public static final String DIRECTORY = "modules";
    /** A module's log in its directory. */
    public static final String LOG = "module.log";
    /** The log as rotated. */
    public static final String ROTATED_LOG = LOG + ".1";

    private ModuleFiles() {
    }

    /** Whether {@code name} is a module's name. */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * {@code name} when it is a module's name.
     *
     * @throws IllegalArgumentException with a message for the user, naming what a module's name is
     */
    public static String name(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("\"" + (name == null ? "" : name.replaceAll("\\p{Cntrl}", "?"))
                    + "\" is not a module's name (lower-case letters, digits and dashes, at most 63, such as chrony)");
        }
        return name;
    }

    /** The modules directory of an agent's data directory: {@code <data>/modules}. */
    public static Path root(Path agentData) {
        return agentData.resolve(DIRECTORY);
    }

    /** A module's directory, {@code <data>/modules/<name>}, its name checked first. */
    public static Path module(Path agentData, String name) {
        return root(agentData).resolve(name(name));
    }

    /** A module's log, {@code <data>/modules/<name>/module.log}, its name checked first. */
    public static Path log(Path agentData, String name) {
        return module(agentData, name).resolve(LOG);
    }
}
