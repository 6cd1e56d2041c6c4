package org.labctl.provision.command;

import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.BastionInfo;
import org.labctl.bastion.Bastion;
import org.labctl.core.OperatorShell;

/** {@code lab:bastions}: the bastions this labd runs whose environment you may read, as {@code labctl get bastions} shows them. */
@Service
@Command(scope = "lab", name = "bastions", description = "Lists the bastions this labd runs (those whose environment you may read)")
public class BastionsCommand implements Action {

    static final String CLOUD = "baremetal";

    @Reference(optional = true)
    List<Bastion> bastions;

    @Reference
    OperatorShell shell;

    @Override
    public Object execute() {
        List<BastionInfo> list = shell.list("lab:bastions", "read", "bastions", access -> running(bastions).stream()
                .filter(b -> access.allows("read", CLOUD, b.environment(), "*")).map(Bastion::info)
                .sorted(Comparator.comparing(BastionInfo::environment)).toList());
        ShellTable table = new ShellTable();
        for (String column : new String[] {"ENVIRONMENT", "URL", "DHCP", "TFTP", "MACHINES"}) {
            table.column(column);
        }
        for (BastionInfo bastion : list) {
            table.addRow().addContent(bastion.environment(), bastion.url(), dash(bastion.dhcp()), dash(bastion.tftp()), bastion.machines());
        }
        table.print(System.out);
        return null;
    }

    static List<Bastion> running(List<Bastion> bastions) {
        return bastions == null ? List.of() : bastions;
    }

    static String dash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
