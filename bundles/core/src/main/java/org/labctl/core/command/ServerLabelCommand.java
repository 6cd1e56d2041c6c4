package org.labctl.core.command;

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
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabelChange;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** {@code lab:server-label NAME k=v k2-}: sets and removes labels, as {@code labctl label server/NAME} does. */
@Service
@Command(scope = "lab", name = "server-label", description = "Sets (k=v) and removes (k-) labels of a server (needs manage on it)")
public class ServerLabelCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the server")
    @Completion(ServerNames.class)
    String name;

    @Argument(index = 1, name = "labels", required = true, multiValued = true, description = "k=v to set, k- to remove")
    List<String> labels;

    @Override
    public Object execute() {
        LabelChange change = change(labels);
        ServerInfo server = shell.run(OperatorShell.line("lab:server-label", name, labels),
                new Gate.Request("server", "manage", name), access -> servers.label(name, change));
        System.out.println("server/" + server.name() + " labelled");
        return null;
    }

    /** {@code k=v} sets, {@code k-} removes, as labctl takes them. */
    static LabelChange change(List<String> words) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                set.put(word.substring(0, eq), word.substring(eq + 1));
            } else if (word.endsWith("-") && word.length() > 1) {
                remove.add(word.substring(0, word.length() - 1));
            } else {
                throw new InvalidArgument("'" + word + "' is neither key=value (set) nor key- (remove)");
            }
        }
        return new LabelChange(set, remove);
    }
}
