package org.labctl.modules.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.ModuleDetail;
import org.labctl.api.ModuleFile;
import org.labctl.api.ModuleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.modules.internal.ModuleService;

/** {@code lab:module-describe NAME}: one module, as {@code labctl modules describe NAME} shows it. */
@Service
@Command(scope = "lab", name = "module-describe",
        description = "Shows one module: where it came from, its files and digests, parameters and servers (needs read:*:*:modules)")
public class ModuleDescribeCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the module")
    @Completion(ModuleNames.class)
    String name;

    @Override
    public Object execute() {
        ModuleDetail detail = shell.run(OperatorShell.line("lab:module-describe", name), new Gate.Request("module", "read", name),
                access -> modules.describe(name, access));
        ModuleInfo module = detail.module();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", module.name());
        fields.put("Version", module.version());
        fields.put("Tier", module.tier());
        fields.put("Description", module.description());
        fields.put("Source", module.source());
        fields.put("Commit", module.commit());
        fields.put("Added by", module.addedBy());
        fields.put("Added", module.addedAt());
        fields.put("Targets", module.targets());
        fields.put("Ready", ModuleShellText.ready(module));
        fields.put("Labd feature", module.labdFeature());
        fields.put("Previous", detail.previous() == null ? null : detail.previous().version() + " (" + detail.previous().source() + ")");
        List<String> dependencies = new ArrayList<>();
        detail.dependencies().forEach((dependency, range) -> dependencies.add(dependency + " " + range));
        fields.put("Dependencies", String.join(", ", dependencies));
        fields.put("Permissions", String.join(", ", detail.permissions()));
        List<String> parameters = new ArrayList<>();
        detail.parameters().forEach((parameter, value) -> parameters.add(parameter + "=" + value));
        fields.put("Parameters", String.join(", ", parameters));
        System.out.print(OperatorShell.fields(fields));
        System.out.println();
        ShellTable files = new ShellTable();
        files.column("FILE");
        files.column("BYTES");
        files.column("SHA256");
        for (ModuleFile file : detail.files()) {
            files.addRow().addContent(file.file(), file.size(), file.sha256());
        }
        files.print(System.out);
        if (!detail.servers().isEmpty()) {
            System.out.println();
            ModuleShellText.states(detail.servers()).print(System.out);
        }
        return null;
    }
}
