package org.labctl.agent.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the agent reports about its machine with every heartbeat. */
final class Facts {

    private Facts() {
    }

    static Map<String, Object> collect(String agentVersion) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", hostname());
        facts.put("os", osRelease().orElse(System.getProperty("os.name")));
        facts.put("kernel", System.getProperty("os.version"));
        facts.put("architecture", System.getProperty("os.arch"));
        facts.put("cpus", Runtime.getRuntime().availableProcessors());
        memoryBytes().ifPresent(m -> facts.put("memoryBytes", m));
        uptimeSeconds().ifPresent(u -> facts.put("uptimeSeconds", u));
        List<String> addresses = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isLoopback() || !nic.isUp()) {
                    continue;
                }
                byte[] mac = nic.getHardwareAddress();
                if (mac != null && mac.length == 6) {
                    macs.add(HexFormat.ofDelimiter(":").formatHex(mac));
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    addresses.add(address.getHostAddress().replaceAll("%.*$", ""));
                }
            }
        } catch (IOException e) {
            // no interfaces to report
        }
        facts.put("addresses", addresses);
        facts.put("macs", macs);
        facts.put("agentVersion", agentVersion);
        return facts;
    }

    /** The MAC of the first non-loopback interface that has one, as join tokens bind to. */
    static Optional<String> primaryMac() {
        @SuppressWarnings("unchecked")
        List<String> macs = (List<String>) collect("").get("macs");
        return macs.stream().findFirst();
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    private static Optional<String> osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> memoryBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> uptimeSeconds() {
        try {
            return Optional.of((long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
