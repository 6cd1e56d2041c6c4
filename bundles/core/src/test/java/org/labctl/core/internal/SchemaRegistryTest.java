package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {

    private static final ClassLoader LOADER = SchemaRegistryTest.class.getClassLoader();
    private static final SchemaDeclaration CORE = schema("core", "org.labctl.core");
    private static final SchemaDeclaration CA = schema("ca", "org.labctl.ca");
    private static final SchemaDeclaration RBAC = schema("rbac", "org.labctl.rbac", "ca");
    private static final SchemaDeclaration EXEC = schema("exec", "org.labctl.exec");

    private final SchemaRegistry registry = new SchemaRegistry();

    private static SchemaDeclaration schema(String name, String owner, String... after) {
        return new SchemaDeclaration(name, Set.of(after), owner, LOADER);
    }

    /** What the connector does in one pass: every schema that can be, in order; returns the order. */
    private List<String> pass(String... failing) {
        List<String> order = new ArrayList<>();
        List<SchemaDeclaration> failed = new ArrayList<>();
        for (Optional<SchemaDeclaration> next = registry.next(failed); next.isPresent(); next = registry.next(failed)) {
            SchemaDeclaration schema = next.get();
            order.add(schema.name());
            if (List.of(failing).contains(schema.name())) {
                registry.failed(schema, "syntax error at or near \"TABEL\"");
                failed.add(schema);
            } else {
                registry.applied(schema, "1");
            }
        }
        registry.publish();
        return order;
    }

    @Test
    void everySchemaComesAfterCoreAndNeverAfterItself() {
        assertEquals(Set.of("core"), CA.after());
        assertEquals(Set.of("core", "ca"), RBAC.after());
        assertEquals(Set.of(), CORE.after());
        assertEquals(Set.of(), schema("core", "x", "core").after());
        assertEquals("classpath:db/rbac", RBAC.location());
        assertEquals("rbac_schema_history", RBAC.historyTable());
    }

    @Test
    void aSchemaNameIsALowerCaseIdentifier() {
        for (String bad : new String[] {"", "Ca", "1ca", "ca-tables", "ca; DROP TABLE users", "db/ca"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema(bad, "org.example"));
            assertTrue(e.getMessage().contains("org.example") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> schema(null, "org.example"));
    }

    @Test
    void coreFirstThenEachSchemaAfterThoseItNamesWhateverOrderTheBundlesStartIn() {
        registry.declare(RBAC);
        registry.declare(EXEC);
        registry.declare(CA);
        registry.declare(CORE);
        assertEquals(List.of("core", "ca", "exec", "rbac"), pass());
        assertEquals(Map.of("core", "1", "ca", "1", "exec", "1", "rbac", "1"), registry.versions());
        assertNull(registry.problem());
        assertEquals(List.of(), pass(), "nothing left to migrate");
    }

    @Test
    void nothingMigratesBeforeCoreIsDeclared() {
        registry.declare(CA);
        assertEquals(List.of(), pass());
        assertEquals("the schema ca of org.labctl.ca waits for the schema core, which no started bundle declares",
                registry.problem());
        registry.declare(CORE);
        assertEquals(List.of("core", "ca"), pass());
    }

    @Test
    void aSchemaWaitsForOneNoStartedBundleDeclaresAndItsBundlesMappersAreRefused() {
        registry.declare(CORE);
        registry.declare(RBAC);
        assertEquals(List.of("core"), pass());
        assertEquals("the schema rbac of org.labctl.rbac waits for the schema ca, which no started bundle declares",
                registry.notReady(Set.of("core", "rbac")));
        assertNull(registry.notReady(Set.of("core")));
        assertEquals(registry.notReady(Set.of("rbac")), registry.problem());

        registry.declare(CA);
        assertEquals(List.of("ca", "rbac"), pass(), "the late bundle's schema, then the one that waited for it");
        assertNull(registry.notReady(Set.of("core", "ca", "rbac")));
    }

    @Test
    void schemasAppliedInOnePassBecomeReadyTogether() {
        registry.declare(CORE);
        registry.declare(CA);
        Optional<SchemaDeclaration> first = registry.next(List.of());
        registry.applied(first.orElseThrow(), "6");
        assertEquals(CA, registry.next(List.of()).orElseThrow(), "ca may be migrated once core is applied");
        assertNull(registry.version("core"), "but nothing is ready before the pass is published");
        assertEquals("the schema core of org.labctl.core is not migrated yet", registry.notReady(Set.of("core")));
        registry.applied(CA, "1");
        registry.publish();
        assertEquals("6", registry.version("core"));
        assertEquals("1", registry.version("ca"));
    }

    @Test
    void aFailedSchemaIsReportedBlocksOnlyThoseAfterItAndIsTriedAgain() {
        registry.declare(CORE);
        registry.declare(CA);
        registry.declare(RBAC);
        registry.declare(EXEC);
        assertEquals(List.of("core", "ca", "exec"), pass("ca"));
        assertEquals("1", registry.version("exec"), "exec does not wait for ca");
        assertEquals("the schema ca of org.labctl.ca failed to migrate: syntax error at or near \"TABEL\"; "
                + "the schema rbac of org.labctl.rbac waits for the schema ca", registry.problem());
        assertFalse(registry.failed(CA, "syntax error at or near \"TABEL\""), "the same failure again is not new");
        assertTrue(registry.failed(CA, "connection refused"), "another one is");

        assertEquals(List.of("ca", "rbac"), pass(), "the next pass tries it again");
        assertNull(registry.problem());
    }

    @Test
    void aStoppedBundlesSchemaIsNoLongerAwaitedAndIsMigratedAgainWhenItComesBack() {
        registry.declare(CORE);
        registry.declare(EXEC);
        pass();
        registry.withdraw(EXEC);
        assertEquals(Map.of("core", "1"), registry.versions());
        assertNull(registry.notReady(Set.of("exec")), "a schema nobody declares is not awaited");

        SchemaDeclaration again = schema("exec", "org.labctl.exec");
        registry.declare(again);
        assertEquals("the schema exec of org.labctl.exec is not migrated yet", registry.notReady(Set.of("exec")));
        assertEquals(List.of("exec"), pass());
    }

    @Test
    void aResultForAWithdrawnDeclarationIsIgnored() {
        registry.declare(CORE);
        pass();
        registry.declare(EXEC);
        SchemaDeclaration migrating = registry.next(List.of()).orElseThrow();
        registry.withdraw(EXEC);
        registry.applied(migrating, "1");
        registry.publish();
        assertNull(registry.version("exec"));
    }

    @Test
    void twoBundlesCannotOwnOneSchema() {
        registry.declare(CORE);
        registry.declare(CA);
        SchemaDeclaration impostor = schema("ca", "org.example.other");
        registry.declare(impostor);
        assertEquals(List.of("core", "ca"), pass());
        assertEquals("the schema ca is declared by both org.labctl.ca and org.example.other: org.example.other's is ignored",
                registry.problem());
        registry.withdraw(impostor);
        assertNull(registry.problem());
        assertEquals("1", registry.version("ca"));
    }
}
