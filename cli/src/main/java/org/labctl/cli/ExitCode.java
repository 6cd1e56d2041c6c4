package org.labctl.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.labctl.api.Failure;

/**
 * The exit codes of labctl (DESIGN.md §3); scripts rely on them, so they never change meaning. The
 * README's table of exit codes and labctl's help are held to {@link #meanings()} and {@link #of(Failure)}
 * by {@code ExitCodeTest}.
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int PERMISSION_DENIED = 3;
    public static final int NOT_FOUND = 4;
    public static final int UNREACHABLE = 5;
    /** The value timeout(1) uses, so scripts need to know only one. */
    public static final int TIMEOUT = 124;
    /** {@code exec} given up by a second Ctrl-C: 128 + SIGINT, as a shell reports a command ended by Ctrl-C. */
    public static final int INTERRUPTED = 130;
    /** {@code exec} could not write its output, whose reader went away: 128 + SIGPIPE, as {@code yes | head -1} ends {@code yes}. */
    public static final int BROKEN_PIPE = 141;
    /** {@code exec} lost its connection before the remote command ended, whose exit code is unknown: what ssh exits with. */
    public static final int CONNECTION_LOST = 255;

    private ExitCode() {
    }

    /** Every exit code labctl chooses itself (not a remote command's), in order, with what it means. */
    public static Map<Integer, String> meanings() {
        Map<Integer, String> meanings = new LinkedHashMap<>();
        meanings.put(OK, "success");
        meanings.put(ERROR, "error");
        meanings.put(USAGE, "usage error");
        meanings.put(PERMISSION_DENIED, "permission denied");
        meanings.put(NOT_FOUND, "not found");
        meanings.put(UNREACHABLE, "cannot reach labd");
        meanings.put(TIMEOUT, "timeout");
        meanings.put(INTERRUPTED, "interrupted by a second Ctrl-C");
        meanings.put(BROKEN_PIPE, "output closed by its reader");
        meanings.put(CONNECTION_LOST, "connection lost before the remote command ended");
        return meanings;
    }

    /**
     * The exit code of a failure labd reported, by REST answer or stream error frame alike: the one
     * table from labd's failure vocabulary ({@link Failure}) to labctl's exit codes.
     */
    public static int of(Failure failure) {
        return switch (failure) {
            case INVALID_ARGUMENT -> USAGE;
            case UNAUTHENTICATED, PERMISSION_DENIED -> PERMISSION_DENIED;
            case NOT_FOUND -> NOT_FOUND;
            case UNAVAILABLE -> UNREACHABLE;
            case TIMEOUT -> TIMEOUT;
            case CONFLICT, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, INTERNAL -> ERROR;
        };
    }
}
