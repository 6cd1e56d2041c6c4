package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * A cloud with what is in it, as far as the caller may read it: {@code GET /api/v1/clouds/{name}}.
 *
 * @param cloud        the cloud as listed (its counts are those the caller may read)
 * @param createdBy    who created it, or null (baremetal, and clouds made before labd recorded it)
 * @param environments its environments the caller may read
 * @param servers      its servers the caller may read, counted by status (Ready, NotReady, Revoked)
 * @param unplaced     how many of them are in no environment
 */
public record CloudDetail(CloudInfo cloud, String createdBy, List<EnvironmentInfo> environments, Map<String, Integer> servers,
                         int unplaced) {
}
