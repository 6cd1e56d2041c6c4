package org.labctl.cli.command;

import java.nio.file.Path;
import org.labctl.cli.BastionApi;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.StandaloneBastionClient;
import picocli.CommandLine.Option;

/** Which bastion a command talks to: one labd runs ({@code --env}), or this host's standalone bastion ({@code --standalone}). */
public final class BastionTarget {

    @Option(names = "--env", paramLabel = "ENV", description = "The bastion's environment (default: the only bastion labd runs).")
    String environment;

    @Option(names = "--standalone", description = "The standalone bastion of this host (as root), not labd's.")
    boolean standalone;

    @Option(names = "--data", paramLabel = "DIR",
            description = "With --standalone: its data directory (default: /var/lib/labctl/bastion).")
    Path data;

    /** Connects to the bastion chosen. */
    BastionApi open(ConfigMixin connection) {
        if (standalone) {
            return StandaloneBastionClient.open(data == null ? StandaloneBastionClient.DEFAULT_DATA : data);
        }
        if (data != null) {
            throw new org.labctl.cli.LabctlException(org.labctl.cli.ExitCode.USAGE, "--data is for --standalone");
        }
        LabdClient labd = connection.connect();
        return BastionApi.of(labd, ProvisionCommand.environment(labd, environment));
    }
}
