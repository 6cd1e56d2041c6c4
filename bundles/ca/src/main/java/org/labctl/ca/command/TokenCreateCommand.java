package org.labctl.ca.command;

import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.CreatedToken;
import org.labctl.ca.internal.TokenService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:token-create}: a join token, printed once, as {@code labctl create token} makes it. */
@Service
@Command(scope = "lab", name = "token-create", description = "Creates a join token and prints it once (needs manage:*:*:tokens)")
public class TokenCreateCommand implements Action {

    @Reference
    TokenService tokens;

    @Reference
    OperatorShell shell;

    @Option(name = "--reusable", description = "admits any number of agents (until --uses or expiry)")
    boolean reusable;

    @Option(name = "--uses", description = "how many agents it admits")
    Integer uses;

    @Option(name = "--ttl-hours", description = "hours until it expires (default: labd's token.default.ttl.hours)")
    int ttlHours;

    @Option(name = "--cloud", description = "cloud of the servers it enrolls (default baremetal)")
    String cloud;

    @Option(name = "--env", description = "environment of the servers it enrolls")
    String environment;

    @Option(name = "--description", description = "what it is for")
    String description;

    @Override
    public Object execute() {
        CreateTokenRequest request = new CreateTokenRequest(reusable, uses, Duration.ofHours(Math.max(ttlHours, 0)).toSeconds(),
                cloud, environment, null, null, description);
        CreatedToken created = shell.run(OperatorShell.line("lab:token-create", reusable ? "--reusable" : null,
                        uses == null ? null : "--uses", uses, ttlHours > 0 ? "--ttl-hours" : null, ttlHours > 0 ? ttlHours : null,
                        cloud == null ? null : "--cloud", cloud, environment == null ? null : "--env", environment,
                        description == null ? null : "--description", description),
                new Gate.Request("token", "manage", "tokens"), access -> tokens.create(request, access));
        System.out.println(created.token());
        return null;
    }
}
