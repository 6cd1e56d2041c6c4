package org.labctl.modules.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.Health;
import org.labctl.modules.ModuleDescriptor;

/**
 * What an agent reports of its modules under the topic {@code modules}, with every heartbeat: a list of
 * {@code {"name","version","state","health","error","since"}}, one per module the agent has or is removing. Each
 * entry is checked on its own (a known shape, bounded sizes); a malformed entry is refused and named in
 * {@link #refused}, while the others are kept. A report that is not a list, or is too long, is refused whole.
 *
 * @param entries the entries that are well formed, each module once
 * @param refused why each other entry was refused, for labd's log
 */
public record StatusReport(List<Entry> entries, List<String> refused) {

    /** The most modules one report holds. */
    public static final int MAX_ENTRIES = 256;
    /** The most characters of an error (longer ones are cut). */
    public static final int MAX_ERROR = 2048;
    /** The states a module can be in on a server. */
    public static final Set<String> STATES = Set.of("installing", "configuring", "ready", "failed", "removing");

    private static final Set<String> FIELDS = Set.of("name", "version", "state", "health", "error", "since");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * One module on the server.
     *
     * @param health its health as JSON ({@link Health}), or null
     * @param since  since when it is in this state, or null
     */
    public record Entry(String name, String version, String state, String health, String error, OffsetDateTime since) {
    }

    /**
     * The report's entries.
     *
     * @throws InvalidArgument when it is not a list, or holds more than {@value #MAX_ENTRIES} entries
     */
    public static StatusReport read(Object report) {
        if (!(report instanceof List<?> list)) {
            throw new InvalidArgument("a modules report is a list of {name, version, state, health, error, since}, not "
                    + (report == null ? "null" : report.getClass().getSimpleName()));
        }
        if (list.size() > MAX_ENTRIES) {
            throw new InvalidArgument("a modules report holds " + list.size() + " modules; at most " + MAX_ENTRIES);
        }
        List<Entry> entries = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                Entry entry = entry(list.get(i));
                if (!names.add(entry.name())) {
                    throw new InvalidArgument("module " + entry.name() + " is reported twice");
                }
                entries.add(entry);
            } catch (InvalidArgument e) {
                refused.add("[" + i + "]: " + e.getMessage());
            }
        }
        return new StatusReport(entries, refused);
    }

    /** The names of the modules reported, the refused entries' included when they name one: their rows are kept. */
    public static Set<String> named(Object report) {
        Set<String> named = new HashSet<>();
        if (report instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map && map.get("name") instanceof String name) {
                    named.add(name);
                }
            }
        }
        return named;
    }

    private static Entry entry(Object item) {
        if (!(item instanceof Map<?, ?> map)) {
            throw new InvalidArgument("an entry is an object {name, version, state, health, error, since}");
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new InvalidArgument("unknown field " + Text.quote(String.valueOf(key)) + "; an entry has "
                        + "name, version, state, health, error, since");
            }
        }
        String name = text(map, "name", true, 63);
        if (!ModuleDescriptor.NAME.matcher(name).matches()) {
            throw new InvalidArgument("name " + Text.quote(name) + " is not a module's name");
        }
        String version = text(map, "version", true, 64);
        ModuleDescriptor.parseVersion(version);
        String state = text(map, "state", true, 16);
        if (!STATES.contains(state)) {
            throw new InvalidArgument(name + ": state " + Text.quote(state) + " is not one of " + String.join(", ", new java.util.TreeSet<>(STATES)));
        }
        String health = null;
        Object healthValue = map.get("health");
        if (healthValue != null) {
            try {
                // through the record, which checks it and cuts long messages
                health = JSON.writeValueAsString(JSON.convertValue(healthValue, Health.class));
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidArgument(name + ": health is not {status: HEALTHY|DEGRADED|FAILED, message, checks}: "
                        + firstLine(e.getMessage()));
            }
        }
        String error = text(map, "error", false, Integer.MAX_VALUE);
        if (error != null) {
            error = oneLine(error);
        }
        String since = text(map, "since", false, 64);
        OffsetDateTime when = null;
        if (since != null) {
            try {
                when = Instant.parse(since).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new InvalidArgument(name + ": since " + Text.quote(since) + " is not an ISO-8601 instant");
            }
        }
        return new Entry(name, version, state, health, error, when);
    }

    private static String text(Map<?, ?> map, String field, boolean required, int max) {
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                throw new InvalidArgument(field + " is missing");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidArgument(field + " is not a string");
        }
        if (text.length() > max) {
            throw new InvalidArgument(field + " is longer than " + max + " characters");
        }
        return text;
    }

    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length() && line.length() < MAX_ERROR; i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        String shown = line.toString().strip();
        return text.length() > MAX_ERROR ? shown.substring(0, Math.min(shown.length(), MAX_ERROR - 3)) + "..." : shown;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
