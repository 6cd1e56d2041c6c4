package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Groups the commands about labctl's own config; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "config",
        description = "Show the labctl config: which labd to talk to and the credentials to use.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl config view",
            "  labctl config view --show-path"})
public final class ConfigCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }
}
