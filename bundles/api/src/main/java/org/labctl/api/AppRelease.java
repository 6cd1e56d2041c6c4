package org.labctl.api;

import java.util.Map;

/**
 * An app installed in an environment ({@code labctl apps status NAME}): its newest revision, what it is now (the
 * stack's outputs, secrets as {@code [secret]}) and its latest run.
 *
 * @param name        the release's name (its stack's)
 * @param cloud       the environment's cloud
 * @param environment the environment
 * @param status      deployed, failed, pending (a run holds it), uninstalled
 * @param current     the newest revision
 * @param outputs     the stack's outputs
 * @param lastRun     the stack's latest run (a plan included)
 */
public record AppRelease(String name, String cloud, String environment, String status, AppRevision current,
                         Map<String, Object> outputs, PulumiRun lastRun) {
}
