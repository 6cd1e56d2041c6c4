package org.labctl.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for subcommands; only the root command also has {@code --version}. */
public final class HelpMixin {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean helpRequested;
}
