package org.labctl.cli;

import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A group command such as {@code labctl config} was called without one of its subcommands. */
public final class MissingCommandException extends ParameterException {
    private static final long serialVersionUID = 1L;

    public MissingCommandException(CommandLine group) {
        super(group, "missing command: '" + group.getCommandSpec().qualifiedName() + "' needs one of "
                + String.join(", ", names(group)));
    }

    private MissingCommandException(CommandLine group, String message) {
        super(group, message);
    }

    /** A verb such as {@code labctl get} was called without the kind of resource it acts on. */
    public static MissingCommandException missingKind(CommandLine verb) {
        String name = verb.getCommandSpec().qualifiedName();
        return new MissingCommandException(verb, "missing kind: '" + name + "' needs one of "
                + String.join(", ", names(verb)) + ", such as '" + name + " " + names(verb).iterator().next() + "'");
    }

    /** The subcommands' names without their aliases, in the order they were added. */
    public static Set<String> names(CommandLine group) {
        Set<String> names = new LinkedHashSet<>();
        group.getSubcommands().values().forEach(sub -> names.add(sub.getCommandName()));
        return names;
    }
}
