package org.labctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

class ModuleGraphTest {

    /** A module {@code name} at {@code version} that needs {@code needs} ("base", "[1.0,2.0)", ...). */
    static ModuleDescriptor module(String name, String version, String... needs) {
        Map<String, VersionRange> dependencies = new LinkedHashMap<>();
        for (int i = 0; i < needs.length; i += 2) {
            dependencies.put(needs[i], new VersionRange(needs[i + 1]));
        }
        return new ModuleDescriptor(name, Version.parseVersion(version), null, null, Targets.everyServer(), dependencies,
                null, null, List.of(name + ".jar"), null);
    }

    private static List<String> ids(List<ModuleDescriptor> modules) {
        return modules.stream().map(ModuleDescriptor::id).toList();
    }

    @Test
    void dependenciesComeFirstAndTiesGoByName() {
        ModuleGraph empty = new ModuleGraph(List.of());
        List<ModuleDescriptor> order = empty.installOrder(List.of(
                module("app", "1.0.0", "db", "[1.0,2.0)", "net", "1.0"),
                module("net", "1.0.0", "base", "[1.0,2.0)"),
                module("base", "1.5.0"),
                module("db", "1.0.0", "base", "1.0"),
                module("zeta", "1.0.0"),
                module("alpha", "1.0.0")));
        assertEquals(List.of("alpha 1.0.0", "base 1.5.0", "db 1.0.0", "net 1.0.0", "app 1.0.0", "zeta 1.0.0"), ids(order));
    }

    @Test
    void installedDependenciesAreNotInTheOrderButAreChecked() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.2.0")));
        assertEquals(List.of("app 1.0.0"), ids(graph.installOrder(List.of(module("app", "1.0.0", "base", "[1.0,2.0)")))));
        assertEquals("base 1.2.0", graph.installed("base").id());
        assertNull(graph.installed("app"), "the graph itself does not change");
    }

    @Test
    void aMissingDependencyIsAConflictNamingWhoNeedsWhat() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0")));
        Conflict refused = assertThrows(Conflict.class, () -> graph.installOrder(List.of(
                module("app", "1.0.0", "db", "[1.0,2.0)", "base", "1.0"), module("web", "2.0.0", "cache", "1.0"))));
        assertEquals("cannot add app 1.0.0, web 2.0.0: app 1.0.0 needs db [1.0.0,2.0.0), which is neither installed nor being "
                + "added; web 2.0.0 needs cache 1.0.0, which is neither installed nor being added", refused.getMessage());
    }

    @Test
    void aVersionOutsideTheRangeNamesWhatIsThere() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "2.1.0")));
        assertEquals("cannot add app 1.0.0: app 1.0.0 needs base [1.0.0,2.0.0), but base 2.1.0 is installed",
                assertThrows(Conflict.class, () -> graph.installOrder(List.of(module("app", "1.0.0", "base", "[1.0,2.0)")))).getMessage());
        ModuleGraph empty = new ModuleGraph(List.of());
        assertEquals("cannot add app 1.0.0, db 3.0.0: app 1.0.0 needs db [1.0.0,2.0.0), but db 3.0.0 is being added",
                assertThrows(Conflict.class, () -> empty.installOrder(List.of(module("app", "1.0.0", "db", "[1.0,2.0)"),
                        module("db", "3.0.0")))).getMessage());
        // OSGi orders a qualifier after the plain version (2.0.0.rc1 > 2.0.0), unlike semantic versioning's pre-releases
        assertEquals("cannot add app 1.0.0, db 2.0.0.rc1: app 1.0.0 needs db [1.0.0,2.0.0), but db 2.0.0.rc1 is being added",
                assertThrows(Conflict.class, () -> empty.installOrder(List.of(module("app", "1.0.0", "db", "[1.0,2.0)"),
                        module("db", "2.0.0.rc1")))).getMessage());
        assertEquals(List.of("db 1.9.0.rc1", "app 1.0.0"), ids(empty.installOrder(List.of(module("app", "1.0.0", "db", "[1.0,2.0)"),
                module("db", "1.9.0.rc1")))));
    }

    @Test
    void aCycleIsNamed() {
        ModuleGraph empty = new ModuleGraph(List.of());
        assertEquals("dependency cycle: a -> b -> a; a module cannot need itself, even through others",
                assertThrows(InvalidArgument.class, () -> empty.installOrder(List.of(module("a", "1.0.0", "b", "1.0"),
                        module("b", "1.0.0", "a", "1.0")))).getMessage());
        assertEquals("dependency cycle: b -> c -> d -> b; a module cannot need itself, even through others",
                assertThrows(InvalidArgument.class, () -> empty.installOrder(List.of(module("a", "1.0.0", "b", "1.0"),
                        module("b", "1.0.0", "c", "1.0"), module("c", "1.0.0", "d", "1.0"), module("d", "1.0.0", "b", "1.0"))))
                        .getMessage());
    }

    @Test
    void aCycleThroughAnInstalledModuleIsFoundToo() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0"), module("mid", "1.0.0", "base", "1.0")));
        assertEquals("dependency cycle: base -> mid -> base; a module cannot need itself, even through others",
                assertThrows(InvalidArgument.class, () -> graph.upgradeOrder(List.of(module("base", "1.1.0", "mid", "1.0"))))
                        .getMessage());
    }

    @Test
    void aModuleDependingOnItselfIsRefusedBeforeAnyGraph() {
        assertEquals("dependencies.a: a module cannot depend on itself",
                assertThrows(InvalidArgument.class, () -> module("a", "1.0.0", "a", "1.0")).getMessage());
    }

    @Test
    void installingWhatIsInstalledIsAnUpgrade() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0")));
        assertEquals("module base is installed already, at 1.0.0; upgrade it to 1.1.0 instead",
                assertThrows(Conflict.class, () -> graph.installOrder(List.of(module("base", "1.1.0")))).getMessage());
        assertEquals("module x is given twice", assertThrows(InvalidArgument.class,
                () -> graph.installOrder(List.of(module("x", "1.0.0"), module("x", "2.0.0")))).getMessage());
    }

    @Test
    void anUpgradeGoesDependenciesFirstAndMustSuitTheDependents() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0"), module("app", "1.0.0", "base", "[1.0,2.0)"),
                module("other", "1.0.0", "base", "1.0")));
        assertEquals(List.of("base 1.5.0", "app 1.1.0"),
                ids(graph.upgradeOrder(List.of(module("app", "1.1.0", "base", "[1.5,2.0)"), module("base", "1.5.0")))));
        assertEquals("cannot upgrade to base 2.0.0: app 1.0.0 needs base [1.0.0,2.0.0), but base is being upgraded to 2.0.0",
                assertThrows(Conflict.class, () -> graph.upgradeOrder(List.of(module("base", "2.0.0")))).getMessage());
        assertEquals(List.of("base 2.0.0", "app 2.0.0"), ids(graph.upgradeOrder(List.of(module("base", "2.0.0"),
                module("app", "2.0.0", "base", "[2.0,3.0)")))), "both together are fine");
        assertEquals("cannot upgrade to app 1.2.0: app 1.2.0 needs base [1.1.0,2.0.0), but base 1.0.0 is installed",
                assertThrows(Conflict.class, () -> graph.upgradeOrder(List.of(module("app", "1.2.0", "base", "[1.1,2.0)")))).getMessage());
        assertEquals("cannot upgrade to app 1.2.0: app 1.2.0 needs dns 1.0.0, which is not installed (add it first)",
                assertThrows(Conflict.class, () -> graph.upgradeOrder(List.of(module("app", "1.2.0", "dns", "1.0")))).getMessage());
    }

    @Test
    void aRollbackIsAnUpgradeToAnOlderVersion() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "2.0.0"), module("app", "2.0.0", "base", "[2.0,3.0)")));
        assertEquals(List.of("base 1.0.0", "app 1.0.0"), ids(graph.upgradeOrder(List.of(module("app", "1.0.0", "base", "[1.0,2.0)"),
                module("base", "1.0.0")))));
    }

    @Test
    void onlyInstalledModulesAreUpgraded() {
        assertEquals("module x is not installed; add it instead of upgrading it", assertThrows(NotFoundException.class,
                () -> new ModuleGraph(List.of()).upgradeOrder(List.of(module("x", "1.0.0")))).getMessage());
    }

    @Test
    void aBrokenModuleElsewhereDoesNotBlockAnUnrelatedChange() {
        ModuleGraph graph = new ModuleGraph(List.of(module("orphan", "1.0.0", "gone", "1.0")));
        assertEquals(List.of("fresh 1.0.0"), ids(graph.installOrder(List.of(module("fresh", "1.0.0")))));
    }

    @Test
    void aRemovalTakesDependentsFirstAndRefusesToBreakThoseThatStay() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0"), module("db", "1.0.0", "base", "1.0"),
                module("app", "1.0.0", "db", "1.0"), module("solo", "1.0.0")));
        assertEquals(List.of("app 1.0.0", "db 1.0.0", "base 1.0.0"), ids(graph.removalOrder(List.of("base", "app", "db"))));
        assertEquals(List.of("solo 1.0.0"), ids(graph.removalOrder(List.of("solo"))));
        assertEquals("cannot remove base: db 1.0.0 needs base (remove those too, or first)",
                assertThrows(Conflict.class, () -> graph.removalOrder(List.of("base"))).getMessage());
        assertEquals("cannot remove base, solo: db 1.0.0 needs base (remove those too, or first)",
                assertThrows(Conflict.class, () -> graph.removalOrder(List.of("solo", "base"))).getMessage());
        assertEquals("module nope is not installed",
                assertThrows(NotFoundException.class, () -> graph.removalOrder(List.of("nope"))).getMessage());
    }

    @Test
    void dependentsAreWhatARemovalWouldBreak() {
        ModuleGraph graph = new ModuleGraph(List.of(module("base", "1.0.0"), module("db", "1.0.0", "base", "1.0"),
                module("app", "1.0.0", "db", "1.0"), module("web", "1.0.0", "base", "1.0"), module("solo", "1.0.0")));
        assertEquals(List.of("app 1.0.0", "db 1.0.0", "web 1.0.0"), ids(graph.dependents("base")));
        assertEquals(List.of("app 1.0.0"), ids(graph.dependents("db")));
        assertEquals(List.of(), graph.dependents("solo"));
        assertEquals(List.of(), graph.dependents("unknown"));
    }

    @Test
    void aCycleLeftInstalledCanStillBeRemoved() {
        ModuleGraph graph = new ModuleGraph(List.of(module("a", "1.0.0", "b", "1.0"), module("b", "1.0.0", "a", "1.0")));
        assertEquals(2, graph.removalOrder(List.of("a", "b")).size());
        assertEquals(List.of("b 1.0.0"), ids(graph.dependents("a")));
    }

    @Test
    void theInstalledStateNamesEachModuleOnce() {
        assertEquals("module a is installed twice", assertThrows(InvalidArgument.class,
                () -> new ModuleGraph(List.of(module("a", "1.0.0"), module("a", "2.0.0")))).getMessage());
    }
}
