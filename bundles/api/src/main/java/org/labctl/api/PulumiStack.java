package org.labctl.api;

import java.util.Map;

/**
 * A stack labd keeps: one Pulumi project's state in one environment, with its config (secrets shown as
 * {@code [secret]}), its outputs and its latest run.
 */
public record PulumiStack(String name, String cloud, String environment, String project, String cluster,
                          Map<String, String> config, Map<String, Object> outputs, PulumiRun lastRun,
                          String createdAt) {
}
