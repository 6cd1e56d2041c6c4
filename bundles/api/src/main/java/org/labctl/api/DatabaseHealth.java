package org.labctl.api;

/**
 * State of labd's database as seen by one labd instance.
 *
 * @param up            whether the last check reached the database
 * @param mode          {@code embedded} (labd runs PostgreSQL itself) or {@code external}
 * @param url           JDBC URL without credentials
 * @param product       database product and version, when reachable
 * @param schemaVersion the latest applied schema migration, when known
 * @param error         why the database is not usable, when it is not; never holds a secret
 */
public record DatabaseHealth(boolean up, String mode, String url, String product, String schemaVersion, String error) {
}
