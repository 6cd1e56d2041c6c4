package org.labctl.api.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health.Check;
import org.labctl.api.module.Health.Status;

class HealthTest {

    @Test
    void theStatusIsTheWorstOfItsChecks() {
        Health health = Health.of(Check.healthy("service chronyd", "active"), Check.degraded("offset", "120 ms"),
                Check.healthy("config", ""));
        assertEquals(Status.DEGRADED, health.status());
        assertEquals("offset: 120 ms", health.message());
        assertEquals(3, health.checks().size());

        Health failed = Health.of(Check.degraded("offset", ""), Check.failed("service chronyd", "inactive"));
        assertEquals(Status.FAILED, failed.status());
        assertEquals("offset: degraded; service chronyd: inactive", failed.message(), "a check without a message says its status");

        assertEquals(new Health(Status.HEALTHY, "all 2 checks passed", List.of(Check.healthy("a", ""), Check.healthy("b", ""))),
                Health.of(Check.healthy("a", ""), Check.healthy("b", "")));
        assertEquals("1 check passed", Health.of(Check.healthy("a", "")).message());
        assertEquals(new Health(Status.HEALTHY, "", List.of()), Health.of());
    }

    @Test
    void aStatusBetterThanAChecksIsRaisedToIt() {
        Health health = new Health(Status.HEALTHY, "fine", List.of(Check.failed("disk", "full")));
        assertEquals(Status.FAILED, health.status(), "a module cannot call itself healthy while a check failed");
        assertEquals(Status.DEGRADED, new Health(Status.DEGRADED, "", List.of(Check.healthy("a", ""))).status());
    }

    @Test
    void worseAndWorst() {
        assertEquals(Status.FAILED, Status.HEALTHY.worse(Status.FAILED));
        assertEquals(Status.DEGRADED, Status.DEGRADED.worse(Status.HEALTHY));
        assertEquals(Status.DEGRADED, Status.DEGRADED.worse(null));
        assertEquals(Status.HEALTHY, Health.worst(List.of()));
        assertEquals(Status.FAILED, Health.worst(List.of(Status.HEALTHY, Status.FAILED, Status.DEGRADED)));
    }

    @Test
    void messagesAreOneLineAndShort() {
        Health health = Health.failed("  install failed:\nexit 1\r\n\tsee the log ");
        assertEquals("install failed: exit 1   see the log", health.message());
        String longMessage = "x".repeat(10_000);
        assertEquals(Health.MAX_MESSAGE, Health.degraded(longMessage).message().length());
        assertTrue(Health.degraded(longMessage).message().endsWith("..."));
        assertEquals("", Health.healthy(null).message());
        assertEquals("", Check.healthy("a", null).message());
        assertEquals("b c", Check.healthy(" b\nc ", "").name());
        String emoji = "é".repeat(10) + "\uD83D\uDE00".repeat(600);
        String cut = Health.healthy(emoji).message();
        assertTrue(cut.length() <= Health.MAX_MESSAGE, cut);
        assertTrue(!Character.isHighSurrogate(cut.charAt(cut.length() - 4)), "a surrogate pair is not split");
    }

    @Test
    void whatAHeartbeatCannotCarryIsRefused() {
        assertEquals("a module's health has no status: HEALTHY, DEGRADED or FAILED",
                assertThrows(InvalidArgument.class, () -> new Health(null, "", List.of())).getMessage());
        assertEquals("health check 'disk' has no status: HEALTHY, DEGRADED or FAILED",
                assertThrows(InvalidArgument.class, () -> new Check("disk", null, "")).getMessage());
        assertTrue(assertThrows(InvalidArgument.class, () -> Check.healthy(" \n", "")).getMessage()
                .startsWith("a health check has no name"));
        assertTrue(assertThrows(InvalidArgument.class, () -> Check.healthy("n".repeat(65), "")).getMessage()
                .endsWith("is longer than 64 characters"));
        assertEquals("a module's health names check 'disk' twice", assertThrows(InvalidArgument.class,
                () -> Health.of(Check.healthy("disk", ""), Check.failed("disk", ""))).getMessage());
        List<Check> withNull = new ArrayList<>();
        withNull.add(null);
        assertEquals("a module's health holds an empty (null) check",
                assertThrows(InvalidArgument.class, () -> Health.of(withNull)).getMessage());
        assertEquals("a module's health holds an empty (null) check",
                assertThrows(InvalidArgument.class, () -> new Health(Status.HEALTHY, "", withNull)).getMessage());
        List<Check> many = new ArrayList<>();
        for (int i = 0; i <= Health.MAX_CHECKS; i++) {
            many.add(Check.healthy("check " + i, ""));
        }
        assertEquals("a module's health has 65 checks; at most 64",
                assertThrows(InvalidArgument.class, () -> Health.of(many)).getMessage());
    }

    @Test
    void checksAreCopied() {
        List<Check> checks = new ArrayList<>(List.of(Check.healthy("a", "")));
        Health health = Health.of(checks);
        checks.add(Check.failed("b", ""));
        assertEquals(1, health.checks().size());
        assertThrows(UnsupportedOperationException.class, () -> health.checks().add(Check.healthy("c", "")));
    }

    @Test
    void itReadsAndWritesAsJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Health health = Health.of(Check.healthy("service chronyd", "active"), Check.failed("offset", "3 s"));
        String text = json.writeValueAsString(health);
        assertEquals("{\"status\":\"FAILED\",\"message\":\"offset: 3 s\",\"checks\":[{\"name\":\"service chronyd\","
                + "\"status\":\"HEALTHY\",\"message\":\"active\"},{\"name\":\"offset\",\"status\":\"FAILED\",\"message\":\"3 s\"}]}", text);
        assertEquals(health, json.readValue(text, Health.class));
        assertEquals(Health.healthy(""), json.readValue("{\"status\":\"HEALTHY\"}", Health.class), "missing fields are empty");
    }
}
