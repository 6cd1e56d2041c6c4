package org.labctl.provision.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.BastionInfo;
import org.labctl.api.NotFoundException;
import org.labctl.bastion.Bastion;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:bastion-describe ENV}: the bastion of an environment of cloud baremetal (needs read:baremetal:ENV:*). */
@Service
@Command(scope = "lab", name = "bastion-describe", description = "Shows the bastion of an environment (needs read:baremetal:ENV:*)")
public class BastionDescribeCommand implements Action {

    @Reference(optional = true)
    List<Bastion> bastions;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "env", required = true, description = "the environment the bastion provisions")
    String environment;

    @Override
    public Object execute() {
        BastionInfo bastion = shell.run(OperatorShell.line("lab:bastion-describe", environment),
                new Gate.Request("bastion", "read", environment), access -> BastionsCommand.running(bastions).stream()
                        .filter(b -> b.environment().equals(environment)).findFirst().map(Bastion::info)
                        .orElseThrow(() -> new NotFoundException("no bastion serves environment " + environment + " on this labd")));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Environment", BastionsCommand.CLOUD + "/" + bastion.environment());
        fields.put("Runs in", "labd");
        fields.put("URL", bastion.url());
        fields.put("DHCP", bastion.dhcp());
        fields.put("TFTP", bastion.tftp());
        fields.put("Machines", bastion.machines());
        System.out.print(OperatorShell.fields(fields));
        return null;
    }
}
