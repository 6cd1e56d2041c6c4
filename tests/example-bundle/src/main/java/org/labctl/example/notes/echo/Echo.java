package org.labctl.example.notes.echo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payload of a {@code notes.echo} session: a text for a server's agent to echo with what it
 * computes of it, and who asked. A client starts the session with {@code {"text": …}}; labd's kind
 * checks it and sets {@code by} from the caller's certificate; the example's agent bundle answers it.
 */
public record Echo(String text, String by) {

    /** The session kind, as start frames name it. */
    public static final String KIND = "notes.echo";
    public static final int MAX_TEXT = 4096;

    /** A start frame's payload, checked; a payload that is not one is an IllegalArgumentException. */
    public static Echo of(Map<String, Object> payload) {
        Object text = payload.get("text");
        Object by = payload.get("by");
        if (!(text instanceof String t) || t.isBlank() || t.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a notes.echo session needs a text of 1 to " + MAX_TEXT + " characters: {\"text\": \"…\"}");
        }
        return new Echo(t, by instanceof String b ? b : null);
    }

    /** This echo, asked by {@code caller}. */
    public Echo by(String caller) {
        return new Echo(text, caller);
    }

    /** As a start frame carries it. */
    public Map<String, Object> payload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text);
        if (by != null) {
            payload.put("by", by);
        }
        return payload;
    }
}
