package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code describe}: shows one resource in detail. Its kinds, such as {@code user}, are its
 * subcommands (see {@link VerbCommand}).
 */
@Command(name = "describe", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Show one resource in detail, written KIND/NAME or KIND NAME.",
            "Prints text by default, -o json or -o yaml for scripts."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe user/dave",
            "  labctl describe user dave -o yaml",
            "  labctl describe server/web-1",
            "  labctl describe environment/baremetal/lab",
            "  labctl describe cloud/aws -o json",
            "  labctl describe token/9f2c1e0a4b5c6d7e8f90123456789abc",
            "  labctl describe bastion/lab",
            "  labctl describe role/admin"})
public final class DescribeCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public DescribeCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
