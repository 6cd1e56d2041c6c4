package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Failure;
import org.labctl.core.Gate;
import org.labctl.core.Requires;
import org.labctl.core.ResourceKind;

/** The REST filter as an adapter: from a declaration and a path to the gate's request, from the decision to the audit row and the answer. */
class AccessFilterTest {

    @SuppressWarnings("unused")
    static final class Endpoints {
        @Requires(action = "read", kind = "server", name = "{name}")
        void server() {
        }

        @Requires(action = "manage", kind = "environment", name = "{cloud}/{name}")
        void environment() {
        }

        @Requires(action = "manage", kind = "user")
        void users() {
        }

        @Requires(action = "read", kind = "bastion", list = true)
        void bastions() {
        }
    }

    private static Requires declared(String method) throws NoSuchMethodException {
        return Endpoints.class.getDeclaredMethod(method).getAnnotation(Requires.class);
    }

    private static final Map<String, String> PATH = Map.of("name", "web-1", "cloud", "baremetal");

    @Test
    void theNameComesFromThePathParameters() throws Exception {
        assertEquals(new Gate.Request("server", "read", "web-1"), AccessFilter.request(declared("server"), PATH::get));
        assertEquals(new Gate.Request("environment", "manage", "baremetal/web-1"),
                AccessFilter.request(declared("environment"), PATH::get));
        assertEquals(new Gate.Request("user", "manage", ""), AccessFilter.request(declared("users"), PATH::get));
        assertEquals(Gate.Request.listing("bastion", "read"), AccessFilter.request(declared("bastions"), PATH::get));
    }

    @Test
    void aDeclarationNamingAParameterThePathLacksIsAFault() throws Exception {
        Requires requires = declared("environment");
        assertThrows(IllegalStateException.class, () -> AccessFilter.request(requires, Map.of("name", "lab")::get));
    }

    private static AuditScope scope() {
        return new AuditScope("r", "GET", "/api/v1/servers/web-1", "127.0.0.1", null);
    }

    @Test
    void aDenialRecordsTheRealAddressAndWhy() throws Exception {
        AuditScope scope = scope();
        Gate.Decision denied = Gate.Decision.refuse(Failure.PERMISSION_DENIED, "read:*:*:web-1", "missing read:*:*:web-1",
                "baremetal:prod:web-1", null);
        AccessFilter.record(scope, declared("server"), denied);
        assertEquals("read", scope.action);
        assertEquals("baremetal:prod:web-1", scope.resource);
        assertEquals("{\"reason\":\"missing read:*:*:web-1\"}", scope.details);
        assertEquals("permission denied: missing read:*:*:web-1", AccessFilter.message(denied));
    }

    @Test
    void aNotFoundIsAnsweredInTheGatesWords() {
        Gate.Decision missing = Gate.Decision.refuse(Failure.NOT_FOUND, "read:*:*:web-9", "server/web-9 not found (labctl get servers lists them)",
                "*:*:web-9", null);
        assertEquals("server/web-9 not found (labctl get servers lists them)", AccessFilter.message(missing));
    }

    @Test
    void aRefusalBeforeTheResourceLeavesTheRowWithoutActionOrResource() throws Exception {
        AuditScope scope = scope();
        Gate.Decision agent = Gate.Decision.refuse(Failure.PERMISSION_DENIED, "read:*:*:web-1",
                "an agent certificate reaches only the agent endpoints", null, null);
        AccessFilter.record(scope, declared("server"), agent);
        assertNull(scope.action);
        assertNull(scope.resource);
        assertNull(scope.details);
        assertEquals("an agent certificate reaches only the agent endpoints", AccessFilter.message(agent));
    }

    @Test
    void anAllowedRequestRecordsItsAddress() throws Exception {
        AuditScope scope = scope();
        AccessFilter.record(scope, declared("server"), Gate.Decision.allow("read:baremetal:lab:web-1", "baremetal:lab:web-1",
                new ResourceKind.Address("baremetal", "lab", "web-1")));
        assertEquals("read", scope.action);
        assertEquals("baremetal:lab:web-1", scope.resource);
        assertNull(scope.details);

        AuditScope listing = scope();
        AccessFilter.record(listing, declared("bastions"), Gate.Decision.allow("read:*:*:*", null, null));
        assertEquals("read", listing.action);
        assertNull(listing.resource);
    }
}
