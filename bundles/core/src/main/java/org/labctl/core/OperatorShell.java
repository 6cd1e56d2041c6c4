package org.labctl.core;

import java.util.function.Function;
import org.labctl.api.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * labd's Karaf shell for operators: every {@code lab:*} command runs through here. The Karaf
 * session's user (its JAAS subject, e.g. the name its SSH key is registered under) acts as the
 * labd user of that name; the {@link Gate} decides the command as it decides a REST call, and
 * each command leaves one audit row, allowed or denied, with that user, method {@value #METHOD}
 * and the command line as its path. A change's row is written in the change's own transaction.
 */
@ProviderType
public interface OperatorShell {

    /** The audit log's method of the rows shell commands write. */
    String METHOD = "SHELL";

    /**
     * The labd user the current shell session acts as.
     *
     * @throws org.labctl.api.Unauthenticated when the session has no user
     */
    Caller caller();

    /**
     * What the shell user may do now, for completing names (not audited: it shows only names the
     * user may read).
     *
     * @throws org.labctl.api.Unavailable while no authorizer runs
     */
    Access access();

    /**
     * Runs a command on one resource: the gate decides {@code request} for the shell user; a
     * refusal is audited as denied and thrown with the words labctl shows (the permission named).
     *
     * @param command the command line as the audit log shows it ({@code lab:user-delete dave}); no secrets
     * @param work    the command's work, given the shell user's access (its {@link Access#caller()} is the user)
     * @return what {@code work} returned
     */
    <T> T run(String command, Gate.Request request, Function<Access, T> work);

    /**
     * Names for a completer to offer: {@code names} given what the shell user may do now, so that it
     * offers only what the user may read; none without a user, an authorizer or the database
     * (completing never fails).
     */
    default java.util.List<String> completions(Function<Access, ? extends java.util.Collection<String>> names) {
        try {
            return java.util.List.copyOf(names.apply(access()));
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    /**
     * Runs a listing: allowed to every user, as a REST listing is; {@code work} shows only what the
     * given access allows. Audited as {@code action} on {@code *:*:<what>}.
     */
    <T> T list(String command, String action, String what, Function<Access, T> work);

    /**
     * A command line for the audit log: the words given (a collection's one by one), null ones left
     * out, a word with blanks or quotes quoted. Never pass a secret.
     */
    static String line(String command, Object... words) {
        StringBuilder line = new StringBuilder(command);
        for (Object word : words) {
            if (word instanceof java.util.Collection<?> several) {
                line.append(line("", several.toArray()));
                continue;
            }
            if (word == null) {
                continue;
            }
            String text = word.toString();
            line.append(' ').append(text.isEmpty() || text.matches(".*[\\s'\"].*") ? "'" + text.replace("'", "'\\''") + "'" : text);
        }
        return line.toString();
    }

    /** One resource's fields as labctl's describe prints them ({@code Name:  value}, {@code <none>} for null), one per line. */
    static String fields(java.util.Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        fields.forEach((name, value) -> text.append(String.format("%-" + width + "s %s%n", name + ":",
                value == null || value.toString().isBlank() ? "<none>" : value)));
        return text.toString();
    }
}
