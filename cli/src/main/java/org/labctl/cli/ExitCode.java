package org.labctl.cli;

/** The exit codes of labctl (DESIGN.md §3); scripts rely on them, so they never change meaning. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int PERMISSION_DENIED = 3;
    public static final int NOT_FOUND = 4;
    public static final int UNREACHABLE = 5;
    /** The value timeout(1) uses, so scripts need to know only one. */
    public static final int TIMEOUT = 124;

    private ExitCode() {
    }
}
