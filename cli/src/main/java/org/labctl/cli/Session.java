package org.labctl.cli;

import java.util.Map;
import java.util.UUID;

/**
 * One labctl invocation as labd's audit log knows it: every request carries the session id in
 * {@value #HEADER}, so {@code labctl logs audit/<id>} shows what the invocation did. The id is
 * random, or {@code $LABCTL_SESSION} when set, so that a script can group several invocations.
 */
public final class Session {

    /** The request header labd records in each audit row. */
    public static final String HEADER = org.labctl.api.SessionId.HEADER;
    public static final String ENV = "LABCTL_SESSION";
    /** Enough of a bad value to recognise it, never a whole pasted file. */
    private static final int MAX_SHOWN = 70;

    private final String fromEnvironment;
    private String id;

    public Session(Map<String, String> env) {
        String value = env.get(ENV);
        this.fromEnvironment = value == null || value.isEmpty() ? null : value;
    }

    /**
     * The session id, made on first use: commands that never contact labd do not pay for a
     * random number.
     *
     * @throws LabctlException (exit code 2, a usage error) when {@code $LABCTL_SESSION} is not a session id
     */
    public String id() {
        if (id == null) {
            if (fromEnvironment != null && !valid(fromEnvironment)) {
                throw new LabctlException(ExitCode.USAGE, ENV + " must be 1 to 64 letters, digits, '.', '_' or '-', such as "
                        + "deploy-42, not " + shown(fromEnvironment) + ": fix it, or unset it for a random session id");
            }
            id = fromEnvironment != null ? fromEnvironment : UUID.randomUUID().toString().replace("-", "");
        }
        return id;
    }

    /** Whether {@code id} is a session id labd records: 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
    public static boolean valid(String id) {
        return org.labctl.api.SessionId.valid(id);
    }

    /** The value quoted for an error message, shortened, with control characters escaped. */
    private static String shown(String value) {
        return "'" + Printer.printable(value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value) + "'";
    }
}
