package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.BundleHealth;
import org.labctl.api.DatabaseHealth;
import org.labctl.api.HealthInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.HumanDuration;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Shows labd's health: version, uptime, database and bundles. */
@Command(name = "status",
        description = {
            "Show the health of labd: its version, uptime, database and bundles.",
            "Prints text by default (-o wide adds details), -o json or -o yaml for scripts.",
            "Exits 0 when labd is ok and 1 when it is degraded (everything is still printed)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl status",
            "  labctl status -o wide            # adds the instance id and the database URL",
            "  labctl status -o json | jq .database",
            "  until labctl status >/dev/null 2>&1; do sleep 1; done   # wait for labd"})
public final class StatusCommand implements Callable<Integer> {

    private static final String ACTIVE = "Active";

    private final Printer printer;
    private final ConfigMixin connection;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public StatusCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        LabdClient labd = connection.connect();
        HealthInfo health = labd.health();
        if (format.human()) {
            printHuman(labd, health, format == OutputFormat.WIDE);
        } else {
            printer.document(health, format);
        }
        if (health.healthy()) {
            return ExitCode.OK;
        }
        printer.error("labd at " + labd.server() + " is " + health.status() + ": " + whyDegraded(health));
        return ExitCode.ERROR;
    }

    private void printHuman(LabdClient labd, HealthInfo health, boolean wide) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Server", labd.server().toString());
        fields.put("Status", health.status());
        fields.put("Version", health.version());
        fields.put("Uptime", HumanDuration.format(health.uptimeSeconds())
                + (health.startedAt() == null ? "" : "   (started " + health.startedAt() + ")"));
        fields.put("Cluster", health.clusterId());
        if (wide) {
            fields.put("Instance", health.instanceId());
        }
        fields.put("Database", database(health.database(), wide));
        printer.fields(fields);
        List<BundleHealth> bundles = health.bundles() == null ? List.of() : health.bundles();
        if (!bundles.isEmpty()) {
            printer.blankLine();
            printer.table(List.of("bundle", "version", "state"),
                    bundles.stream().map(bundle -> List.of(bundle.name(), bundle.version(), bundle.state())).toList());
        }
    }

    /** {@code up (embedded, PostgreSQL 14.22, schema 1)} or {@code down (external jdbc:…): why}. */
    private static String database(DatabaseHealth database, boolean wide) {
        if (database == null) {
            return "unknown";
        }
        List<String> details = new ArrayList<>();
        boolean showUrl = wide || !database.up() || "external".equals(database.mode());
        String where = database.mode() == null ? "" : database.mode();
        if (showUrl && database.url() != null) {
            where = (where + " " + database.url()).strip();
        }
        if (!where.isEmpty()) {
            details.add(where);
        }
        if (database.up()) {
            if (database.product() != null) {
                details.add(database.product());
            }
            if (database.schemaVersion() != null) {
                details.add("schema " + database.schemaVersion());
            }
        }
        String text = (database.up() ? "up" : "down") + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")");
        return database.up() || database.error() == null ? text : text + ": " + database.error();
    }

    private static String whyDegraded(HealthInfo health) {
        List<String> reasons = new ArrayList<>();
        if (health.database() != null && !health.database().up()) {
            reasons.add("the database is down");
        }
        List<String> inactive = health.bundles() == null ? List.of() : health.bundles().stream()
                .filter(bundle -> !ACTIVE.equals(bundle.state()))
                .map(bundle -> bundle.name() + " is " + bundle.state())
                .toList();
        reasons.addAll(inactive);
        return reasons.isEmpty() ? "see labd's log" : String.join(", ", reasons) + " (see labd's log)";
    }
}
