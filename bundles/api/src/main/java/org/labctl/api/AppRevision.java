package org.labctl.api;

import java.util.Map;

/**
 * One revision of an app release: an install, upgrade, rollback or uninstall, with the values it ran with (secret ones
 * shown as {@code [secret]}) and the run that applied it.
 *
 * @param release     the release's name
 * @param revision    1, 2, …
 * @param kind        install, upgrade, rollback or uninstall
 * @param app         the app
 * @param version     the app's version
 * @param values      the values the program ran with
 * @param cluster     the cluster, or null
 * @param rollbackOf  for a rollback, the revision applied again
 * @param run         the run's id ({@code labctl logs pulumi/ID})
 * @param state       the run's state: running, succeeded, failed, cancelled
 * @param user        who
 * @param createdAt   when
 */
public record AppRevision(String release, int revision, String kind, String app, String version,
                          Map<String, Object> values, String cluster, Integer rollbackOf, String run, String state,
                          String user, String createdAt) {
}
