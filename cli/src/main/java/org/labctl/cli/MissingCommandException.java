package org.labctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A group command such as {@code labctl config} was called without one of its subcommands. */
public final class MissingCommandException extends ParameterException {
    private static final long serialVersionUID = 1L;

    public MissingCommandException(CommandLine group) {
        super(group, "missing command: '" + group.getCommandSpec().qualifiedName() + "' needs one of "
                + String.join(", ", group.getSubcommands().keySet()));
    }
}
