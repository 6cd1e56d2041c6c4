package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code labctl init}: sets up parts of labctl on this host; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "init",
        description = "Set up a part of labctl on this host.",
        footerHeading = "%nExamples:%n",
        footer = {"  sudo labctl init bastion standalone start --interface eth1 --dhcp proxy"})
public final class InitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }

    /** {@code labctl init bastion}. */
    @Command(name = "bastion", description = "Set up a bastion (PXE provisioning) on this host.",
            footerHeading = "%nExamples:%n",
            footer = {"  sudo labctl init bastion standalone start --interface eth1 --dhcp proxy"})
    public static final class Bastion implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private HelpMixin help;

        @Override
        public Integer call() {
            throw new MissingCommandException(spec.commandLine());
        }
    }

    /** {@code labctl init bastion standalone}. */
    @Command(name = "standalone",
            description = {
                "Run a bastion on this host without labd.",
                "The same bastion bundles run in lab-agent's minimal runtime, with their state",
                "(machines, leases, log) in the data directory so that it survives restarts.",
                "Manage its machines with 'labctl provision ... --standalone'."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  sudo labctl init bastion standalone start --interface eth1 --dhcp proxy",
                "  sudo labctl init bastion standalone start --interface eth1 --dhcp full \\",
                "      --range 10.0.0.100-10.0.0.199",
                "  labctl init bastion standalone status",
                "  sudo labctl init bastion standalone stop"})
    public static final class Standalone implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private HelpMixin help;

        @Override
        public Integer call() {
            throw new MissingCommandException(spec.commandLine());
        }
    }
}
