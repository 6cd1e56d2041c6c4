package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PATCH /api/v1/servers/{name}/labels}: labels to set and keys to remove
 * ({@code labctl label server/x k=v k2-}).
 *
 * @param set    labels to add or overwrite
 * @param remove label keys to remove
 */
public record LabelChange(Map<String, String> set, List<String> remove) {

    public LabelChange {
        Limits.labels("set", set);
        Limits.texts("remove", remove, Limits.MAX_LABELS, Limits.MAX_NAME_LENGTH);
    }
}
