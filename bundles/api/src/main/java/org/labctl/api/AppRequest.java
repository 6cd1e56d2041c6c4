package org.labctl.api;

import java.util.Map;

/**
 * Installs, upgrades or plans an app release ({@code labctl apps install|upgrade NAME}), or rolls it back.
 *
 * @param app      the app's name in the catalog (install; an upgrade keeps the release's app when null)
 * @param version  the app's version; null for the newest published
 * @param values   values over the app's defaults (from values files and {@code --set}); an upgrade merges them over
 *                 the values the release was given before unless {@code reset}
 * @param cluster  the cluster the app is installed on; an upgrade keeps the release's when null
 * @param reset    an upgrade starts from the app's defaults instead of the release's values
 * @param revision for a rollback: the revision whose app version and values are applied again
 */
public record AppRequest(String app, String version, Map<String, Object> values, String cluster, boolean reset,
                         Integer revision) {
}
