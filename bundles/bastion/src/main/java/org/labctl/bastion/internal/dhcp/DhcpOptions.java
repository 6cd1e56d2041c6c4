package org.labctl.bastion.internal.dhcp;

/** The DHCP option codes and message types the bastion reads or writes (RFC 2132, RFC 4578, PXE 2.1). */
public final class DhcpOptions {

    public static final int SUBNET_MASK = 1;
    public static final int ROUTER = 3;
    public static final int DNS_SERVERS = 6;
    public static final int HOST_NAME = 12;
    public static final int VENDOR_SPECIFIC = 43;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int VENDOR_CLASS = 60;
    public static final int CLIENT_IDENTIFIER = 61;
    public static final int TFTP_SERVER_NAME = 66;
    public static final int BOOTFILE_NAME = 67;
    public static final int USER_CLASS = 77;
    /** RFC 4578: the client's system architecture (two bytes). */
    public static final int CLIENT_ARCHITECTURE = 93;
    /** RFC 4578: the client's network interface identifier. */
    public static final int CLIENT_NDI = 94;
    /** RFC 4578: the client's machine identifier (UUID/GUID). */
    public static final int CLIENT_MACHINE_ID = 97;
    /**
     * iPXE's (Etherboot's) encapsulated options: iPXE sends it in every request (its feature list),
     * and reads its settings from it in replies.
     */
    public static final int IPXE_ENCAP = 175;
    /**
     * Inside {@link #IPXE_ENCAP}: 1 tells iPXE to skip ProxyDHCP (iPXE's {@code DHCP_EB_NO_PXEDHCP});
     * without it iPXE waits about 3 s after the first offer in case a ProxyDHCP offer follows.
     */
    public static final int IPXE_NO_PXEDHCP = 176;

    public static final int DISCOVER = 1;
    public static final int OFFER = 2;
    public static final int REQUEST = 3;
    public static final int DECLINE = 4;
    public static final int ACK = 5;
    public static final int NAK = 6;
    public static final int RELEASE = 7;
    public static final int INFORM = 8;

    private DhcpOptions() {
    }

    /** The message type's name, for the bastion log. */
    public static String typeName(int type) {
        return switch (type) {
            case DISCOVER -> "DISCOVER";
            case OFFER -> "OFFER";
            case REQUEST -> "REQUEST";
            case DECLINE -> "DECLINE";
            case ACK -> "ACK";
            case NAK -> "NAK";
            case RELEASE -> "RELEASE";
            case INFORM -> "INFORM";
            default -> "type-" + type;
        };
    }
}
