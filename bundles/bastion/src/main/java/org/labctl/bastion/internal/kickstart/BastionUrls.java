package org.labctl.bastion.internal.kickstart;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The bastion's HTTP paths that an installing machine uses, written into its kickstart here and
 * served by the bastion's HTTP endpoint. {@code BASE} is the bastion's URL as configured
 * ({@link KickstartRequest#bastion()}, with or without a path prefix); {@code MAC} is the machine's
 * MAC address in lower case with colons, {@code 52:54:00:12:34:56} (a colon is allowed in a URL
 * path as it is).
 *
 * <pre>
 * GET  BASE/boot/MAC.ipxe                           the machine's iPXE script (what its next boot does)
 * GET  BASE/boot/FILE                               a kernel, an initrd or an iPXE binary of the boot directory
 * GET  BASE/ks/MAC.cfg                              the machine's kickstart
 * GET  BASE/artifacts/lab-agent.tar.gz              the lab-agent assembly (agent/assembly)
 * POST BASE/callback/MAC?status=installed           %post finished: lab-agent is enrolled and enabled
 * POST BASE/callback/MAC?status=failed&amp;reason=R     the installation stopped; R says where
 * </pre>
 *
 * <p>A callback has an empty body and carries nothing secret; the endpoint answers 204, and the
 * installer ignores any answer (or none: it tries three times, ten seconds each, then goes on to
 * stop or finish). A reason matches {@link #REASON} and is one of:
 * <ul>
 * <li>{@code missing-vg}: reprovisioning found no volume group {@value Layout#VOLUME_GROUP};</li>
 * <li>{@code missing-lv-NAME}: reprovisioning found no preserved logical volume NAME
 * ({@code home}, {@code srv}, {@code longhorn}, {@code rancher});</li>
 * <li>{@code agent-download}, {@code agent-unpack}, {@code agent-unit}: lab-agent could not be
 * downloaded from the bastion, unpacked, or its systemd unit installed;</li>
 * <li>{@code agent-enroll}: {@code lab-agent enroll} failed (its message is in the installer's
 * {@code %post} log); the join token may be spent or expired;</li>
 * <li>{@code agent-enable}: {@code systemctl enable lab-agent} failed.</li>
 * </ul>
 */
public final class BastionUrls {

    public static final String BOOT_PATH = "/boot/";
    public static final String KICKSTART_PATH = "/ks/";
    public static final String ARTIFACTS_PATH = "/artifacts/";
    public static final String CALLBACK_PATH = "/callback/";
    /** The lab-agent assembly's name under {@link #ARTIFACTS_PATH}. */
    public static final String AGENT_ARTIFACT = "lab-agent.tar.gz";
    public static final String STATUS_INSTALLED = "installed";
    public static final String STATUS_FAILED = "failed";
    /** What a callback's {@code reason} may be: it is written into the kickstart without quoting. */
    public static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,64}");

    private BastionUrls() {
    }

    /** {@code BASE/ks/MAC.cfg}. */
    public static String kickstart(URI bastion, String mac) {
        return base(bastion) + KICKSTART_PATH + mac + ".cfg";
    }

    /** {@code BASE/boot/MAC.ipxe}. */
    public static String ipxeScript(URI bastion, String mac) {
        return base(bastion) + BOOT_PATH + mac + ".ipxe";
    }

    /** {@code BASE/boot/NAME}: a file of the boot directory. */
    public static String bootFile(URI bastion, String name) {
        return base(bastion) + BOOT_PATH + name;
    }

    /** {@code BASE/artifacts/NAME}. */
    public static String artifact(URI bastion, String name) {
        return base(bastion) + ARTIFACTS_PATH + name;
    }

    /** {@code BASE/callback/MAC}, to which the installer appends {@code ?status=…}. */
    public static String callback(URI bastion, String mac) {
        return base(bastion) + CALLBACK_PATH + mac;
    }

    /** The bastion's URL without its trailing slashes, so that paths join with exactly one. */
    private static String base(URI bastion) {
        String base = bastion.toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end);
    }
}
