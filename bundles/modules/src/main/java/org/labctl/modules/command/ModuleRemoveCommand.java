package org.labctl.modules.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.ModuleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.modules.internal.ModuleService;

/** {@code lab:module-remove NAME}: as {@code labctl modules remove NAME}; agents take it off their servers. */
@Service
@Command(scope = "lab", name = "module-remove",
        description = "Removes a module with every version labd keeps of it; refused while another module needs it (needs manage:*:*:modules)")
public class ModuleRemoveCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the module")
    @Completion(ModuleNames.class)
    String name;

    @Override
    public Object execute() {
        ModuleInfo module = shell.run(OperatorShell.line("lab:module-remove", name), new Gate.Request("module", "manage", name),
                access -> modules.remove(name, access));
        System.out.println(ModuleShellText.changed(module, "removed; agents take it off their servers"));
        return null;
    }
}
