package org.labctl.tests.harness;

import java.io.IOException;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Optional;

/** What lab-agent reports about this machine, computed the same way. */
public final class HostFacts {

    private HostFacts() {
    }

    /** The MAC a join token is bound to: the first interface that is up, not loopback, with one. */
    public static Optional<String> primaryMac() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isLoopback() || !nic.isUp()) {
                    continue;
                }
                byte[] address = nic.getHardwareAddress();
                if (address != null && address.length == 6) {
                    return Optional.of(HexFormat.ofDelimiter(":").formatHex(address));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
