package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.labctl.api.PermissionDenied;
import org.labctl.core.Access;
import org.labctl.core.Authorizer;
import org.labctl.core.Gate;

class ShellServiceTest {

    private static final Caller OLIVIA = new Caller(Caller.Kind.USER, "olivia", null);

    /** Olivia may do exactly {@code allowed} (literal addresses). */
    private static Authorizer mayOnly(String allowed) {
        return caller -> new Access() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public Verdict check(String action, String cloud, String environment, String name) {
                return (action + ":" + cloud + ":" + environment + ":" + name).equals(allowed) ? Verdict.ALLOWED : new Verdict(false, null);
            }

            @Override
            public boolean holds(String action, String cloud, String environment, String name) {
                return check(action, cloud, environment, name).allowed();
            }
        };
    }

    @Test
    void theOperatorKindNeedsAdminOnOperators() {
        Gate.Decision decision = GateService.decide(OLIVIA, new Gate.Request("operator", "admin", "mallory"), new OperatorKind(),
                mayOnly("manage:*:*:operators"), java.util.Set.of("operator"));
        assertEquals("permission denied: this needs admin:*:*:operators", ShellService.refusal(decision).getMessage());
    }

    /** Karaf's principal of the session's user is named UserPrincipal. */
    private record UserPrincipal(String getName) implements Principal {
    }

    private record RolePrincipal(String getName) implements Principal {
    }

    @Test
    void theShellUserIsTheSubjectsUserPrincipal() {
        Subject subject = new Subject(false, Set.of(new RolePrincipal("ssh"), new UserPrincipal("olivia")), Set.of(), Set.of());
        assertEquals("olivia", ShellService.shellUser(subject));
        assertNull(ShellService.shellUser(new Subject()));
        assertNull(ShellService.shellUser(null));
    }
}
