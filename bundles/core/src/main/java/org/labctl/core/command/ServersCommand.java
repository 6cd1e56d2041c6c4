package org.labctl.core.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.Labels;
import org.labctl.api.ServerInfo;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** {@code lab:servers}: the servers the shell user may read, as {@code labctl get servers} shows them. */
@Service
@Command(scope = "lab", name = "servers", description = "Lists the servers you may read (as labctl get servers)")
public class ServersCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Option(name = "--cloud", description = "only this cloud")
    String cloud;

    @Option(name = "--env", description = "only this environment")
    String environment;

    @Option(name = "-l", aliases = "--selector", description = "only servers with this label (k=v, several: k=v,k2=v2)", multiValued = true)
    List<String> labels;

    @Override
    public Object execute() {
        Map<String, String> selector = new LinkedHashMap<>();
        if (labels != null) {
            labels.forEach(label -> selector.putAll(Labels.selector(label)));
        }
        List<ServerInfo> list = shell.list(OperatorShell.line("lab:servers", flag("--cloud", cloud), cloud, flag("--env", environment),
                        environment, labels == null ? null : "-l", labels == null ? null : String.join(",", labels)), "read", "servers",
                access -> ServerService.readable(servers.list(cloud, environment, selector), access));
        ShellTable table = Tables.of("NAME", "CLOUD", "ENVIRONMENT", "ROLE", "STATUS", "LAST-SEEN", "AGENT");
        for (ServerInfo server : list) {
            table.addRow().addContent(server.name(), server.cloud(), Tables.or(server.environment(), "-"), Tables.or(server.role(), "-"),
                    server.status(), Tables.or(server.lastSeen(), "never"), Tables.or(server.agentVersion(), "-"));
        }
        table.print(System.out);
        return null;
    }

    static String flag(String name, String value) {
        return value == null ? null : name;
    }
}
