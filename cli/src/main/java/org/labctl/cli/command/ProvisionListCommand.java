package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.MachineInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code labctl provision list}: the machines a bastion knows. */
@Command(name = "list", aliases = "ls",
        description = {
            "List the machines a bastion knows, with their state.",
            "Every machine that network-booted and every one assigned, with its state",
            "(discovered, pending-install, pending-reprovision, installing, installed,",
            "failed), firmware and when it was first and last seen. -o wide adds the mode",
            "and why an installation failed."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl provision list",
            "  labctl provision list --env lab -o wide",
            "  sudo labctl provision list --standalone   # this host's standalone bastion",
            "  labctl provision list -o json | jq -r '.[] | select(.state == \"failed\").mac'"})
public final class ProvisionListCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Mixin
    private BastionTarget target;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public ProvisionListCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        List<MachineInfo> machines = target.open(connection, io).machines();
        printer.list(machines, format, "machines", this::table);
        return ExitCode.OK;
    }

    private void table(List<MachineInfo> machines, boolean wide) {
        List<String> headers = new ArrayList<>(List.of("mac", "hostname", "role", "state", "arch", "first-seen", "last-seen"));
        if (wide) {
            headers.addAll(List.of("environment", "mode", "failure"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (MachineInfo machine : machines) {
            List<String> row = new ArrayList<>(List.of(machine.mac(), UserText.orNone(machine.hostname()),
                    UserText.orNone(machine.role()), machine.state(), UserText.orNone(machine.architecture()),
                    seconds(machine.firstSeen()), seconds(machine.lastSeen())));
            if (wide) {
                row.add(machine.environment());
                row.add(UserText.orNone(machine.mode()));
                row.add(UserText.orNone(machine.failure()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }

    /** 2026-11-29T09:12:01.123456Z as 2026-11-29T09:12:01Z. */
    static String seconds(String instant) {
        if (instant == null) {
            return UserText.orNone(null);
        }
        int dot = instant.indexOf('.');
        return dot > 0 && instant.endsWith("Z") ? instant.substring(0, dot) + "Z" : instant;
    }
}
