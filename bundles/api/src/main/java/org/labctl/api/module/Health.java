package org.labctl.api.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.labctl.api.InvalidArgument;

/**
 * How a module is doing on one server: what {@link Module#health} returns, the agent reports in its
 * heartbeat, and {@code labctl describe server} and {@code labctl modules status} show. A plain record
 * that reads and writes as JSON as it is ({@code {"status":"HEALTHY","message":"...","checks":[...]}}).
 *
 * <p>Messages are one line each: line breaks and other control characters become spaces, and a message
 * longer than {@value #MAX_MESSAGE} characters is cut, so that a careless module cannot flood a
 * heartbeat or a table. Build one with {@link #healthy}, {@link #degraded}, {@link #failed} or, from
 * named checks, {@link #of(List)}.
 *
 * @param status  the module's state as a whole: at least as bad as its worst check
 * @param message one line for a table cell ({@code "chronyd synchronised, offset 2 ms"}), may be empty
 * @param checks  what the module looked at, each with its own status and message (possibly empty);
 *                each name at most once, at most {@value #MAX_CHECKS}
 */
public record Health(Status status, String message, List<Check> checks) {

    /** The most characters of a message (longer ones are cut). */
    public static final int MAX_MESSAGE = 512;
    /** The most checks of one health. */
    public static final int MAX_CHECKS = 64;
    /** The most characters of a check's name. */
    public static final int MAX_CHECK_NAME = 64;

    /** From good to bad; {@link #worse} picks the worse of two. */
    public enum Status {
        /** Doing what it should. */
        HEALTHY,
        /** Working, but not fully (a replica missing, a certificate close to expiry). */
        DEGRADED,
        /** Not doing what it should. */
        FAILED;

        /** The worse of this and {@code other}. */
        public Status worse(Status other) {
            return other != null && other.ordinal() > ordinal() ? other : this;
        }
    }

    /**
     * One thing a module looked at.
     *
     * @param name    what was looked at, such as {@code service chronyd} or {@code disk /var}: one line,
     *                1 to {@value Health#MAX_CHECK_NAME} characters
     * @param status  its status
     * @param message what was found, one line (may be empty)
     */
    public record Check(String name, Status status, String message) {

        public Check {
            name = oneLine(name, Integer.MAX_VALUE);
            if (name.isEmpty()) {
                throw new InvalidArgument("a health check has no name: name what was checked, such as 'service chronyd'");
            }
            if (name.length() > MAX_CHECK_NAME) {
                throw new InvalidArgument("health check name '" + name.substring(0, MAX_CHECK_NAME) + "...' is longer than "
                        + MAX_CHECK_NAME + " characters");
            }
            if (status == null) {
                throw new InvalidArgument("health check '" + name + "' has no status: HEALTHY, DEGRADED or FAILED");
            }
            message = oneLine(message, MAX_MESSAGE);
        }

        /** A check that passed. */
        public static Check healthy(String name, String message) {
            return new Check(name, Status.HEALTHY, message);
        }

        /** A check that found the module working, but not fully. */
        public static Check degraded(String name, String message) {
            return new Check(name, Status.DEGRADED, message);
        }

        /** A check that failed; the message says what was found. */
        public static Check failed(String name, String message) {
            return new Check(name, Status.FAILED, message);
        }
    }

    public Health {
        if (status == null) {
            throw new InvalidArgument("a module's health has no status: HEALTHY, DEGRADED or FAILED");
        }
        message = oneLine(message, MAX_MESSAGE);
        checks = checks == null ? List.of() : List.copyOf(present(checks));
        if (checks.size() > MAX_CHECKS) {
            throw new InvalidArgument("a module's health has " + checks.size() + " checks; at most " + MAX_CHECKS);
        }
        Set<String> names = new HashSet<>();
        for (Check check : checks) {
            if (!names.add(check.name())) {
                throw new InvalidArgument("a module's health names check '" + check.name() + "' twice");
            }
            status = status.worse(check.status());
        }
    }

    /** A healthy module, without checks. */
    public static Health healthy(String message) {
        return new Health(Status.HEALTHY, message, List.of());
    }

    /** A module that works, but not fully, without checks. */
    public static Health degraded(String message) {
        return new Health(Status.DEGRADED, message, List.of());
    }

    /** A failed module, without checks; the message says why. */
    public static Health failed(String message) {
        return new Health(Status.FAILED, message, List.of());
    }

    /**
     * The health that {@code checks} add up to: the worst of their statuses (healthy when there are none),
     * and a message that names the checks that are not healthy with their messages
     * ({@code "disk /var: 97% full; service chronyd: inactive"}), or says that all passed.
     */
    public static Health of(List<Check> checks) {
        List<Check> all = checks == null ? List.of() : present(checks);
        Status status = Status.HEALTHY;
        List<String> problems = new ArrayList<>();
        for (Check check : all) {
            status = status.worse(check.status());
            if (check.status() != Status.HEALTHY) {
                problems.add(check.message().isEmpty() ? check.name() + ": " + check.status().name().toLowerCase()
                        : check.name() + ": " + check.message());
            }
        }
        String message = problems.isEmpty()
                ? (all.isEmpty() ? "" : all.size() == 1 ? "1 check passed" : "all " + all.size() + " checks passed")
                : String.join("; ", problems);
        return new Health(status, message, all);
    }

    /** {@link #of(List)} of the checks given. */
    public static Health of(Check... checks) {
        return of(List.of(checks));
    }

    /** The worst of the statuses (healthy for none). */
    public static Status worst(Collection<Status> statuses) {
        Status worst = Status.HEALTHY;
        for (Status status : statuses) {
            worst = worst.worse(status);
        }
        return worst;
    }

    /** The checks, unless one is null (a module's mistake, said in words rather than as a NullPointerException). */
    private static List<Check> present(List<Check> checks) {
        for (Check check : checks) {
            if (check == null) {
                throw new InvalidArgument("a module's health holds an empty (null) check");
            }
        }
        return checks;
    }

    /**
     * The text on one line: control characters (line breaks among them) as spaces, trimmed; longer than
     * {@code max} characters, cut to fit with "..." at the end.
     */
    private static String oneLine(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        String trimmed = line.toString().strip();
        if (trimmed.length() <= max) {
            return trimmed;
        }
        int end = max - 3;
        if (Character.isHighSurrogate(trimmed.charAt(end - 1))) {
            end--;
        }
        return trimmed.substring(0, end) + "...";
    }
}
