package org.labctl.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of this labctl, from the {@code Implementation-Version} of its jar manifest. */
public final class ClientVersion implements IVersionProvider {

    /** Shown when labctl runs from classes rather than from its jar (IDE, unit tests). */
    public static final String DEVELOPMENT = "dev";

    public static String current() {
        String version = ClientVersion.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? DEVELOPMENT : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"labctl " + current()};
    }
}
