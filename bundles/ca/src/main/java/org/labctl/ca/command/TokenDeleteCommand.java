package org.labctl.ca.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.TokenInfo;
import org.labctl.ca.internal.TokenService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:token-delete ID}: revokes a join token, as {@code labctl delete token/ID}. */
@Service
@Command(scope = "lab", name = "token-delete", description = "Revokes a join token (needs manage:*:*:tokens)")
public class TokenDeleteCommand implements Action {

    @Reference
    TokenService tokens;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "id", required = true, description = "the token's id (lab:tokens lists them)")
    String id;

    @Override
    public Object execute() {
        TokenInfo token = shell.run(OperatorShell.line("lab:token-delete", id), new Gate.Request("token", "manage", "tokens"),
                access -> tokens.revoke(id));
        System.out.println("token/" + token.id() + " revoked");
        return null;
    }
}
