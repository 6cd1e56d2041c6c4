package org.labctl.bastion.internal.kickstart;

import java.net.URI;
import java.util.List;

/**
 * What the bastion knows about one machine to provision, checked so that every value can go into
 * a kickstart as it is (the checks are {@link Inputs}'s). A value that would not be safe there, or
 * that the installer would not accept, makes the constructor throw an
 * {@link IllegalArgumentException} that names the field and says what it accepts.
 *
 * @param mac      the MAC address the machine boots from, {@code 52:54:00:12:34:56} (upper case is
 *                 accepted and kept in lower case); it names the machine to the bastion and the
 *                 interface the installed system configures
 * @param hostname the host name to install and to enroll under: RFC 1123 labels, kept in lower case
 * @param role     which layout the disk gets
 * @param mode     install afresh, or reprovision over the preserved volumes
 * @param bastion  the bastion's HTTP URL as the machine reaches it: http or https, a host, a port
 *                 and a path prefix at most ({@link BastionUrls})
 * @param labd     labd's URL for {@code lab-agent enroll}: https (the agent checks labd's CA
 *                 against the token's pin in the TLS handshake)
 * @param token    the one-time, MAC-bound, expiring join token {@code lab-agent enroll} uses; it
 *                 appears once in the kickstart and never in {@link #toString()} nor in a message
 * @param disk     the disk to install on, a kernel name without {@code /dev/}; null means
 *                 {@value #DEFAULT_DISK}
 * @param timezone the system's time zone (tz database name; the hardware clock is UTC); null means
 *                 {@value #DEFAULT_TIMEZONE}
 * @param sshKeys  OpenSSH public keys of {@value Kickstart#ADMIN_USER}, the one user that can log in;
 *                 null or empty makes no such user, and the machine is reached through lab-agent only
 */
public record KickstartRequest(String mac, String hostname, Role role, Mode mode, URI bastion, URI labd, String token,
        String disk, String timezone, List<String> sshKeys) {

    public static final String DEFAULT_DISK = "sda";
    public static final String DEFAULT_TIMEZONE = "UTC";

    public KickstartRequest {
        mac = Inputs.mac(mac);
        hostname = Inputs.hostname(hostname);
        if (role == null) {
            throw new IllegalArgumentException("role must be WORKER or INFRA, and is missing");
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode must be INSTALL or REPROVISION, and is missing");
        }
        bastion = Inputs.url("bastion", bastion, false);
        labd = Inputs.url("labd", labd, true);
        token = Inputs.token(token);
        disk = Inputs.disk(disk == null ? DEFAULT_DISK : disk);
        timezone = Inputs.timezone(timezone == null ? DEFAULT_TIMEZONE : timezone);
        sshKeys = Inputs.sshKeys(sshKeys);
    }

    /**
     * The bastion's URL given as text (from configuration), checked as the {@code bastion}
     * component is, or an {@link IllegalArgumentException} that names the field and says what is
     * accepted, rather than {@link URI}'s own message about a character index.
     */
    public static URI bastionUrl(String text) {
        return Inputs.url("bastion", text, false);
    }

    /** labd's URL given as text, checked as the {@code labd} component is (https only). */
    public static URI labdUrl(String text) {
        return Inputs.url("labd", text, true);
    }

    /** The request without its token, for logs. */
    @Override
    public String toString() {
        return "KickstartRequest[mac=" + mac + ", hostname=" + hostname + ", role=" + role + ", mode=" + mode + ", bastion="
                + bastion + ", labd=" + labd + ", token=(hidden), disk=" + disk + ", timezone=" + timezone + ", sshKeys="
                + sshKeys.size() + "]";
    }
}
