package org.labctl.cli.command;

import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * The verb {@code label}: sets and removes the labels of one resource, as kubectl does. Its kinds,
 * such as {@code server}, are its subcommands (see {@link VerbCommand}).
 */
@Command(name = "label", preprocessor = KindArguments.class, synopsisSubcommandLabel = "KIND",
        commandListHeading = "%nKinds:%n",
        description = {
            "Set or remove labels of one resource, written KIND/NAME or KIND NAME.",
            "KEY=VALUE sets a label, KEY- removes one."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl label server/web-1 rack=r2 role=db",
            "  labctl label server web-1 rack-"})
public final class LabelCommand extends VerbCommand {

    /** @param kinds the commands of the kinds, built when the command line reaches this verb */
    public LabelCommand(List<Supplier<Object>> kinds) {
        super(kinds);
    }
}
