package org.labctl.bastion.internal.dhcp;

/**
 * What a DHCP request says about the booting machine: whether it is a PXE client at all (vendor
 * class {@code PXEClient…}), its firmware (option 93) and whether iPXE already runs (user class
 * {@code iPXE}, option 77, or iPXE's encapsulated options, option 175, which every iPXE request
 * carries), which together decide what it is told to load next.
 *
 * @param mac          the client's MAC address, lower case with colons
 * @param pxe          the vendor class starts with {@code PXEClient}
 * @param architecture option 93 (RFC 4578 / IANA "Processor Architecture Types"), -1 when absent
 * @param ipxe         the user class is {@code iPXE} or the request carries option 175: iPXE asks
 *                     (chainloaded, or the NIC's own ROM), not a plain PXE firmware
 */
public record PxeClient(String mac, boolean pxe, int architecture, boolean ipxe) {

    /** IANA processor architecture types of option 93 the bastion tells apart. */
    public static final int ARCH_BIOS = 0;
    public static final int ARCH_EFI_IA32 = 6;
    public static final int ARCH_EFI_X64 = 7;
    public static final int ARCH_EFI_BC = 9;
    public static final int ARCH_EFI_ARM64 = 11;

    /** The firmware kinds the bastion has a boot file for. */
    public enum Firmware {
        BIOS, UEFI_X64, UEFI_ARM64, UNKNOWN
    }

    /** Reads the PXE facts of a request. */
    public static PxeClient of(DhcpMessage request) {
        String vendor = request.text(DhcpOptions.VENDOR_CLASS);
        byte[] arch = request.option(DhcpOptions.CLIENT_ARCHITECTURE);
        int architecture = arch != null && arch.length >= 2 ? (arch[0] & 0xff) << 8 | arch[1] & 0xff : -1;
        return new PxeClient(request.mac(), vendor != null && vendor.startsWith("PXEClient"), architecture,
                userClassIsIpxe(request.option(DhcpOptions.USER_CLASS)) || request.option(DhcpOptions.IPXE_ENCAP) != null);
    }

    /** The firmware, from option 93 (a PXE client without it is taken for BIOS, as PXE 2.1 ROMs may omit it). */
    public Firmware firmware() {
        return switch (architecture) {
            case -1, ARCH_BIOS -> Firmware.BIOS;
            case ARCH_EFI_X64, ARCH_EFI_BC -> Firmware.UEFI_X64;
            case ARCH_EFI_ARM64 -> Firmware.UEFI_ARM64;
            default -> Firmware.UNKNOWN;
        };
    }

    /** How {@code labctl provision list} names the firmware: bios, uefi-x64, uefi-arm64 or unknown. */
    public String label() {
        return switch (firmware()) {
            case BIOS -> "bios";
            case UEFI_X64 -> "uefi-x64";
            case UEFI_ARM64 -> "uefi-arm64";
            case UNKNOWN -> "unknown";
        };
    }

    /**
     * Option 77 is {@code iPXE} either as plain text (what iPXE sends) or as an RFC 3004 list whose
     * first entry is {@code iPXE}.
     */
    static boolean userClassIsIpxe(byte[] value) {
        if (value == null || value.length == 0) {
            return false;
        }
        String plain = new String(value, java.nio.charset.StandardCharsets.US_ASCII);
        if (plain.equals("iPXE")) {
            return true;
        }
        int length = value[0] & 0xff;
        return length == 4 && value.length >= 5 && new String(value, 1, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("iPXE");
    }
}
