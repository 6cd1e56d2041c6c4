package org.labctl.ca.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.TokenInfo;
import org.labctl.ca.internal.TokenService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:tokens}: the join tokens (never their secrets), as {@code labctl get tokens} shows them. */
@Service
@Command(scope = "lab", name = "tokens", description = "Lists the join tokens (needs read:*:*:tokens)")
public class TokensCommand implements Action {

    @Reference
    TokenService tokens;

    @Reference
    OperatorShell shell;

    @Override
    public Object execute() {
        List<TokenInfo> list = shell.run("lab:tokens", new Gate.Request("token", "read", "tokens"), access -> tokens.list());
        ShellTable table = new ShellTable();
        for (String column : new String[] {"ID", "KIND", "USES-LEFT", "EXPIRES", "SCOPE", "STATE"}) {
            table.column(column);
        }
        for (TokenInfo token : list) {
            table.addRow().addContent(token.id(), token.kind(), token.usesLeft() == null ? "unlimited" : token.usesLeft(),
                    token.expiresAt() == null ? "never" : token.expiresAt(),
                    token.cloud() + "/" + (token.environment() == null ? "-" : token.environment()), token.state());
        }
        table.print(System.out);
        return null;
    }
}
