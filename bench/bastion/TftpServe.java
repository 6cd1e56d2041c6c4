import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.labctl.bastion.internal.tftp.TftpEvents;
import org.labctl.bastion.internal.tftp.TftpServer;
import org.labctl.bastion.internal.tftp.TftpSettings;

/**
 * The bastion's TFTP server on its own, for bench/bastion/tftp.sh: serves ROOT on ADDRESS:PORT until
 * killed. Run as a single-file program with bundles/bastion's classes on the class path.
 *
 * <p>usage: java -cp CLASSES:SLF4J TftpServe.java ROOT ADDRESS PORT
 */
public final class TftpServe {
    public static void main(String[] args) throws Exception {
        try (TftpServer server = TftpServer.start(Path.of(args[0]), new InetSocketAddress(args[1], Integer.parseInt(args[2])),
                TftpSettings.defaults(), TftpEvents.NONE)) {
            System.out.println("serving " + args[0] + " on " + server.localAddress());
            Thread.currentThread().join();
        }
    }
}
