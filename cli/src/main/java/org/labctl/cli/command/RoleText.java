package org.labctl.cli.command;

import java.util.List;

/** How roles, their rules and users read in tables and in {@code describe}. */
final class RoleText {

    private RoleText() {
    }

    /** {@code read:*:*:*,exec:baremetal:lab:*}, or {@code <none>}. */
    static String joined(List<String> items) {
        return items == null || items.isEmpty() ? UserText.NONE : String.join(",", items);
    }

    /** {@code yes} or {@code no}. */
    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static List<String> orEmpty(List<String> items) {
        return items == null ? List.of() : items;
    }
}
