package org.labctl.modules.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.ModuleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.modules.internal.ModuleService;

/** {@code lab:module-list}: the modules installed, in dependency order, as {@code labctl modules list} shows them. */
@Service
@Command(scope = "lab", name = "module-list", description = "Lists the modules installed, in dependency order (needs read:*:*:modules)")
public class ModuleListCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Override
    public Object execute() {
        List<ModuleInfo> list = shell.run("lab:module-list", new Gate.Request("module", "read", ""), modules::list);
        ShellTable table = new ShellTable();
        for (String column : new String[] {"NAME", "VERSION", "TIER", "TARGETS", "READY", "SOURCE", "ADDED BY", "PREVIOUS"}) {
            table.column(column);
        }
        for (ModuleInfo module : list) {
            table.addRow().addContent(module.name(), module.version(), module.tier(), ModuleShellText.orNone(module.targets()),
                    ModuleShellText.ready(module), module.source(), ModuleShellText.orNone(module.addedBy()),
                    ModuleShellText.orNone(module.previousVersion()));
        }
        table.print(System.out);
        return null;
    }
}
