package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * One version of an app in labd's catalog: a packaged Pulumi program whose jar carries {@code META-INF/labctl/app.yaml}
 * (name, version, description, the inputs' JSON Schema, the permissions it needs) and {@code values.yaml} (defaults).
 *
 * @param name        the app's name
 * @param version     the app's version
 * @param description one line from app.yaml, or null
 * @param program     the SHA-256 of the jar
 * @param inputs      the JSON Schema the values must satisfy (inputs marked {@code secret: true} are Pulumi secrets)
 * @param defaults    the values.yaml defaults
 * @param permissions what the installing user must be allowed, checked before any run
 * @param publishedBy who published it
 * @param publishedAt when
 */
public record AppInfo(String name, String version, String description, String program, Map<String, Object> inputs,
                      Map<String, Object> defaults, List<AppPermission> permissions, String publishedBy,
                      String publishedAt) {

    /**
     * A permission an app needs of the user who installs it.
     *
     * @param action the action ({@code kubectl}, {@code read}, …)
     * @param kind   the resource kind ({@code cluster}, {@code server}, …)
     * @param name   the resource's name; null for the cluster the app is installed on
     */
    public record AppPermission(String action, String kind, String name) {
    }
}
