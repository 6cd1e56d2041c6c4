package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Groups the commands about what the caller may do; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "auth",
        description = "Ask labd what you may do.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl auth can-i exec server/web-1",
            "  labctl get permissions            # every rule you hold"})
public final class AuthCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }
}
