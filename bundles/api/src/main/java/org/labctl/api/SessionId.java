package org.labctl.api;

import java.util.regex.Pattern;

/**
 * What a client's session id may be ({@code X-Labctl-Session}, one per labctl invocation, or {@code $LABCTL_SESSION}):
 * 1 to 64 letters, digits, '.', '_' or '-'. labctl refuses another value; labd records none in its audit log.
 */
public final class SessionId {

    /** The request header labctl sends it in and labd records. */
    public static final String HEADER = "X-Labctl-Session";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private SessionId() {
    }

    public static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** {@code id} when it is a session id, else null: what labd records of a header a client sent. */
    public static String orNull(String id) {
        return valid(id) ? id : null;
    }
}
