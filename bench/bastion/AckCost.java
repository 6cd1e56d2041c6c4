import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.labctl.bastion.internal.dhcp.LeaseFile;
import org.labctl.bastion.internal.dhcp.LeasePool;

/**
 * What an acknowledgement costs the bastion's lease pool on its own (the durable write before the ACK,
 * no network): N clients each get an address, the second half's ACKs are timed. Run as a single-file
 * program with bundles/bastion's classes on the class path; put another build of the dhcp package
 * first to compare it.
 *
 * <p>usage: java -cp CLASSES:API:SLF4J bench/bastion/AckCost.java DIRECTORY N
 */
public final class AckCost {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args[0]), "ackcost");
        int leases = Integer.parseInt(args[1]);
        LeasePool pool = LeasePool.open((Inet4Address) InetAddress.getByName("10.0.0.1"), (Inet4Address) InetAddress.getByName("10.0.3.250"),
                Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofMinutes(10), Clock.systemUTC(), new LeaseFile(dir.resolve("dhcp-leases.txt")));
        long[] nanos = new long[leases];
        for (int i = 0; i < leases; i++) {
            String mac = String.format("52:54:00:00:%02x:%02x", i >> 8, i & 0xff);
            Inet4Address address = pool.offer(mac, null);
            long t = System.nanoTime();
            pool.acknowledge(mac, address);
            nanos[i] = System.nanoTime() - t;
        }
        long[] last = Arrays.copyOfRange(nanos, leases / 2, leases);
        Arrays.sort(last);
        System.out.printf("ACK (second half, %d leases held): median %.2f ms, p90 %.2f ms%n", leases, last[last.length / 2] / 1e6, last[last.length * 9 / 10] / 1e6);
    }
}
