package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/modules} as JSON: a module labd fetches itself, from a source it resolves
 * ({@code mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]]} from its module repositories).
 *
 * @param source the module's source
 * @param values parameter values by name, or null
 * @param set    {@code NAME=VALUE} assignments over them, or null
 */
public record AddModuleRequest(String source, Map<String, Object> values, List<String> set) {
}
