package org.labctl.cli.command;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.labctl.api.BastionInfo;
import org.labctl.api.ServerInfo;
import org.labctl.cli.BastionApi;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.RelayedBastion;
import org.labctl.cli.StandaloneBastionClient;
import picocli.CommandLine.Option;

/**
 * Which bastion a command talks to: one inside labd, a standalone one registered with labd (a
 * server labelled {@value #BASTION_LABEL}{@code =true}, reached through labd), or this host's
 * standalone bastion directly ({@code --standalone}).
 */
public final class BastionTarget {

    static final String BASTION_LABEL = "labctl.org/bastion";

    @Option(names = "--env", paramLabel = "ENV", description = "The bastion's environment (default: the only bastion you may see).")
    String environment;

    @Option(names = "--standalone", description = "The standalone bastion of this host (as root), not through labd.")
    boolean standalone;

    @Option(names = "--data", paramLabel = "DIR",
            description = "With --standalone: its data directory (default: /var/lib/labctl/bastion).")
    Path data;

    /** Connects to the bastion chosen. */
    BastionApi open(ConfigMixin connection, ExecIo io) {
        if (standalone) {
            return StandaloneBastionClient.open(data == null ? StandaloneBastionClient.DEFAULT_DATA : data);
        }
        if (data != null) {
            throw new LabctlException(ExitCode.USAGE, "--data is for --standalone");
        }
        LabdClient labd = connection.connect();
        // environment -> the server of a registered standalone bastion, or null for one inside labd
        TreeMap<String, String> bastions = new TreeMap<>();
        for (ServerInfo server : labd.servers("baremetal", environment, List.of(BASTION_LABEL + "=true"))) {
            if (server.environment() != null) {
                bastions.put(server.environment(), server.name());
            }
        }
        for (BastionInfo inside : labd.bastions()) {
            bastions.put(inside.environment(), null);
        }
        String chosen = environment;
        if (chosen == null) {
            if (bastions.isEmpty()) {
                throw new LabctlException(ExitCode.NOT_FOUND, "no bastion that you may see, in labd at " + labd.server()
                        + " or registered with it: configure one (etc/org.labctl.bastion.cfg, or labctl init bastion standalone "
                        + "start --labd), or ask for read:baremetal:ENV:*");
            }
            if (bastions.size() > 1) {
                throw new LabctlException(ExitCode.USAGE, "there are several bastions: pick one with --env ("
                        + String.join(", ", bastions.keySet()) + ")");
            }
            chosen = bastions.firstKey();
        }
        if (!bastions.containsKey(chosen)) {
            return BastionApi.of(labd, chosen); // labd says what it knows of it (404 naming the bastions it runs)
        }
        String server = bastions.get(chosen);
        return server == null ? BastionApi.of(labd, chosen) : new RelayedBastion(labd, io, server, chosen);
    }
}
