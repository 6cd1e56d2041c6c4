package org.labctl.modules.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.ModuleServerState;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.modules.internal.ModuleService;

/** {@code lab:module-status [NAME]}: each module on each server, as {@code labctl modules status [NAME]} shows it. */
@Service
@Command(scope = "lab", name = "module-status",
        description = "Shows each module (or one) on each server you may read, as its agent reports it (needs read:*:*:modules)")
public class ModuleStatusCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = false, description = "only this module")
    @Completion(ModuleNames.class)
    String name;

    @Override
    public Object execute() {
        List<ModuleServerState> states = shell.run(OperatorShell.line("lab:module-status", name),
                new Gate.Request("module", "read", name == null ? "" : name), access -> modules.status(name, access));
        ModuleShellText.states(states).print(System.out);
        return null;
    }
}
