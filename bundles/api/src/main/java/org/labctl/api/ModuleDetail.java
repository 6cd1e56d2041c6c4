package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * A module with everything labd keeps of it ({@code labctl modules describe NAME}).
 *
 * @param module       the module as listed
 * @param dependencies the modules it needs, each with its version range
 * @param permissions  the permissions a caller needs, besides apply on each targeted server, to add it
 * @param parameters   its parameters' values (given at add time, else the defaults)
 * @param files        its files, each pinned by SHA-256
 * @param previous     the version a rollback returns to, as it was added (its files and parameters), or null
 * @param servers      each targeted server the caller may read, with what its agent last reported
 * @param artifactSha256 the SHA-256 of the artifact labd fetched the module as (a {@code mvn:} source), or null
 */
public record ModuleDetail(ModuleInfo module, Map<String, String> dependencies, List<String> permissions,
                           Map<String, Object> parameters, List<ModuleFile> files, ModuleInfo previous,
                           List<ModuleServerState> servers, String artifactSha256) {
}
