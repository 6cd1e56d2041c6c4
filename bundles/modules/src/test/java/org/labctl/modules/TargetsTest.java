package org.labctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.ServerInfo;

class TargetsTest {

    private static ServerInfo server(String name, String role, Map<String, String> labels) {
        return new ServerInfo(name, "id-" + name, "baremetal", "lab", role, "Ready", null, null, name, null, labels);
    }

    @Test
    void aServerMatchesWhenItsRoleIsListedAndItCarriesEveryLabel() {
        Targets targets = Targets.of(List.of("worker", "infra"), Map.of("ntp", "true", "rack", "r1"));
        assertTrue(targets.matches("worker", Map.of("ntp", "true", "rack", "r1", "extra", "x")));
        assertTrue(targets.matches("infra", Map.of("ntp", "true", "rack", "r1")));
        assertFalse(targets.matches("db", Map.of("ntp", "true", "rack", "r1")), "role not listed");
        assertFalse(targets.matches(null, Map.of("ntp", "true", "rack", "r1")), "no role while roles are given");
        assertFalse(targets.matches("worker", Map.of("ntp", "true")), "a label missing");
        assertFalse(targets.matches("worker", Map.of("ntp", "false", "rack", "r1")), "a label with another value");
        assertFalse(targets.matches("worker", null));
        assertFalse(targets.matches("Worker", Map.of("ntp", "true", "rack", "r1")), "roles compare exactly");
    }

    @Test
    void withoutRolesAnyRoleMatchesAndWithoutLabelsAnyLabels() {
        Targets byLabel = Targets.of(List.of(), Map.of("gpu", "true"));
        assertTrue(byLabel.matches(null, Map.of("gpu", "true")));
        assertTrue(byLabel.matches("worker", Map.of("gpu", "true")));
        assertFalse(byLabel.matches("worker", Map.of()));
        Targets byRole = Targets.of(List.of("worker"), null);
        assertTrue(byRole.matches("worker", null));
        assertTrue(byRole.matches("worker", Map.of("any", "thing")));
        Targets labelWithEmptyValue = Targets.of(null, Map.of("edge", ""));
        assertTrue(labelWithEmptyValue.matches(null, Map.of("edge", "")));
        assertFalse(labelWithEmptyValue.matches(null, Map.of()), "an empty value still means the label is set");
    }

    @Test
    void allMatchesEveryServer() {
        assertTrue(Targets.everyServer().matches(null, null));
        assertTrue(Targets.everyServer().matches("db", Map.of("x", "y")));
    }

    @Test
    void selectKeepsTheTargetedServersInOrder() {
        List<ServerInfo> servers = List.of(
                server("web-1", "worker", Map.of("ntp", "true")),
                server("db-1", "db", Map.of("ntp", "true")),
                server("web-2", "worker", Map.of()),
                server("web-3", "worker", Map.of("ntp", "true", "rack", "r2")),
                server("bare", null, Map.of()));
        Targets targets = Targets.of(List.of("worker"), Map.of("ntp", "true"));
        assertEquals(List.of("web-1", "web-3"), targets.select(servers).stream().map(ServerInfo::name).toList());
        assertEquals(5, Targets.everyServer().select(servers).size());
        assertEquals(List.of(), Targets.of(List.of("gpu"), null).select(servers), "nothing matches: the caller says so");

        record Row(String name, String role, Map<String, String> labels) {
        }
        List<Row> rows = List.of(new Row("a", "worker", Map.of()), new Row("b", "db", Map.of()));
        assertEquals(List.of(rows.get(0)), Targets.of(List.of("worker"), null).select(rows, Row::role, Row::labels));
    }

    @Test
    void somethingMustBeSaid() {
        String expected = "targets: name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, or all: true "
                + "for every server";
        assertEquals(expected, assertThrows(InvalidArgument.class, () -> Targets.of(null, null)).getMessage());
        assertEquals(expected, assertThrows(InvalidArgument.class, () -> Targets.of(List.of(), Map.of())).getMessage());
        assertEquals("targets: all: true targets every server; drop it, or drop roles and labels",
                assertThrows(InvalidArgument.class, () -> new Targets(true, List.of("a"), null)).getMessage());
        assertEquals("targets: all: true targets every server; drop it, or drop roles and labels",
                assertThrows(InvalidArgument.class, () -> new Targets(true, null, Map.of("a", "b"))).getMessage());
    }

    @Test
    void rolesAndLabelsAreValid() {
        assertEquals("targets.roles[1]: \"a/b\" is not a role: 1 to 63 letters, digits, '.', '_' and '-', starting and ending "
                + "with a letter or digit", assertThrows(InvalidArgument.class, () -> Targets.of(List.of("ok", "a/b"), null)).getMessage());
        assertTrue(assertThrows(InvalidArgument.class, () -> Targets.of(java.util.Arrays.asList((String) null), null)).getMessage()
                .startsWith("targets.roles[0]: null is not a role"));
        assertTrue(assertThrows(InvalidArgument.class, () -> Targets.of(null, Map.of("a b", "c"))).getMessage()
                .startsWith("targets.labels: label key 'a b' is not valid"));
    }

    @Test
    void itReadsInWords() {
        assertEquals("every server", Targets.everyServer().toString());
        assertEquals("role worker", Targets.of(List.of("worker"), null).toString());
        assertEquals("roles worker or infra with labels ntp=true,rack=r1",
                Targets.of(List.of("worker", "infra"), Map.of("rack", "r1", "ntp", "true")).toString());
        assertEquals("servers with label gpu=true", Targets.of(null, Map.of("gpu", "true")).toString());
    }

    @Test
    void itIsImmutable() {
        Targets targets = Targets.of(new java.util.ArrayList<>(List.of("a")), new java.util.HashMap<>(Map.of("k", "v")));
        assertThrows(UnsupportedOperationException.class, () -> targets.roles().add("b"));
        assertThrows(UnsupportedOperationException.class, () -> targets.labels().put("x", "y"));
    }
}
