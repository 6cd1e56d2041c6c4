package org.labctl.core.internal;

import java.security.Principal;
import java.util.UUID;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.Unauthenticated;
import org.labctl.api.Unavailable;
import org.labctl.core.Access;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The operator shell ({@link OperatorShell}): the Karaf session's JAAS user acts as the labd user
 * of that name, the {@link Gate} decides, and the audit row is written like a REST request's (in
 * the change's transaction, through {@link AuditScope}), with method SHELL and the command line.
 */
@Component(service = OperatorShell.class)
public final class ShellService implements OperatorShell {

    /** Where the shell's audit rows come from (their source address). */
    static final String SOURCE = "shell";

    private final Gate gate;
    private final AuditService audit;

    @Activate
    public ShellService(@Reference Gate gate, @Reference AuditService audit) {
        this.gate = gate;
        this.audit = audit;
    }

    @Override
    public Caller caller() {
        String user = shellUser(Subject.getSubject(java.security.AccessController.getContext()));
        if (user == null) {
            throw new Unauthenticated("this shell session has no user: log in over SSH with a key registered for a labd user "
                    + "(./lab shell, or lab:operator-add)");
        }
        return new Caller(Caller.Kind.USER, user, null);
    }

    /** The Karaf user of a session's subject (its {@code UserPrincipal}), or null. */
    static String shellUser(Subject subject) {
        if (subject == null) {
            return null;
        }
        for (Principal principal : subject.getPrincipals()) {
            if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                return principal.getName();
            }
        }
        return null;
    }

    @Override
    public Access access() {
        Access access = gate.access(caller());
        if (access == null) {
            throw new Unavailable("authorization is not available yet (labd's rbac bundle is not running): try again shortly");
        }
        return access;
    }

    @Override
    public <T> T run(String command, Gate.Request request, Function<Access, T> work) {
        Caller caller = caller();
        Gate.Decision decision = decide(caller, request);
        AuditScope scope = scope(caller, command, request.action(), decision.resource());
        if (!decision.allowed()) {
            scope.details = AuditText.reason(decision.reason());
            audit.finishShell(scope, decision.failure() == Failure.PERMISSION_DENIED
                    || decision.failure() == Failure.UNAUTHENTICATED ? "denied" : "error");
            throw refusal(decision);
        }
        return perform(scope, caller, work);
    }

    @Override
    public <T> T list(String command, String action, String what, Function<Access, T> work) {
        Caller caller = caller();
        return perform(scope(caller, command, action, "*:*:" + what), caller, work);
    }

    private <T> T perform(AuditScope scope, Caller caller, Function<Access, T> work) {
        Access access = gate.access(caller);
        if (access == null) {
            scope.details = AuditText.reason("authorization is not available");
            audit.finishShell(scope, "error");
            throw new Unavailable("authorization is not available yet (labd's rbac bundle is not running): try again shortly");
        }
        T result;
        AuditScope.enter(scope);
        try {
            result = work.apply(access);
        } catch (RuntimeException e) {
            AuditScope.leave(); // the row is written after the work, in a transaction of its own
            boolean refused = e instanceof LabException lab && lab.failure() == Failure.PERMISSION_DENIED;
            scope.details = AuditText.reason(e.getMessage());
            audit.finishShell(scope, refused ? "denied" : "error");
            throw e;
        } finally {
            AuditScope.leave();
        }
        audit.finishShell(scope, "allowed");
        return result;
    }

    /** The gate's decision. */
    Gate.Decision decide(Caller caller, Gate.Request request) {
        return gate.decide(caller, request);
    }

    private static AuditScope scope(Caller caller, String command, String action, String resource) {
        AuditScope scope = new AuditScope(UUID.randomUUID().toString(), METHOD, command, SOURCE, null);
        scope.user = caller.name();
        scope.action = action;
        scope.resource = resource;
        return scope;
    }

    /** A refusal in the words labctl shows for the same request. */
    static LabException refusal(Gate.Decision decision) {
        String reason = decision.reason();
        return LabException.of(decision.failure(),
                decision.failure() == Failure.PERMISSION_DENIED ? "permission denied: " + reason : reason);
    }

    /** The {@code details} of a row: why it was refused or failed. */
    static final class AuditText {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        private AuditText() {
        }

        static String reason(String reason) {
            try {
                return "{\"reason\":" + JSON.writeValueAsString(reason == null ? "" : reason) + "}";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "{}";
            }
        }
    }
}
