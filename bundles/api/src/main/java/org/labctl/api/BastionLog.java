package org.labctl.api;

import java.util.List;

/**
 * Answer of {@code GET /api/v1/bastions/ENV/log}: lines of the bastion's log, and where to go on
 * reading from ({@code ?after=next}) to follow it.
 *
 * @param lines the lines, oldest first: {@code TIME MAC EVENT}
 * @param next  the offset the next poll passes as {@code after}
 */
public record BastionLog(List<String> lines, long next) {
}
