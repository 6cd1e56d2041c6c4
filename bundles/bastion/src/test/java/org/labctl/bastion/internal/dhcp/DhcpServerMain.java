package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a {@link DhcpServer} in a process of its own, for tests that start it inside a network
 * namespace ({@code ip netns exec NS java -cp target/classes:target/test-classes ...}). It prints
 * {@code READY} once bound, then one {@code EVENT <DhcpEvent.line()>} per datagram, and stops when
 * its standard input closes or it is terminated.
 *
 * <pre>
 * full  BIND_ADDRESS SERVER_ADDRESS FIRST LAST DATA_DIRECTORY
 * proxy BIND_ADDRESS SERVER_ADDRESS
 * </pre>
 */
public final class DhcpServerMain {

    private DhcpServerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !(args[0].equals("full") && args.length == 6 || args[0].equals("proxy") && args.length == 3)) {
            System.err.println("usage: full BIND SERVER FIRST LAST DATA_DIR | proxy BIND SERVER");
            System.exit(2);
        }
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(args[1]), DhcpSettings.SERVER_PORT);
        Inet4Address server = (Inet4Address) InetAddress.getByName(args[2]);
        PxeBoot boot = new PxeBoot(server, 8080);
        DhcpSettings settings;
        if (args[0].equals("full")) {
            DhcpReplies.Network network = new DhcpReplies.Network((Inet4Address) InetAddress.getByName("255.255.255.0"), server,
                    List.of(server), 600);
            settings = DhcpSettings.full(bind, boot, (Inet4Address) InetAddress.getByName(args[3]),
                    (Inet4Address) InetAddress.getByName(args[4]), network, Path.of(args[5]));
        } else {
            settings = DhcpSettings.proxy(bind, boot);
        }
        DhcpServer dhcp;
        try {
            dhcp = DhcpServer.start(settings, event -> {
                System.out.println("EVENT " + event.line());
                System.out.flush();
            });
        } catch (IOException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dhcp::close));
        System.out.println("READY " + dhcp.localAddress());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes its standard input
        }
        dhcp.close();
    }
}
