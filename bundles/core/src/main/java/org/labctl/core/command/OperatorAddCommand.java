package org.labctl.core.command;

import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.OperatorKeys;

/**
 * {@code lab:operator-add NAME --key "ecdsa-sha2-nistp256 AAAA…"}: lets NAME log into this console
 * with that SSH key, acting as labd user NAME (needs {@code admin:*:*:operators}).
 */
@Service
@Command(scope = "lab", name = "operator-add", description = "Registers an operator's SSH key for this console (needs admin:*:*:operators)")
public class OperatorAddCommand implements Action {

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the operator: the labd user they act as")
    String name;

    @Option(name = "--key", required = true, description = "their OpenSSH public key line (RSA or ECDSA: Karaf checks no Ed25519)")
    String key;

    @Override
    public Object execute() {
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), "keys.properties");
        String[] words = key == null ? new String[0] : key.trim().split("\\s+");
        boolean replaced = shell.run(OperatorShell.line("lab:operator-add", name, "--key", words.length > 0 ? words[0] : null, "…"),
                new Gate.Request("operator", "admin", name), access -> OperatorKeys.add(file, name, key));
        System.out.println("operator " + name + (replaced ? ": key replaced" : " added") + "; they log in with ssh -p <sshPort> "
                + name + "@127.0.0.1 and act as labd user " + name + " (lab:user-create " + name + " if there is none)");
        return null;
    }
}
