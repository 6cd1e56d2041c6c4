package org.labctl.api;

/**
 * One file of a module, pinned by its SHA-256 when the module was added.
 *
 * @param file   its name in the module's directory ({@code module.yaml}, a bundle's jar, {@code features.xml})
 * @param sha256 its SHA-256, lower-case hex
 * @param size   its size in bytes
 */
public record ModuleFile(String file, String sha256, long size) {
}
