package org.labctl.ca.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.labctl.api.UserInfo;
import org.labctl.ca.internal.UserService;
import org.labctl.core.OperatorShell;

/** Completes user names, for a shell user who may read users. */
@Service
public class UserNames implements Completer {

    @Reference
    UserService users;

    @Reference
    OperatorShell shell;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(shell.completions(access -> access.allows("read", "*", "*", "users")
                ? users.list().stream().map(UserInfo::name).toList() : List.<String>of())).complete(session, line, candidates);
    }
}
