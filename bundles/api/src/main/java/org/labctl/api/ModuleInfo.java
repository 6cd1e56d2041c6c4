package org.labctl.api;

/**
 * A module installed in labd ({@code labctl modules list}, {@code GET /api/v1/modules}).
 *
 * @param name            its name
 * @param version         the version installed
 * @param tier            core, official or custom
 * @param description     what it does (may be empty)
 * @param targets         the servers it runs on, in words ({@code role worker with label ntp=true}), or null
 *                        when it has no agent side
 * @param labdFeature     the labd feature it installs in every labd instance, or null
 * @param source          where it came from: {@code upload:dir}, {@code upload:zip}, {@code git+file:///...@v1},
 *                        {@code git+https://...@main}
 * @param commit          the git commit its files came from (a branch or tag resolved), or null
 * @param addedBy         who added this version
 * @param addedAt         when, ISO-8601
 * @param previousVersion the version a rollback returns to, or null
 * @param servers         how many servers it targets now
 * @param ready           how many of them report it ready and healthy
 */
public record ModuleInfo(String name, String version, String tier, String description, String targets,
                         String labdFeature, String source, String commit, String addedBy, String addedAt,
                         String previousVersion, int servers, int ready) {
}
