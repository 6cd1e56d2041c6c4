package org.labctl.api;

/**
 * Publishes the app a jar carries ({@code labctl apps publish JAR}): labd has the jar (uploaded before, or now).
 *
 * @param program the SHA-256 of the jar, 64 hexadecimal digits
 */
public record PublishAppRequest(String program) {
}
