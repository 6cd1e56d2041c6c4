package org.labctl.api;

/**
 * A server a fan-out exec ({@code labctl exec -l k=v}) would run on, as labd sees it when asked.
 *
 * @param name        the server's name
 * @param cloud       its cloud
 * @param environment its environment, or null
 * @param connected   whether its agent is connected to some labd instance now
 * @param allowed     whether the caller holds {@code exec} on it
 * @param reason      when not allowed, which permission is missing or which deny rule matched
 */
public record ExecTarget(String name, String cloud, String environment, boolean connected, boolean allowed, String reason) {
}
