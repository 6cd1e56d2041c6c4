package org.labctl.core.command;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
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
        StringsCompleter names = new StringsCompleter();
        try {
            ServerService.readable(servers.list(null, null, Map.of()), shell.access()).forEach(s -> names.getStrings().add(s.name()));
        } catch (RuntimeException e) {
            return -1; // no user, no database: nothing to offer
        }
        return names.complete(session, line, candidates);
    }
}
