package org.labctl.core.command;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.labctl.api.ServerInfo;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** Completes the names of the servers the shell user may read. */
@Service
public class ServerNames implements Completer {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(shell.completions(access -> ServerService.readable(servers.list(null, null, Map.of()), access).stream().map(ServerInfo::name).toList())).complete(session, line, candidates);
    }
}
