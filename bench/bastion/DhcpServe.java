import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.labctl.bastion.internal.dhcp.DhcpEvents;
import org.labctl.bastion.internal.dhcp.DhcpReplies;
import org.labctl.bastion.internal.dhcp.DhcpServer;
import org.labctl.bastion.internal.dhcp.DhcpSettings;
import org.labctl.bastion.internal.dhcp.PxeBoot;

/**
 * The bastion's DHCP server on its own in full mode, for bench/bastion/dhcp.sh: leases FIRST..LAST
 * of SERVER's /24 (leases kept in DATA) until killed. Run as a single-file program with
 * bundles/bastion's classes on the class path, inside the server's network namespace.
 *
 * <p>usage: java -cp CLASSES:API:SLF4J DhcpServe.java SERVER FIRST LAST DATA
 */
public final class DhcpServe {
    public static void main(String[] args) throws Exception {
        Inet4Address server = (Inet4Address) InetAddress.getByName(args[0]);
        DhcpReplies.Network network = new DhcpReplies.Network((Inet4Address) InetAddress.getByName("255.255.255.0"), server,
                List.of(server), 3600);
        DhcpSettings settings = DhcpSettings.full(new InetSocketAddress("0.0.0.0", DhcpSettings.SERVER_PORT), new PxeBoot(server, 8080),
                (Inet4Address) InetAddress.getByName(args[1]), (Inet4Address) InetAddress.getByName(args[2]), network, Path.of(args[3]));
        try (DhcpServer dhcp = DhcpServer.start(settings, DhcpEvents.NONE)) {
            System.out.println("READY " + dhcp.localAddress());
            Thread.currentThread().join();
        }
    }
}
