package org.labctl.api;

/**
 * State of one labd bundle.
 *
 * @param name    the bundle symbolic name
 * @param version the bundle version
 * @param state   the OSGi state: Active, Resolved, Installed, Starting or Stopping
 */
public record BundleHealth(String name, String version, String state) {
}
