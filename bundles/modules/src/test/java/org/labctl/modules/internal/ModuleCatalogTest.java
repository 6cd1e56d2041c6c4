package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.modules.ModuleDescriptor;

/** What a server is to run, and the generation that moves exactly when that changes. */
class ModuleCatalogTest {

    private static ModuleCatalog.Version version(String yaml, Map<String, Object> parameters, String digest) {
        ModuleDescriptor descriptor = ModuleDescriptor.parse(yaml.getBytes());
        List<ModuleCatalog.File> files = new java.util.ArrayList<>();
        files.add(new ModuleCatalog.File("module.yaml", "0".repeat(64), 10));
        descriptor.agentBundles().forEach(b -> files.add(new ModuleCatalog.File(b, digest, 100)));
        return new ModuleCatalog.Version(descriptor.name() + "-" + descriptor.version(), descriptor, parameters, files,
                "upload", null, "admin", null);
    }

    private static String module(String name, String version, String targets, String dependencies) {
        return "name: " + name + "\nversion: " + version + "\ntargets: " + targets + "\n"
                + (dependencies == null ? "" : "dependencies: " + dependencies + "\n")
                + "parameters: {a: {type: integer, default: 1}, b: {type: string, default: x}}\n"
                + "agent: {bundles: [" + name + ".jar]}\n";
    }

    private static ModuleCatalog catalog(ModuleCatalog.Version... versions) {
        List<ModuleCatalog.Installed> installed = new java.util.ArrayList<>();
        for (ModuleCatalog.Version version : versions) {
            installed.add(new ModuleCatalog.Installed(version, null));
        }
        return ModuleCatalog.of("g", installed);
    }

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void aServerRunsTheModulesItsRoleAndLabelsMatchDependenciesFirst() {
        ModuleCatalog catalog = catalog(
                version(module("zz-app", "1.0.0", "{roles: [web]}", "{aa-base: \"[1.0,2.0)\"}"), Map.of("a", 1L), A),
                version(module("aa-base", "1.0.0", "{all: true}", "{mm-lib: \"1.0\"}"), Map.of("a", 1L), A),
                version(module("mm-lib", "1.0.0", "{labels: {tier: gold}}", null), Map.of("a", 1L), A),
                version("name: labd-only\nversion: 1.0.0\nlabd: {feature: x}\n", Map.of(), A));
        assertEquals(List.of("mm-lib", "aa-base", "labd-only", "zz-app"), List.copyOf(catalog.modules().keySet()),
                "each after what it needs, else by name");
        List<String> web = catalog.desired("web", Map.of("tier", "gold")).stream().map(v -> v.descriptor().name()).toList();
        assertEquals(List.of("mm-lib", "aa-base", "zz-app"), web, "a module without an agent side runs on no server");
        assertEquals(List.of("aa-base"), catalog.desired(null, Map.of()).stream().map(v -> v.descriptor().name()).toList());
    }

    @Test
    void theGenerationMovesWithNamesVersionsParametersAndDigestsOnly() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", "x");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "x");
        ba.put("a", 1L);
        String yaml = module("chrony", "1.0.0", "{all: true}", null);
        String base = ModuleCatalog.generation(List.of(version(yaml, ab, A)));
        assertEquals(base, ModuleCatalog.generation(List.of(version(yaml, ba, A))), "the order parameters come in does not count");
        assertEquals(64, base.length());
        assertNotEquals(base, ModuleCatalog.generation(List.of(version(yaml, Map.of("a", 2L, "b", "x"), A))));
        assertNotEquals(base, ModuleCatalog.generation(List.of(version(yaml, ab, B))), "a bundle's digest counts");
        assertNotEquals(base, ModuleCatalog.generation(List.of(version(module("chrony", "1.0.1", "{all: true}", null), ab, A))));
        assertNotEquals(base, ModuleCatalog.generation(List.of()));
        assertEquals(ModuleCatalog.generation(List.of()), ModuleCatalog.generation(List.of()));
        ModuleCatalog.Version other = version(module("dns", "1.0.0", "{all: true}", null), ab, A);
        assertNotEquals(ModuleCatalog.generation(List.of(version(yaml, ab, A), other)),
                ModuleCatalog.generation(List.of(other, version(yaml, ab, A))), "the install order counts");
    }
}
