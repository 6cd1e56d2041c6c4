package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.ModuleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl modules add SOURCE}: add a module, or upgrade it to the version SOURCE holds. */
@Command(name = "add",
        description = {
            "Add a module, or upgrade one to the newer version SOURCE holds.",
            "SOURCE is a module's directory, a .zip or .kar of one, or a git repository",
            "holding one: git+file://PATH@REF or git+https://URL@REF, where REF is a tag,",
            "a branch or a commit. labctl clones it with git, records the commit REF is",
            "at and uploads that tree's module directory (--path DIR inside it). Or a",
            "Maven artifact, mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]] (TYPE zip, the",
            "default, or kar; a release, not a SNAPSHOT or a range), which labd fetches",
            "from its module repositories (labctl modules repos) and verifies. labd",
            "checks module.yaml, the files' SHA-256, the parameters (--set NAME=VALUE",
            "over the values of -f FILE, else the defaults), the modules it needs and",
            "your right to apply it on every server it targets, before it stores",
            "anything. An upgrade keeps the version it replaces for a rollback."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules add ./chrony --set zone=Europe/Paris --set maxOffsetMs=50",
            "  labctl modules add chrony-1.2.0.zip -f chrony-values.yaml",
            "  labctl modules add git+file:///srv/modules/chrony.git@v1.2.0",
            "  labctl modules add git+file:///srv/git/ops.git@main --path chrony -o json",
            "  labctl modules add mvn:org.example.lab/chrony/1.2.0 --set zone=Europe/Paris"})
public final class ModulesAddCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "SOURCE", description = "A module's directory, a .zip or .kar of it, git+file://PATH@REF, "
            + "git+https://URL@REF, or mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]].")
    private String source;

    @Mixin
    private ModuleSourceOptions sourceOptions;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public ModulesAddCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        printer.outcome(sourceOptions.send(connection, source, null), output.format(), ModulesAddCommand::added);
        return ExitCode.OK;
    }

    /** What people read once labd took SOURCE: the version in force, the one kept and where it runs. */
    static String added(ModuleInfo added) {
        return "module " + added.name() + " " + added.version() + (added.previousVersion() == null ? " added"
                : " in force (" + added.previousVersion() + " kept for a rollback)")
                + (added.commit() == null ? "" : " from commit " + added.commit())
                + (added.targets() == null ? "" : "; it targets " + added.targets() + ": " + added.servers()
                + (added.servers() == 1 ? " server" : " servers"));
    }
}
