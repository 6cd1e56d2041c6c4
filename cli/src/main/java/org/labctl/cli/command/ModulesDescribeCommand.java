package org.labctl.cli.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleDetail;
import org.labctl.api.ModuleFile;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl modules describe NAME}: one module, its files with their digests, and where it runs. */
@Command(name = "describe",
        description = {
            "Show a module: where it came from, its files and where it runs.",
            "Shows its version, tier, source and git commit (or the SHA-256 of the Maven",
            "artifact it was fetched as), who added it and when, its targets, dependencies,",
            "permissions and parameter values, each file with the SHA-256 labd pinned, the",
            "version a rollback returns to, and each server it targets (that you may read)",
            "with what its agent last reported."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules describe chrony",
            "  labctl modules describe chrony -o json | jq -r '.files[].sha256'"})
public final class ModulesDescribeCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", description = "The module.")
    private String name;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public ModulesDescribeCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        ModuleDetail detail = connection.connect().module(name);
        if (!format.human()) {
            printer.document(detail, format);
            return ExitCode.OK;
        }
        ModuleInfo module = detail.module();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", module.name());
        fields.put("Version", module.version());
        fields.put("Tier", module.tier());
        fields.put("Description", UserText.orNone(module.description()));
        fields.put("Source", module.source());
        fields.put("Commit", UserText.orNone(module.commit()));
        if (detail.artifactSha256() != null) {
            fields.put("Artifact sha256", detail.artifactSha256());
        }
        fields.put("Added by", UserText.orNone(module.addedBy()));
        fields.put("Added", module.addedAt() == null ? Times.UNKNOWN
                : module.addedAt() + " (" + Times.relative(module.addedAt(), clock.instant()) + ")");
        fields.put("Targets", UserText.orNone(module.targets()));
        fields.put("Ready", ModuleText.ready(module));
        fields.put("Labd feature", UserText.orNone(module.labdFeature()));
        fields.put("Previous", detail.previous() == null ? UserText.NONE
                : detail.previous().version() + " (" + detail.previous().source()
                + (detail.previous().commit() == null ? "" : " " + detail.previous().commit()) + ")");
        printer.fields(fields);
        printer.blankLine();
        List<String> dependencies = new ArrayList<>();
        detail.dependencies().forEach((dependency, range) -> dependencies.add(dependency + " " + range));
        list("Dependencies", dependencies);
        list("Permissions", detail.permissions());
        List<String> parameters = new ArrayList<>();
        detail.parameters().forEach((parameter, value) -> parameters.add(parameter + " = " + value));
        list("Parameters", parameters);
        printer.blankLine();
        List<List<String>> files = new ArrayList<>();
        for (ModuleFile file : detail.files()) {
            files.add(List.of(file.file(), Long.toString(file.size()), file.sha256()));
        }
        printer.table(List.of("file", "bytes", "sha256"), files);
        if (!detail.servers().isEmpty()) {
            printer.blankLine();
            List<List<String>> servers = new ArrayList<>();
            for (ModuleServerState state : detail.servers()) {
                servers.add(List.of(state.server(), UserText.orNone(state.version()), state.state(),
                        ModuleText.health(state, true), UserText.orNone(state.error())));
            }
            printer.table(List.of("server", "version", "state", "health", "error"), servers);
        }
        return ExitCode.OK;
    }

    private void list(String label, List<String> items) {
        if (items == null || items.isEmpty()) {
            printer.line(label + ": " + UserText.NONE);
            return;
        }
        printer.line(label + ":");
        items.forEach(item -> printer.line("  " + item));
    }
}
