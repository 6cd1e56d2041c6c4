import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.labctl.bastion.internal.http.BastionHttp;
import org.labctl.bastion.internal.provision.IpxeScript;
import org.labctl.bastion.internal.provision.Machines;

/**
 * The bastion's HTTP endpoint on its own, for bench/bastion/http.sh: serves BOOT_DIR as /boot/FILE
 * on ADDRESS:PORT until killed. Run as a single-file program with bundles/bastion's classes on the
 * class path.
 *
 * <p>usage: java -cp CLASSES:API:SLF4J HttpServe.java BOOT_DIR ADDRESS PORT STATE_DIR
 */
public final class HttpServe {
    public static void main(String[] args) throws Exception {
        URI url = URI.create("http://" + args[1] + ":" + args[2]);
        BastionHttp.Settings settings = new BastionHttp.Settings(new InetSocketAddress(args[1], Integer.parseInt(args[2])), url,
                Path.of(args[0]), null, URI.create("https://labd.invalid:8443"),
                new IpxeScript.Installer("vmlinuz", "initrd.img", URI.create("http://mirror.invalid/os/"), List.of()), null, null, null);
        try (BastionHttp http = BastionHttp.start(settings, Machines.open(Path.of(args[3]), Clock.systemUTC()),
                machine -> "unused-token-of-the-http-benchmark", BastionHttp.Events.NONE)) {
            System.out.println("READY " + http.address());
            Thread.currentThread().join();
        }
    }
}
