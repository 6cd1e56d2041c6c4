import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Requests per second of a cheap authorized GET (GET /api/v1/servers/NAME as admin: permission
 * check with the server's placement, one audit row) with C clients for S seconds, over mutual TLS
 * and keep-alive connections. JDK only: `java AuditBench.java URL CA CERT KEY PATH CLIENTS SECONDS`.
 */
public class AuditBench {

    public static void main(String[] args) throws Exception {
        URI target = URI.create(args[0] + args[4]);
        int clients = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate ca = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))));
        Certificate cert = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[2]))));
        String pem = Files.readString(Path.of(args[3]), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("me", key, new char[0], new Certificate[] {cert});
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(identity, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            https.add(HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
        HttpRequest request = HttpRequest.newBuilder(target).GET().build();
        // warm-up: JIT and connections on both sides
        run(pool, https, request, 3);
        List<Long> latencies = run(pool, https, request, seconds);
        pool.shutdown();
        Collections.sort(latencies);
        System.out.printf("%d requests in %d s: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", latencies.size(), seconds,
                latencies.size() / (double) seconds, latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) (latencies.size() * 0.99)) / 1e6);
    }

    private static List<Long> run(ExecutorService pool, List<HttpClient> https, HttpRequest request, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (HttpClient http : https) {
            futures.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode());
                    }
                    mine.add(System.nanoTime() - start);
                }
                return mine;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        return all;
    }
}
