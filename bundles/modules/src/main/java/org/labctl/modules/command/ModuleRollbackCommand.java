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

/** {@code lab:module-rollback NAME}: as {@code labctl modules rollback NAME}, back to the version an upgrade replaced. */
@Service
@Command(scope = "lab", name = "module-rollback",
        description = "Returns a module to its previous version (needs manage:*:*:modules and apply on the servers it targets)")
public class ModuleRollbackCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the module")
    @Completion(ModuleNames.class)
    String name;

    @Override
    public Object execute() {
        ModuleInfo module = shell.run(OperatorShell.line("lab:module-rollback", name), new Gate.Request("module", "manage", name),
                access -> modules.rollback(name, access));
        System.out.println(ModuleShellText.changed(module, "in force again (rolled back)"));
        return null;
    }
}
