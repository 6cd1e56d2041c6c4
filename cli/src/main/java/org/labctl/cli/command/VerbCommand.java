package org.labctl.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A verb such as {@code get}, whose subcommands are the kinds of resource it acts on. The kinds are
 * built only when a command line reaches the verb ({@link KindArguments}) or its help is shown:
 * picocli's reflection over the kinds' commands and options was a quarter of the start-up of every
 * labctl command, {@code version --client} included, and a command line uses one verb at most.
 * Whatever walks the whole tree (completion scripts) calls {@link #addAllKinds} first.
 */
public abstract class VerbCommand implements Callable<Integer>, BuiltOnUse {

    private final List<Supplier<Object>> kinds;
    private boolean kindsAdded;

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    /** @param kinds the kinds' command objects, built on first use */
    protected VerbCommand(List<Supplier<Object>> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** The command line of {@code verb}; its help adds the kinds first, so that it lists them. */
    public static CommandLine commandLine(VerbCommand verb) {
        CommandLine line = new CommandLine(verb);
        line.setHelpFactory((command, colors) -> {
            verb.addKinds(line);
            return new CommandLine.Help(command, colors);
        });
        return line;
    }

    /** Every verb's kinds in the tree of {@code root}, and the rest of every other {@link BuiltOnUse} command. */
    public static void addAllKinds(CommandLine root) {
        for (CommandLine command : List.copyOf(root.getSubcommands().values())) {
            if (command.getCommand() instanceof BuiltOnUse deferred) {
                deferred.build(command);
            }
            addAllKinds(command);
        }
    }

    @Override
    public void build(CommandLine self) {
        addKinds(self);
    }

    /**
     * Adds the kinds to {@code self}, this verb's command line, unless they are there. They get the
     * streams and handlers {@link org.labctl.cli.Labctl} gave the verb, which picocli passes on only
     * to the subcommands present when they are set.
     */
    void addKinds(CommandLine self) {
        if (kindsAdded) {
            return;
        }
        kindsAdded = true;
        for (Supplier<Object> kind : kinds) {
            CommandLine kindLine = new CommandLine(kind.get());
            kindLine.setOut(self.getOut());
            kindLine.setErr(self.getErr());
            kindLine.setParameterExceptionHandler(self.getParameterExceptionHandler());
            kindLine.setExecutionExceptionHandler(self.getExecutionExceptionHandler());
            self.addSubcommand(kindLine);
        }
    }

    /** The usage error for a kind this verb does not know, such as {@code get clusters}. */
    ParameterException unknownKind(String kind) {
        return new ParameterException(spec.commandLine(), unknownKindMessage(kind));
    }

    /** What is wrong with {@code kind}: it lists the kinds the verb knows. A verb can say more of kinds still to come. */
    protected String unknownKindMessage(String kind) {
        return "unknown kind '" + kind + "' for '" + spec.qualifiedName() + "': known kinds are "
                + String.join(", ", MissingCommandException.names(spec.commandLine()));
    }

    /**
     * The kind a command line without one means, such as {@code server} for {@code logs -l env=lab},
     * or null when it needs one.
     *
     * @param args the arguments after the verb, all options
     */
    protected String impliedKind(List<String> args) {
        return null;
    }

    @Override
    public Integer call() {
        throw MissingCommandException.missingKind(spec.commandLine());
    }
}
