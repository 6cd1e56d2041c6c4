package org.labctl.modules.command;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.labctl.core.OperatorShell;
import org.labctl.modules.internal.ModuleService;

/** Completes the names of the modules installed, for a shell user who may read modules. */
@Service
public class ModuleNames implements Completer {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(shell.completions(access -> access.allows("read", "*", "*", "modules")
                ? List.copyOf(modules.catalog().modules().keySet()) : List.<String>of())).complete(session, line, candidates);
    }
}
