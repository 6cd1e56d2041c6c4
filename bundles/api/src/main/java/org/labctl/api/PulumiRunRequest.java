package org.labctl.api;

import java.util.Map;

/**
 * Starts a run of a Pulumi program on a stack ({@code labctl plan|apply|destroy -f PROGRAM}): the program is named by
 * the SHA-256 of its jar, which labd has (uploaded before, or now). Config values are plain; secrets are encrypted by
 * the engine with the stack's passphrase before they are stored, and never shown again.
 *
 * @param program  the SHA-256 of the program's jar, 64 hexadecimal digits
 * @param project  the Pulumi project's name (its Pulumi.yaml {@code name})
 * @param version  the program's version, as its author gave it (shown in the run's history), or null
 * @param cluster  a cluster labd keeps whose API the program reaches (its kubeconfig), or null
 * @param config   config values for this run, by key ({@code greeting} or {@code project:greeting})
 * @param secrets  secret config values for this run, by key
 */
public record PulumiRunRequest(String program, String project, String version, String cluster,
                               Map<String, String> config, Map<String, String> secrets) {
}
