package org.labctl.core;

import java.util.Dictionary;

/**
 * labd's HTTPS listener as Pax Web's configuration ({@code org.ops4j.pax.web}) sets it: the one rule for its URL,
 * for whoever reaches this instance (another instance relaying exec sessions, the Pulumi engine on this host).
 */
public final class Listener {

    /** The listener's configuration PID. */
    public static final String PID = "org.ops4j.pax.web";

    private Listener() {
    }

    /**
     * {@code https://address:port} of the listener: its port ({@code org.osgi.service.http.port.secure}, 8443) and first
     * listening address ({@code org.ops4j.pax.web.listening.addresses}, 127.0.0.1).
     *
     * @param properties Pax Web's configuration, or null when it has none
     * @param anyAddress the address to name when the listener takes every address ({@code 0.0.0.0} or {@code ::})
     */
    public static String url(Dictionary<String, ?> properties, String anyAddress) {
        String port = "8443";
        String address = "127.0.0.1";
        if (properties != null) {
            Object configuredPort = properties.get("org.osgi.service.http.port.secure");
            Object addresses = properties.get("org.ops4j.pax.web.listening.addresses");
            port = configuredPort == null ? port : configuredPort.toString().trim();
            if (addresses != null && !addresses.toString().isBlank()) {
                address = addresses.toString().split(",")[0].trim();
            }
        }
        if (address.equals("0.0.0.0") || address.equals("::")) {
            address = anyAddress;
        }
        return "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
