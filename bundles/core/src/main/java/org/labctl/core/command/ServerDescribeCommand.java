package org.labctl.core.command;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** {@code lab:server-describe NAME}: one server, as {@code labctl describe server/NAME} shows it. */
@Service
@Command(scope = "lab", name = "server-describe", description = "Shows one server (needs read on it)")
public class ServerDescribeCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the server")
    @Completion(ServerNames.class)
    String name;

    @Override
    public Object execute() {
        ServerDetail detail = shell.run(OperatorShell.line("lab:server-describe", name), new Gate.Request("server", "read", name),
                access -> servers.describe(name));
        ServerInfo server = detail.server();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", server.name());
        fields.put("ID", server.id());
        fields.put("Cloud", server.cloud());
        fields.put("Environment", Tables.or(server.environment(), "-"));
        fields.put("Role", server.role());
        fields.put("Status", server.status());
        fields.put("Last seen", Tables.or(server.lastSeen(), "never"));
        fields.put("Agent", server.agentVersion());
        fields.put("Hostname", server.hostname());
        fields.put("MAC", server.mac());
        fields.put("Labels", server.labels() == null || server.labels().isEmpty() ? null : String.join(",",
                server.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
        fields.put("Enrolled at", detail.enrolledAt());
        fields.put("Enrolled with token", detail.enrolledWithToken());
        fields.put("Certificate serial", detail.certificateSerial());
        fields.put("Certificate expires", detail.certificateNotAfter());
        System.out.print(OperatorShell.fields(fields));
        return null;
    }
}
