import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Enrollments per second against a running labd: N enrollments one after another, then M with C
 * concurrent clients, each a real POST /api/v1/enroll (token check, use taken, server row, agent
 * certificate issued). JDK only: run with `java EnrollBench.java URL CA_PEM CSR_PEM TOKEN N M C`.
 */
public class EnrollBench {

    public static void main(String[] args) throws Exception {
        URI server = URI.create(args[0]);
        String csr = Files.readString(Path.of(args[2]));
        String token = args[3];
        int sequential = Integer.parseInt(args[4]);
        int concurrent = Integer.parseInt(args[5]);
        int clients = Integer.parseInt(args[6]);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1])))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger names = new AtomicInteger();
        String prefix = "bench-" + Long.toString(System.nanoTime(), 36) + "-";

        // warm-up: JIT and connections on both sides
        for (int i = 0; i < 20; i++) {
            enroll(http, server, token, csr, prefix + names.incrementAndGet());
        }
        long start = System.nanoTime();
        for (int i = 0; i < sequential; i++) {
            enroll(http, server, token, csr, prefix + names.incrementAndGet());
        }
        double seqSeconds = (System.nanoTime() - start) / 1e9;

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> done = new ArrayList<>();
        start = System.nanoTime();
        for (int i = 0; i < concurrent; i++) {
            done.add(pool.submit(() -> {
                enroll(http, server, token, csr, prefix + names.incrementAndGet());
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double concSeconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("%-36s %8s %10s%n", "run", "count", "enroll/s");
        System.out.printf("%-36s %8d %10.1f%n", "sequential (1 client)", sequential, sequential / seqSeconds);
        System.out.printf("%-36s %8d %10.1f%n", "concurrent (" + clients + " clients)", concurrent, concurrent / concSeconds);
    }

    private static void enroll(HttpClient http, URI server, String token, String csr, String name) throws Exception {
        String body = "{\"token\":\"" + token + "\",\"csr\":\"" + csr.replace("\n", "\\n") + "\",\"name\":\"" + name
                + "\",\"hostname\":\"" + name + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("enrollment failed: " + response.statusCode() + " " + response.body());
        }
    }
}
