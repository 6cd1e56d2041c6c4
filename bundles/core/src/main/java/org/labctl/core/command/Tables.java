package org.labctl.core.command;

import org.apache.karaf.shell.support.table.ShellTable;

/** How {@code lab:*} commands print: tables with labctl's column names,. */
final class Tables {

    private Tables() {
    }

    /** A table with these columns (labctl's names, upper case as labctl prints them). */
    static ShellTable of(String... columns) {
        ShellTable table = new ShellTable();
        for (String column : columns) {
            table.column(column);
        }
        return table;
    }

    /** {@code value}, or {@code otherwise} when it is null or blank. */
    static Object or(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value;
    }
}
