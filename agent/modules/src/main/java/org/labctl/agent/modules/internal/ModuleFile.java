package org.labctl.agent.modules.internal;

/**
 * One agent bundle of a module, as labd pins it.
 *
 * @param file   its file name ({@code chrony-agent-1.0.0.jar}), under which the agent keeps it
 * @param sha256 its SHA-256, lowercase hex
 * @param size   its length in bytes
 * @param url    the path on labd that answers its bytes ({@code /api/v1/agent/modules/NAME/VERSION/files/FILE})
 */
record ModuleFile(String file, String sha256, long size, String url) {
}
