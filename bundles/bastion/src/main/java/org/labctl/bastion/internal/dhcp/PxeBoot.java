package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;

/**
 * What a booting machine loads next: the firmware gets the iPXE binary for its architecture over
 * TFTP; iPXE, once it runs and asks again with user class {@code iPXE}, gets the HTTP URL of its
 * per-machine script, {@code http://BASTION:PORT/boot/MAC.ipxe}. This two-step chainload is what
 * lets every firmware end up in the same HTTP boot.
 *
 * <p>The iPXE binaries are Debian's {@code ipxe} package's names: {@value #BIOS_FILE} for BIOS,
 * {@value #UEFI_X64_FILE} for x86-64 UEFI; {@value #UEFI_ARM64_FILE} for arm64 UEFI must be put in
 * the boot directory (Debian ships it in another package, or build it from iPXE).
 */
public final class PxeBoot {

    public static final String BIOS_FILE = "undionly.kpxe";
    public static final String UEFI_X64_FILE = "ipxe.efi";
    public static final String UEFI_ARM64_FILE = "ipxe-arm64.efi";

    /**
     * The next step of one machine: a file on the TFTP server or an HTTP URL for iPXE.
     *
     * @param file the boot file name as it goes in the DHCP {@code file} field and option 67
     * @param http whether it is iPXE's HTTP script (else a TFTP file)
     */
    public record Plan(String file, boolean http) {
    }

    private final Inet4Address server;
    private final int httpPort;

    /**
     * @param server   the bastion's address on the booting machines' network (siaddr, option 54, the URL's host)
     * @param httpPort the bastion's HTTP port
     */
    public PxeBoot(Inet4Address server, int httpPort) {
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("the HTTP port must be between 1 and 65535, not " + httpPort);
        }
        this.server = server;
        this.httpPort = httpPort;
    }

    public Inet4Address server() {
        return server;
    }

    /** The next step for this client, or null when it is not a PXE client or its firmware has no iPXE build here. */
    public Plan plan(PxeClient client) {
        if (client.ipxe()) {
            return new Plan("http://" + server.getHostAddress() + (httpPort == 80 ? "" : ":" + httpPort) + "/boot/" + client.mac()
                    + ".ipxe", true);
        }
        if (!client.pxe()) {
            return null;
        }
        return switch (client.firmware()) {
            case BIOS -> new Plan(BIOS_FILE, false);
            case UEFI_X64 -> new Plan(UEFI_X64_FILE, false);
            case UEFI_ARM64 -> new Plan(UEFI_ARM64_FILE, false);
            case UNKNOWN -> null;
        };
    }
}
