package org.labctl.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * State of labd's database as seen by one labd instance.
 *
 * @param up            whether the last check reached the database and every schema of the started
 *                      bundles is migrated
 * @param mode          {@code embedded} (labd runs PostgreSQL itself) or {@code external}
 * @param url           JDBC URL without credentials
 * @param product       database product and version, when reachable
 * @param schemaVersion the version of core's schema (its latest applied migration), when known
 * @param error         why the database is not usable, when it is not; never holds a secret
 * @param schemas       the version of each bundle's schema that is migrated, by schema name
 *                      ({@code core}, {@code ca}, {@code rbac}, {@code exec}…); never null
 */
public record DatabaseHealth(boolean up, String mode, String url, String product, String schemaVersion, String error,
                             Map<String, String> schemas) {

    public DatabaseHealth {
        schemas = schemas == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(schemas));
    }

    /** A state without per-bundle schemas (labd before bundles owned their tables). */
    public DatabaseHealth(boolean up, String mode, String url, String product, String schemaVersion, String error) {
        this(up, mode, url, product, schemaVersion, error, Map.of());
    }
}
