package org.labctl.core.command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.OperatorKeys;

/**
 * {@code lab:operator-add NAME --key "ecdsa-sha2-nistp256 AAAA…"}: lets NAME log into this console
 * with that SSH key, acting as labd user NAME (needs {@code admin:*:*:operators}). The key comes
 * after the name (Karaf reads options only before arguments, so a {@code --key} there is taken as
 * the key's label) or, as an option, before it.
 */
@Service
@Command(scope = "lab", name = "operator-add", description = "Registers an operator's SSH key for this console (needs admin:*:*:operators)")
public class OperatorAddCommand implements Action {

    @Reference
    OperatorShell shell;

    @Option(name = "--key", description = "their OpenSSH public key line (RSA or ECDSA: Karaf checks no Ed25519)")
    String keyOption;

    @Argument(index = 0, name = "name", required = true, description = "the operator: the labd user they act as")
    String name;

    @Argument(index = 1, name = "key", multiValued = true, description = "[--key] their OpenSSH public key line, when not given as --key")
    List<String> keyWords;

    @Override
    public Object execute() {
        String key = key(keyOption, keyWords);
        Path file = Path.of(System.getProperty("karaf.etc", "etc"), "keys.properties");
        boolean replaced = shell.run(OperatorShell.line("lab:operator-add", "--key", key.split("\\s+")[0], "…", name),
                new Gate.Request("operator", "admin", name), access -> OperatorKeys.add(file, name, key));
        System.out.println("operator " + name + (replaced ? ": key replaced" : " added") + "; they log in with ssh -p <sshPort> "
                + name + "@127.0.0.1 and act as labd user " + name + " (lab:user-create " + name + " if there is none)");
        return null;
    }

    /** The key line, from the option or from the words after the name (a leading {@code --key} dropped). */
    static String key(String option, List<String> words) {
        List<String> rest = words == null ? new ArrayList<>() : new ArrayList<>(words);
        if (!rest.isEmpty() && rest.get(0).equals("--key")) {
            rest.remove(0);
        }
        if (option != null && !rest.isEmpty()) {
            throw new InvalidArgument("give the key once: --key \"LINE\" before the name, or the line after it");
        }
        String key = option != null ? option : String.join(" ", rest);
        if (key.isBlank()) {
            throw new InvalidArgument("which key? lab:operator-add NAME --key \"$(cat ~/.ssh/id_ecdsa.pub)\"");
        }
        return key.trim();
    }
}
