package org.labctl.modules.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.ModuleGraph;
import org.labctl.modules.Parameters;

/**
 * The modules installed, as one labd instance last read them from the database: each with the version in force and
 * the one a rollback returns to, in dependency order, and the generation of that state. Immutable; the service swaps
 * it whole when the generation moves. What a server is to run ({@link #desired}) and its generation are computed
 * from it, the same way for the agent's endpoint and the topic's acks.
 *
 * @param generation the database's module generation this was read at
 * @param modules    by name, in dependency order (each after what it needs), then by name
 */
public record ModuleCatalog(String generation, Map<String, Installed> modules) {

    /** The state before anything was read. */
    public static final ModuleCatalog EMPTY = new ModuleCatalog("", Map.of());

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY);

    public ModuleCatalog {
        modules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modules));
    }

    /**
     * One version of a module as labd keeps it.
     *
     * @param id         its row's id
     * @param descriptor its module.yaml
     * @param parameters its parameters' values
     * @param files      its files in order, each with its digest and size
     */
    public record Version(String id, ModuleDescriptor descriptor, Map<String, Object> parameters, List<File> files,
                          String source, String commit, String addedBy, OffsetDateTime addedAt) {

        public Version {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
            files = List.copyOf(files);
        }

        /** The file of that name, or null. */
        public File file(String name) {
            return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }

        /** The files of its agent side, in install order. */
        public List<File> agentBundles() {
            List<File> bundles = new ArrayList<>();
            for (String name : descriptor.agentBundles()) {
                bundles.add(file(name));
            }
            return bundles;
        }
    }

    /** A file of a version. */
    public record File(String name, String sha256, long size) {
    }

    /** An installed module: the version in force, and the previous one or null. */
    public record Installed(Version current, Version previous) {

        public String name() {
            return current.descriptor().name();
        }
    }

    /** The catalog of these modules, ordered by their dependencies (a cycle, which labd never stores, keeps name order). */
    public static ModuleCatalog of(String generation, Collection<Installed> installed) {
        Map<String, Installed> byName = new LinkedHashMap<>();
        installed.stream().sorted(java.util.Comparator.comparing(Installed::name)).forEach(m -> byName.put(m.name(), m));
        Map<String, Installed> ordered = new LinkedHashMap<>();
        try {
            for (ModuleDescriptor module : new ModuleGraph(List.of()).installOrder(
                    byName.values().stream().map(m -> m.current().descriptor()).toList())) {
                ordered.put(module.name(), byName.get(module.name()));
            }
        } catch (RuntimeException unmet) {
            ordered.clear(); // what is stored was checked when it was stored; should a check have changed, keep going
        }
        byName.forEach(ordered::putIfAbsent);
        return new ModuleCatalog(generation, ordered);
    }

    /** The installed module of that name, or null. */
    public Installed module(String name) {
        return modules.get(name);
    }

    /** The descriptors of the versions in force. */
    public List<ModuleDescriptor> descriptors() {
        return modules.values().stream().map(m -> m.current().descriptor()).toList();
    }

    /**
     * What a server with this role and labels runs: the versions in force of the modules with an agent side whose
     * targets match it, in dependency order.
     */
    public List<Version> desired(String role, Map<String, String> labels) {
        List<Version> desired = new ArrayList<>();
        for (Installed module : modules.values()) {
            ModuleDescriptor descriptor = module.current().descriptor();
            if (descriptor.targets() != null && !descriptor.agentBundles().isEmpty()
                    && descriptor.targets().matches(role, labels)) {
                desired.add(module.current());
            }
        }
        return desired;
    }

    /**
     * The generation of a server's desired modules: a SHA-256 over their names, versions, version ids, parameters
     * (secrets redacted) and files' digests, so that it moves exactly when what the server should run changes. Opaque to the agent.
     */
    public static String generation(List<Version> desired) {
        List<Map<String, Object>> canonical = new ArrayList<>();
        for (Version version : desired) {
            Map<String, Object> module = new LinkedHashMap<>();
            module.put("name", version.descriptor().name());
            module.put("version", version.descriptor().version().toString());
            // the version's id stands for its values (a version's values never change): a secret's value is not hashed
            // into what agents and heartbeats carry
            module.put("id", version.id());
            module.put("parameters", Parameters.of(version.descriptor()).redact(version.parameters()));
            List<Map<String, Object>> bundles = new ArrayList<>();
            for (File bundle : version.agentBundles()) {
                bundles.add(Map.of("file", bundle.name(), "sha256", bundle.sha256(), "size", bundle.size()));
            }
            module.put("bundles", bundles);
            canonical.add(module);
        }
        try {
            return ArtifactDigest.sha256(CANONICAL.writeValueAsBytes(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a module generation: " + e.getMessage(), e);
        }
    }
}
