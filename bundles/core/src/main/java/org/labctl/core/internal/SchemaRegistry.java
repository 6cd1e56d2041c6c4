package org.labctl.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The schemas the started bundles declare, and where each stands: waiting for the schemas it comes
 * after, applied at a version, ready, or failed. Decides the order: core's schema first, then any
 * schema whose predecessors are all applied, by name.
 * <p>
 * The schemas applied in one pass of the connector become ready together when the pass is
 * {@link #publish() published}: the bundles started with labd then see each other's tables at once,
 * which matters while some of them still query tables of others.
 * <p>
 * Thread-safe: bundles come and go on the framework's threads while the database's connector
 * migrates and requests check.
 */
final class SchemaRegistry {

    private final Map<String, SchemaDeclaration> declared = new TreeMap<>();
    private final Map<String, String> applied = new TreeMap<>();
    private final Map<String, String> ready = new TreeMap<>();
    private final Map<String, String> failures = new TreeMap<>();
    private final Map<SchemaDeclaration, String> ignored = new LinkedHashMap<>();

    /** A started bundle declares a schema; it waits to be migrated. */
    synchronized void declare(SchemaDeclaration schema) {
        SchemaDeclaration other = declared.get(schema.name());
        if (other != null && !other.owner().equals(schema.owner())) {
            ignored.put(schema, "the schema " + schema.name() + " is declared by both " + other.owner() + " and "
                    + schema.owner() + ": " + schema.owner() + "'s is ignored");
            return;
        }
        declared.put(schema.name(), schema);
        forget(schema.name());
    }

    /** Its bundle stopped: the schema is no longer awaited; its tables stay. */
    synchronized void withdraw(SchemaDeclaration schema) {
        if (schema.equals(declared.get(schema.name()))) {
            declared.remove(schema.name());
            forget(schema.name());
        }
        ignored.remove(schema);
    }

    private void forget(String name) {
        applied.remove(name);
        ready.remove(name);
        failures.remove(name);
    }

    /**
     * The next schema to migrate: not applied yet, not in {@code skip}, with every schema it comes
     * after applied. Core's comes first, the others by name.
     */
    synchronized Optional<SchemaDeclaration> next(Collection<SchemaDeclaration> skip) {
        return declared.values().stream()
                .filter(s -> !applied.containsKey(s.name()) && !skip.contains(s))
                .filter(s -> applied.keySet().containsAll(s.after()))
                .min(Comparator.comparing((SchemaDeclaration s) -> !s.name().equals(SchemaDeclaration.CORE))
                        .thenComparing(SchemaDeclaration::name));
    }

    /** The schema was migrated to {@code version}, unless its bundle went away meanwhile. */
    synchronized void applied(SchemaDeclaration schema, String version) {
        if (schema.equals(declared.get(schema.name()))) {
            applied.put(schema.name(), version);
            failures.remove(schema.name());
        }
    }

    /**
     * Migrating the schema failed; it is tried again later.
     *
     * @return whether this is a new failure rather than the one the last attempt had
     */
    synchronized boolean failed(SchemaDeclaration schema, String error) {
        if (schema.equals(declared.get(schema.name()))) {
            return !error.equals(failures.put(schema.name(), error));
        }
        return false;
    }

    /** Every applied schema becomes ready for its bundle's mappers. */
    synchronized void publish() {
        ready.putAll(applied);
    }

    /** The version the schema is migrated to, or null while it is not ready. */
    synchronized String version(String name) {
        return ready.get(name);
    }

    /** Every ready schema and its version, by name. */
    synchronized Map<String, String> versions() {
        return Map.copyOf(ready);
    }

    /**
     * Why the given schemas cannot be used yet, or null when they are all ready. A schema no started
     * bundle declares is not awaited: its bundle's mappers find out from the database.
     */
    synchronized String notReady(Set<String> names) {
        for (String name : names) {
            if (declared.containsKey(name) && !ready.containsKey(name)) {
                return why(declared.get(name));
            }
        }
        return null;
    }

    /** What keeps the declared schemas from being all ready, or null when nothing does. */
    synchronized String problem() {
        List<String> problems = new ArrayList<>(ignored.values());
        for (SchemaDeclaration schema : declared.values()) {
            if (!ready.containsKey(schema.name())) {
                problems.add(why(schema));
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private String why(SchemaDeclaration schema) {
        String which = "the schema " + schema.name() + " of " + schema.owner();
        String failure = failures.get(schema.name());
        if (failure != null) {
            return which + " failed to migrate: " + failure;
        }
        List<String> missing = schema.after().stream().filter(a -> !declared.containsKey(a)).sorted().toList();
        if (!missing.isEmpty()) {
            return which + " waits for the schema " + String.join(", ", missing) + ", which no started bundle declares";
        }
        List<String> waiting = schema.after().stream().filter(a -> !applied.containsKey(a)).sorted().toList();
        if (!waiting.isEmpty()) {
            return which + " waits for the schema " + String.join(", ", waiting);
        }
        return which + " is not migrated yet";
    }
}
