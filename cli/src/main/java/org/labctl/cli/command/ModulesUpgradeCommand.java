package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl modules upgrade NAME SOURCE}: {@code add}, for an installed module only. */
@Command(name = "upgrade",
        description = {
            "Upgrade an installed module to the newer version SOURCE holds.",
            "The same as 'labctl modules add SOURCE', but refused, with nothing sent,",
            "unless module NAME is installed and SOURCE holds that module (for",
            "mvn:GROUP/ARTIFACT/VERSION, ARTIFACT is the module's name). labd checks",
            "the version is newer, the modules that need it accept it and your rights,",
            "and keeps the version in force for 'labctl modules rollback NAME'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules upgrade chrony git+file:///srv/modules/chrony.git@v1.3.0",
            "  labctl modules upgrade chrony ./chrony/target/module --set zone=UTC",
            "  labctl modules upgrade chrony mvn:org.example.lab/chrony/1.3.0"})
public final class ModulesUpgradeCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "The installed module.")
    private String name;

    @Parameters(index = "1", paramLabel = "SOURCE", description = "Its newer version: as for 'labctl modules add'.")
    private String source;

    @Mixin
    private ModuleSourceOptions sourceOptions;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public ModulesUpgradeCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        printer.outcome(sourceOptions.send(connection, source, name), output.format(), ModulesAddCommand::added);
        return ExitCode.OK;
    }
}
