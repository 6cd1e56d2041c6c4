package org.labctl.api;

/**
 * Answer of {@code GET /api/v1/version}.
 *
 * @param version the labd version
 * @param java    the Java runtime version labd runs on
 * @param karaf   the Apache Karaf version of the distribution
 */
public record VersionInfo(String version, String java, String karaf) {
}
