import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The ceiling of labctl's design on this machine, with the JDK's own TLS 1.3 as labctl, labd and
 * the agent use it: a fresh JVM that only receives N MiB from a warm JVM on loopback and throws the
 * bytes away, either directly or through a third JVM that only decrypts and encrypts again (what
 * labd must do at least, as the agent's and labctl's connections both end at labd), or through a
 * third JVM that only copies the encrypted bytes between two TCP connections (the least a relay
 * could do that left TLS to the two ends, a design labctl does not have). No WebSocket, no exec
 * protocol, no process output: labctl exec cannot pass these figures.
 *
 * <p>usage: {@code java TlsCeiling.java serve KEYSTORE PORT} (sends 8 MiB for each unit of the
 * client's first byte), {@code java TlsCeiling.java relay KEYSTORE PORT UPSTREAM_PORT} or
 * {@code java TlsCeiling.java splice KEYSTORE PORT UPSTREAM_PORT}, then
 * {@code java TlsCeiling.java receive KEYSTORE PORT MIB}, which prints the MB/s from the end of the
 * handshake to the last byte. The keystore is a PKCS12 file with password {@code ceiling} whose
 * certificate names 127.0.0.1 (bench/exec/exec.sh makes one with keytool).
 */
public class TlsCeiling {

    public static void main(String[] args) throws Exception {
        char[] password = "ceiling".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[1])) {
            keys.load(in, password);
        }
        int port = Integer.parseInt(args[2]);
        if (args[0].equals("splice")) {
            splice(port, Integer.parseInt(args[3]));
            return;
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
        keyManagers.init(keys, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(keys);
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        if (!args[0].equals("receive")) {
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                    .createServerSocket(port, 8, InetAddress.getLoopbackAddress());
            while (true) {
                Socket client = server.accept();
                Runnable work = args[0].equals("serve") ? () -> send(client)
                        : () -> relay(client, tls, Integer.parseInt(args[3]));
                new Thread(work).start();
            }
        }
        long mib = Long.parseLong(args[3]);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.startHandshake();
            long start = System.nanoTime();
            socket.getOutputStream().write((int) (mib / 8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                received += read;
            }
            System.out.printf("%.0f%n", received / 1e6 / ((System.nanoTime() - start) / 1e9));
        }
    }

    /** Copies the client's byte to the upstream server, then everything upstream sends to the client. */
    private static void relay(Socket client, SSLContext tls, int upstreamPort) {
        try (client; Socket upstream = tls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            upstream.getOutputStream().write(client.getInputStream().read());
            upstream.getOutputStream().flush();
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
            }
        } catch (Exception e) {
            System.err.println("TlsCeiling: " + e);
        }
    }

    /** Accepts plain TCP connections and copies bytes both ways to the upstream port, never decrypting. */
    private static void splice(int port, int upstreamPort) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
            while (true) {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                new Thread(() -> copy(client, upstream)).start();
                new Thread(() -> copy(upstream, client)).start();
            }
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (Exception e) {
            // the other direction closed both: the measurement is over
        }
    }

    private static void send(Socket client) {
        try (client) {
            long bytes = (long) client.getInputStream().read() * 8 << 20;
            OutputStream out = client.getOutputStream();
            byte[] zeros = new byte[64 * 1024];
            for (long sent = 0; sent < bytes; sent += zeros.length) {
                out.write(zeros);
            }
        } catch (Exception e) {
            System.err.println("TlsCeiling: " + e);
        }
    }
}
