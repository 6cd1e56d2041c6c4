package org.labctl.api;

import java.util.regex.Pattern;

/**
 * A call to a standalone bastion registered with labd, carried to its host's lab-agent in an exec
 * start frame as the payload of a session of kind {@value #KIND}: what
 * {@code labctl provision --env ENV} and {@code labctl logs bastion/ENV} send when the bastion of ENV
 * is not inside labd. The agent answers with the result as JSON on stdout and exit 0, or an error.
 *
 * @param op        info, machines, provision, forget or log
 * @param mac       the machine (provision, forget; log: only its lines, or null)
 * @param provision what to install (provision)
 * @param lines     log: the last N lines, null for all
 * @param after     log: the lines after this offset (following)
 * @param by        who asked, set by labd from the caller's certificate (for the bastion's log)
 */
public record BastionCall(String op, String mac, ProvisionRequest provision, Integer lines, Long after, String by) {

    /** The session kind whose payload this is. */
    public static final String KIND = "bastion";
    public static final String INFO = "info";
    public static final String MACHINES = "machines";
    public static final String PROVISION = "provision";
    public static final String FORGET = "forget";
    public static final String LOG = "log";
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");

    /** This call, checked; labd and the agent both refuse a malformed one with the message. */
    public BastionCall check() {
        if (op == null || !java.util.List.of(INFO, MACHINES, PROVISION, FORGET, LOG).contains(op)) {
            throw new IllegalArgumentException("a bastion call is info, machines, provision, forget or log, not " + op);
        }
        if ((op.equals(PROVISION) || op.equals(FORGET)) && (mac == null || !MAC.matcher(mac).matches())) {
            throw new IllegalArgumentException(op + " needs a MAC address such as 52:54:00:12:34:56");
        }
        if (op.equals(PROVISION) && provision == null) {
            throw new IllegalArgumentException("provision needs the hostname, role and mode");
        }
        if (lines != null && lines < 0 || after != null && after < 0) {
            throw new IllegalArgumentException("lines and after are 0 or more");
        }
        return this;
    }

    /** What RBAC asks of the caller on the bastion's environment: manage to change, read to look. */
    public String action() {
        return op.equals(PROVISION) || op.equals(FORGET) ? "manage" : "read";
    }

    /** The call as the audit log shows it, such as {@code provision install 52:54:00:12:34:56 web-1 worker}. */
    public String describe() {
        return switch (op) {
            case PROVISION -> "provision " + provision.mode() + " " + mac + " " + provision.hostname() + " " + provision.role();
            case FORGET -> "provision forget " + mac;
            case MACHINES -> "provision list";
            case LOG -> "logs bastion" + (mac == null ? "" : " --mac " + mac);
            default -> "bastion info";
        };
    }

    /** The same call, asked by {@code who}. */
    public BastionCall by(String who) {
        return new BastionCall(op, mac, provision, lines, after, who);
    }
}
