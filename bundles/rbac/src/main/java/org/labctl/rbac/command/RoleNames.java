package org.labctl.rbac.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.labctl.api.RoleInfo;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/** Completes role names, for a shell user who may read roles. */
@Service
public class RoleNames implements Completer {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(shell.completions(access -> access.allows("read", "*", "*", "roles")
                ? rbac.roles().stream().map(RoleInfo::name).toList() : List.<String>of())).complete(session, line, candidates);
    }
}
