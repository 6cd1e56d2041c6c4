package org.labctl.api;

import java.util.Map;

/**
 * A run of a Pulumi program on a stack, as labd records it.
 *
 * @param id             the run's id ({@code labctl logs pulumi/ID})
 * @param stack          the stack's name; with cloud and environment its address {@code CLOUD:ENV:STACK}
 * @param kind           plan, apply or destroy
 * @param state          running, succeeded, failed or cancelled
 * @param user           who started it
 * @param project        the Pulumi project
 * @param version        the program's version as its author gave it, or null
 * @param program        the SHA-256 of the program's jar
 * @param cluster        the cluster the program reached, or null
 * @param changes        the engine's summary: resources by operation (create, update, delete, same…)
 * @param outputs        the stack's outputs after the run, secrets shown as {@code [secret]}
 * @param error          why it failed or was cancelled, or null
 */
public record PulumiRun(String id, String stack, String cloud, String environment, String kind, String state,
                        String user, String project, String version, String program, String cluster,
                        String startedAt, String endedAt, Map<String, Integer> changes, Map<String, Object> outputs,
                        String error) {

    /** Whether the run has ended. */
    public boolean ended() {
        return !"running".equals(state);
    }
}
