package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.labctl.api.BastionInfo;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.RelayedBastion;

/**
 * A bastion as {@code get bastions} and {@code describe bastion} show it: one labd runs, or a
 * standalone one registered with labd (a server with the bastion label), asked through its agent.
 * One that does not answer has a short state and the reason apart, never an error text where its
 * URL goes.
 *
 * @param cloud       always {@code baremetal}
 * @param environment the environment it provisions
 * @param url         its HTTP endpoint as machines reach it, or null when it did not answer
 * @param dhcp        off, proxy or full, or null when it did not answer
 * @param tftp        where its TFTP server listens, or null
 * @param machines    how many machines it knows, or null when it did not answer
 * @param state       {@code ready}, {@code unreachable} (its agent did not answer) or {@code forbidden}
 * @param server      the server a standalone bastion enrolled as, or null for one inside labd
 * @param error       why it did not answer, or null
 */
public record BastionView(String cloud, String environment, String url, String dhcp, String tftp, Integer machines,
                          String state, String server, String error) {

    static final String READY = "ready";
    static final String UNREACHABLE = "unreachable";
    static final String FORBIDDEN = "forbidden";

    /** The bastions the caller may see, sorted by environment; of {@code environment} only when it is not null. */
    static List<BastionView> all(LabdClient labd, ExecIo io, String environment) {
        List<BastionView> bastions = new ArrayList<>();
        for (BastionInfo inside : labd.bastions()) {
            if (environment == null || environment.equals(inside.environment())) {
                bastions.add(answered(inside, null));
            }
        }
        for (ServerInfo server : labd.servers("baremetal", environment, List.of(BastionTarget.BASTION_LABEL + "=true"))) {
            if (server.environment() == null || environment != null && !environment.equals(server.environment())
                    || bastions.stream().anyMatch(b -> b.environment().equals(server.environment()))) {
                continue;
            }
            try {
                bastions.add(answered(new RelayedBastion(labd, io, server.name(), server.environment()).info(), server.name()));
            } catch (LabctlException e) {
                // registered, but not answering (its agent is not connected) or not for this caller
                bastions.add(new BastionView("baremetal", server.environment(), null, null, null, null,
                        e.exitCode() == ExitCode.PERMISSION_DENIED ? FORBIDDEN : UNREACHABLE, server.name(), e.getMessage()));
            }
        }
        bastions.sort(Comparator.comparing(BastionView::environment));
        return bastions;
    }

    /** The bastion of {@code environment}. */
    static BastionView of(LabdClient labd, ExecIo io, String environment) {
        return all(labd, io, environment).stream().filter(b -> b.environment().equals(environment)).findFirst()
                .orElseThrow(() -> new LabctlException(ExitCode.NOT_FOUND, "no bastion of " + environment
                        + " that you may read (labctl get bastions lists them)"));
    }

    private static BastionView answered(BastionInfo info, String server) {
        return new BastionView(info.cloud() == null ? "baremetal" : info.cloud(), info.environment(), info.url(), info.dhcp(),
                info.tftp(), info.machines(), READY, server, null);
    }

    /** Where it runs: {@code labd}, or {@code server/NAME}. */
    String runsIn() {
        return server == null ? "labd" : "server/" + server;
    }
}
