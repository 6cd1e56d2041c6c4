package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ClientVersion;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "labctl", mixinStandardHelpOptions = true, versionProvider = ClientVersion.class,
        description = "Manage the servers, clusters and apps of a labd installation.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:error",
            "2:usage error",
            "3:permission denied",
            "4:not found",
            "5:cannot reach labd",
            "124:timeout"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  export LABCTL_CONFIG=$PWD/.lab/admin.labctl.yaml   # the line ./lab up prints",
            "  labctl status",
            "  labctl version -o json",
            "  source <(labctl completion bash)"})
public final class LabctlCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }
}
