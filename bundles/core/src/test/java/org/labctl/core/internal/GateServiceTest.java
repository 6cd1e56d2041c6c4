package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Access;
import org.labctl.core.Authorizer;
import org.labctl.core.Gate;
import org.labctl.core.ResourceKind;

/** Every branch of the gate's decision, with kinds and an authorizer made for the test. */
class GateServiceTest {

    private static final Caller ALICE = new Caller(Caller.Kind.USER, "alice", "01");
    private static final Set<String> INSTALLED = Set.of("server", "user");

    /** Servers as a kind that looks them up: web-1 in baremetal/lab, web-2 in baremetal/prod. */
    private static final ResourceKind SERVERS = new ResourceKind() {
        private final Map<String, Address> placed = Map.of("web-1", new Address("baremetal", "lab", "web-1"),
                "web-2", new Address("baremetal", "prod", "web-2"));

        @Override
        public String name() {
            return "server";
        }

        @Override
        public Set<String> actions() {
            return Set.of("read", "exec", "manage");
        }

        @Override
        public Address locate(String name) {
            if (name.contains("/")) {
                throw new InvalidArgument("a server name has no '/'");
            }
            return placed.get(name);
        }

        @Override
        public boolean looksUp() {
            return true;
        }
    };

    /** Users as a kind whose address is computed: {@code *:*:users}. */
    private static final ResourceKind USERS = new ResourceKind() {
        @Override
        public String name() {
            return "user";
        }

        @Override
        public Set<String> actions() {
            return Set.of("read", "manage");
        }

        @Override
        public Address locate(String name) {
            return new Address("*", "*", "users");
        }

        @Override
        public boolean looksUp() {
            return false;
        }
    };

    /** Allow and deny rules {@code action:cloud:environment:name}, matched segment by segment ({@code *} any). */
    private static Authorizer rules(List<String> allows, List<String> denies) {
        return caller -> new Access() {
            @Override
            public Caller caller() {
                return caller;
            }

            @Override
            public Verdict check(String action, String cloud, String environment, String name) {
                String[] request = {action, cloud, environment, name};
                for (String deny : denies) {
                    if (matches(deny, request, false)) {
                        return new Verdict(false, "denied by " + deny);
                    }
                }
                for (String allow : allows) {
                    if (matches(allow, request, false)) {
                        return Verdict.ALLOWED;
                    }
                }
                return new Verdict(false, "missing " + String.join(":", request));
            }

            @Override
            public boolean holds(String action, String cloud, String environment, String name) {
                String[] request = {action, cloud, environment, name};
                return allows.stream().anyMatch(a -> matches(a, request, false))
                        && denies.stream().noneMatch(d -> matches(d, request, true));
            }
        };
    }

    /** Whether a rule matches a request; with {@code overlap}, a {@code *} in the request matches any rule segment. */
    private static boolean matches(String rule, String[] request, boolean overlap) {
        String[] segments = rule.split(":");
        for (int i = 0; i < 4; i++) {
            if (!segments[i].equals("*") && !segments[i].equals(request[i]) && !(overlap && request[i].equals("*"))) {
                return false;
            }
        }
        return true;
    }

    private static Gate.Decision decide(Caller caller, Gate.Request request, ResourceKind kind, Authorizer authorizer) {
        return GateService.decide(caller, request, kind, authorizer, INSTALLED);
    }

    private static Gate.Decision server(String action, String name, String... allows) {
        return decide(ALICE, new Gate.Request("server", action, name), SERVERS, rules(List.of(allows), List.of()));
    }

    @Test
    void withoutACertificateNobodyPasses() {
        Gate.Decision decision = decide(null, new Gate.Request("server", "read", "web-1"), SERVERS, rules(List.of("*:*:*:*"), List.of()));
        assertFalse(decision.allowed());
        assertEquals(Failure.UNAUTHENTICATED, decision.failure());
        assertNull(decision.resource(), "refused before the resource was looked for");
    }

    @Test
    void anAgentCertificateReachesNoResource() {
        Gate.Decision decision = decide(new Caller(Caller.Kind.AGENT, "web-1", "02"), new Gate.Request("server", "read", "web-1"), SERVERS,
                rules(List.of("*:*:*:*"), List.of()));
        assertEquals(Failure.PERMISSION_DENIED, decision.failure());
        assertEquals("an agent certificate reaches only the agent endpoints", decision.reason());
        assertNull(decision.resource());
    }

    @Test
    void aKindNotInstalledIsUnavailableAndSaysSo() {
        Gate.Decision decision = decide(ALICE, new Gate.Request("bastion", "read", "lab"), null, rules(List.of("*:*:*:*"), List.of()));
        assertEquals(Failure.UNAVAILABLE, decision.failure());
        assertTrue(decision.reason().startsWith("'bastion' is not installed in this labd"), decision.reason());
        assertTrue(decision.reason().contains("server, user") || decision.reason().contains("user, server"), decision.reason());
        assertNull(decision.resource());
    }

    @Test
    void anActionThatDoesNotApplyIsRefusedAsInvalid() {
        Gate.Decision decision = decide(ALICE, new Gate.Request("user", "exec", "bob"), USERS, rules(List.of("*:*:*:*"), List.of()));
        assertEquals(Failure.INVALID_ARGUMENT, decision.failure());
        assertEquals("'exec' does not apply to user (manage, read do)", decision.reason());
    }

    @Test
    void everyActionAtOnceAppliesToEveryKind() {
        assertTrue(decide(ALICE, new Gate.Request("user", "*", "bob"), USERS, rules(List.of("*:*:*:*"), List.of())).allowed());
    }

    @Test
    void withoutAnAuthorizerNothingPasses() {
        Gate.Decision decision = decide(ALICE, new Gate.Request("user", "read", "bob"), USERS, null);
        assertEquals(Failure.UNAVAILABLE, decision.failure());
        assertTrue(decision.reason().startsWith("authorization is not available yet"), decision.reason());
        assertNull(decision.resource());
    }

    @Test
    void aNameTheKindCannotHaveIsInvalid() {
        Gate.Decision decision = server("read", "a/b", "*:*:*:*");
        assertEquals(Failure.INVALID_ARGUMENT, decision.failure());
        assertEquals("a server name has no '/'", decision.reason());
        assertNull(decision.resource());
    }

    @Test
    void aListingPassesEveryUserWhileTheKindIsInstalled() {
        Gate.Decision decision = decide(ALICE, Gate.Request.listing("server", "read"), SERVERS, rules(List.of(), List.of()));
        assertTrue(decision.allowed());
        assertNull(decision.resource(), "a listing has no one resource");
        assertEquals(Failure.UNAVAILABLE,
                decide(ALICE, Gate.Request.listing("bastion", "read"), null, rules(List.of(), List.of())).failure());
    }

    @Test
    void aComputedAddressIsAllowedOrDeniedThere() {
        Gate.Decision allowed = decide(ALICE, new Gate.Request("user", "manage", "bob"), USERS,
                rules(List.of("manage:*:*:users"), List.of()));
        assertTrue(allowed.allowed());
        assertEquals("manage:*:*:users", allowed.permission());
        assertEquals("*:*:users", allowed.resource());

        Gate.Decision denied = decide(ALICE, new Gate.Request("user", "manage", "bob"), USERS,
                rules(List.of("*:*:*:*"), List.of("manage:*:*:users")));
        assertEquals(Failure.PERMISSION_DENIED, denied.failure());
        assertEquals("manage:*:*:users", denied.permission());
        assertEquals("denied by manage:*:*:users", denied.reason());
        assertEquals("*:*:users", denied.resource(), "the audit log keeps the address");
    }

    @Test
    void aServerTheCallerMayActOnIsAllowedAtItsRealAddress() {
        Gate.Decision decision = server("exec", "web-1", "exec:baremetal:lab:*");
        assertTrue(decision.allowed());
        assertEquals("exec:baremetal:lab:web-1", decision.permission());
        assertEquals("baremetal:lab:web-1", decision.resource());
        assertEquals(new ResourceKind.Address("baremetal", "lab", "web-1"), decision.where());
    }

    @Test
    void aServerTheCallerMayReadButNotActOnIsDeniedWithItsRealAddress() {
        Gate.Decision decision = server("exec", "web-1", "read:baremetal:lab:*");
        assertEquals(Failure.PERMISSION_DENIED, decision.failure());
        assertEquals("exec:baremetal:lab:web-1", decision.permission());
        assertEquals("missing exec:baremetal:lab:web-1", decision.reason());
        assertEquals("baremetal:lab:web-1", decision.resource());
    }

    @Test
    void unknownAndHiddenServersAnswerAlike() {
        Gate.Decision hidden = server("exec", "web-2", "read:baremetal:lab:*", "exec:baremetal:lab:*");
        Gate.Decision unknown = server("exec", "web-9", "read:baremetal:lab:*", "exec:baremetal:lab:*");
        assertEquals(Failure.PERMISSION_DENIED, hidden.failure());
        assertEquals(hidden.failure(), unknown.failure());
        assertEquals("exec:*:*:web-2", hidden.permission());
        assertEquals(hidden.permission().replace("web-2", "web-9"), unknown.permission());
        assertEquals(hidden.reason().replace("web-2", "web-9"), unknown.reason());
        assertNull(hidden.where(), "nothing of the hidden server's place leaves the gate but the audit address");
        // only the audit log, which its readers alone see, tells them apart
        assertEquals("baremetal:prod:web-2", hidden.resource());
        assertEquals("*:*:web-9", unknown.resource());
    }

    @Test
    void notFoundOnlyForWhoMayReadEveryServerOfThatName() {
        Gate.Decision everywhere = server("read", "web-9", "read:*:*:*");
        assertEquals(Failure.NOT_FOUND, everywhere.failure());
        assertEquals("server/web-9 not found (labctl get servers lists them)", everywhere.reason());

        Gate.Decision onlyLab = server("read", "web-9", "read:baremetal:lab:*");
        assertEquals(Failure.PERMISSION_DENIED, onlyLab.failure());
        assertEquals("read:*:*:web-9", onlyLab.permission());
    }

    @Test
    void notFoundNamesTheCommandThatListsTheKind() {
        ResourceKind clusters = new ResourceKind() {
            @Override
            public String name() {
                return "cluster";
            }

            @Override
            public Set<String> actions() {
                return Set.of("read", "kubectl");
            }

            @Override
            public Address locate(String name) {
                return null;
            }

            @Override
            public boolean looksUp() {
                return true;
            }

            @Override
            public String listing() {
                return "labctl clusters list";
            }
        };
        Gate.Decision missing = GateService.decide(ALICE, new Gate.Request("cluster", "kubectl", "prod"), clusters,
                rules(List.of("*:*:*:*"), List.of()), Set.of("cluster"));
        assertEquals(Failure.NOT_FOUND, missing.failure());
        assertEquals("cluster/prod not found (labctl clusters list lists them)", missing.reason());
    }

    /** Pulumi runs asked for by id and addressed as their stack: a run the caller may not see is refused by its id. */
    @Test
    void aResourceAskedForByAnotherNameIsRefusedByTheNameAskedFor() {
        ResourceKind runs = new ResourceKind() {
            @Override
            public String name() {
                return "pulumi";
            }

            @Override
            public Set<String> actions() {
                return Set.of("read");
            }

            @Override
            public Address locate(String name) {
                return "0123".equals(name) ? new Address("aws", "prod", "payments") : null;
            }

            @Override
            public boolean looksUp() {
                return true;
            }

            @Override
            public String concealedName(String requested, Address where) {
                return requested;
            }
        };
        Authorizer outsider = rules(List.of("read:baremetal:lab:*"), List.of());
        Gate.Decision hidden = GateService.decide(ALICE, new Gate.Request("pulumi", "read", "0123"), runs, outsider,
                Set.of("pulumi"));
        Gate.Decision unknown = GateService.decide(ALICE, new Gate.Request("pulumi", "read", "4567"), runs, outsider,
                Set.of("pulumi"));
        assertEquals(Failure.PERMISSION_DENIED, hidden.failure());
        assertEquals("read:*:*:0123", hidden.permission());
        assertEquals(hidden.reason().replace("0123", "ID"), unknown.reason().replace("4567", "ID"));
        assertFalse(hidden.reason().contains("payments"), hidden.reason());
        Gate.Decision allowed = GateService.decide(ALICE, new Gate.Request("pulumi", "read", "0123"), runs,
                rules(List.of("read:aws:prod:payments"), List.of()), Set.of("pulumi"));
        assertTrue(allowed.allowed(), allowed.toString());
    }

    @Test
    void aHolderOfTheActionEverywhereStillLearnsNothingWithoutRead() {
        Gate.Decision decision = server("exec", "web-9", "exec:*:*:*");
        assertEquals(Failure.PERMISSION_DENIED, decision.failure());
        assertEquals("this needs exec:*:*:web-9", decision.reason());
    }

    @Test
    void theWholeEnvironmentIsCheckedWhenAsked() {
        Authorizer onServer = rules(List.of("manage:baremetal:lab:web-1", "read:baremetal:lab:*"), List.of());
        Gate.Request whole = new Gate.Request("server", "manage", "web-1", true);
        Gate.Decision refused = decide(ALICE, whole, SERVERS, onServer);
        assertEquals(Failure.PERMISSION_DENIED, refused.failure());
        assertEquals("manage:baremetal:lab:*", refused.permission());

        Gate.Decision allowed = decide(ALICE, whole, SERVERS, rules(List.of("manage:baremetal:lab:*"), List.of()));
        assertTrue(allowed.allowed());
        assertEquals("manage:baremetal:lab:*", allowed.permission());
        assertEquals("baremetal:lab:web-1", allowed.resource());

        Gate.Decision computed = decide(ALICE, new Gate.Request("user", "manage", "bob", true), USERS,
                rules(List.of("manage:*:*:users"), List.of()));
        assertEquals("manage:*:*:*", computed.permission());
        assertFalse(computed.allowed());
    }

    @Test
    void aKindThatWentAwayIsUninstalledUntilItComesBack() {
        GateService gate = new GateService();
        assertFalse(gate.uninstalled("user"), "never installed is not uninstalled: a typo stays a 404");
        gate.addKind(USERS);
        assertFalse(gate.uninstalled("user"));
        gate.removeKind(USERS);
        assertTrue(gate.uninstalled("user"));
        assertFalse(gate.kinds().contains("user"));
        gate.addKind(USERS);
        assertFalse(gate.uninstalled("user"));
        assertTrue(gate.kinds().contains("user"));
    }
}
