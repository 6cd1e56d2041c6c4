package org.labctl.api;

import java.util.Map;

/**
 * A module on one server, as the server's agent last reported it ({@code labctl modules status}).
 *
 * @param server     the server's name
 * @param module     the module's name
 * @param version    the version the agent has, or null when it has reported nothing yet
 * @param desired    the version labd wants there (null: the module no longer targets the server, and the agent
 *                   is removing it)
 * @param state      installing, configuring, ready, failed or removing; {@code pending} when the agent has not
 *                   reported the module yet
 * @param health     the module's last health ({@code {"status","message","checks"}}), or null
 * @param error      why it failed, or null
 * @param since      since when it is in this state, ISO-8601, or null
 * @param reportedAt when labd last recorded a change the agent reported (state, version, health, error), ISO-8601,
 *                   or null
 */
public record ModuleServerState(String server, String module, String version, String desired, String state,
                                Map<String, Object> health, String error, String since, String reportedAt) {
}
