package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.MissingCommandException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Groups the commands of modules; its subcommands are added by {@link org.labctl.cli.Labctl}. */
@Command(name = "modules",
        description = {
            "Add, upgrade, roll back and remove modules, and see where they run.",
            "A module is a directory: module.yaml, its agent bundles (jars) and optionally",
            "features.xml for labd. labd pins every file by SHA-256, keeps the previous",
            "version for a rollback and gives each module to the agents of the servers its",
            "targets match. Changes need manage:*:*:modules, and apply on every server the",
            "module targets; list, describe and status need read:*:*:modules. labd fetches",
            "mvn: modules from the Maven repositories of labctl modules repos."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules add ./chrony --set zone=Europe/Paris",
            "  labctl modules add git+file:///srv/modules/chrony.git@v1.2.0",
            "  labctl modules add mvn:org.example.lab/chrony/1.2.0",
            "  labctl modules list",
            "  labctl modules status chrony",
            "  labctl modules rollback chrony"})
public final class ModulesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private HelpMixin help;

    @Override
    public Integer call() {
        throw new MissingCommandException(spec.commandLine());
    }
}
