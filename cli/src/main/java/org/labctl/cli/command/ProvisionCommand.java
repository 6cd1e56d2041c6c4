package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Groups the commands of a bastion's machines; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "provision",
        description = {
            "PXE-provision bare-metal machines through a bastion.",
            "A machine that network-boots is recorded as discovered; install or reprovision",
            "says what its next network boot installs. Each bastion owns an environment of",
            "cloud baremetal; --env picks one when labd runs several. Changes need",
            "manage:baremetal:ENV:*, the list and log read:baremetal:ENV:*."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl provision list",
            "  labctl provision install 52:54:00:12:34:56 web-1 --role worker",
            "  labctl provision reprovision 52:54:00:12:34:56 web-1 --role worker",
            "  labctl provision forget 52:54:00:12:34:56",
            "  labctl logs bastion/lab --mac 52:54:00:12:34:56 -f"})
public final class ProvisionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }
}
