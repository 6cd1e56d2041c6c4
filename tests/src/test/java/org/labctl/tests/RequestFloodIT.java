package org.labctl.tests;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Floods without a client certificate against the real labd distribution, with the heap its
 * bin/setenv gives it (512 MB, and {@code -XX:+ExitOnOutOfMemoryError}): six parallel 100 MB
 * enrollment bodies (declared and chunked) are refused with 413 before labd reads them, more
 * slow requests than labd serves at once get 503 at once, and afterwards labd is healthy, still
 * enrolls, and its log has no OutOfMemoryError and no stack trace.
 */
class RequestFloodIT {

    /** Five fields of 19 MB each: what, parsed whole six times over, outgrew labd's heap. */
    private static final int FIELD = 19_000_000;
    private static final List<String> FIELDS = List.of("token", "csr", "name", "hostname", "mac");
    private static final long BODY = FIELDS.stream().mapToLong(f -> f.length() + 6 + FIELD).sum() + 7;
    private static final int FLOOD = 6;

    private static Path dir;
    private static LabdProcess labd;
    private static SSLContext anonymous;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("flood");
        labd = LabdProcess.unpack(dir).start();
        labd.awaitHealthy();
        X509Certificate ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        anonymous = Tls.context(ca, null, null);
        String setenv = Files.readString(labd.home().resolve("bin/setenv"));
        assertTrue(setenv.contains("-Xmx512m") && setenv.contains("-XX:+ExitOnOutOfMemoryError"),
                "labd runs with its real heap settings:\n" + setenv);
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    /** How one request of the flood ended: labd's status (0 if none came) and how much of the body had gone out then. */
    private record Outcome(int status, long sentWhenAnswered) {
    }

    /**
     * An enrollment without a client certificate whose body is {@link #BODY} bytes of JSON, with
     * its length declared or chunked; labd's answer is read while the body is still being sent.
     */
    private static Outcome hugeEnrollment(boolean chunked) {
        try (SSLSocket socket = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", labd.port())) {
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try {
                    String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
                    answer.complete(new Outcome(status == null ? 0 : Integer.parseInt(status.split(" ")[1]), sent.get()));
                } catch (IOException closed) {
                    answer.complete(new Outcome(0, sent.get()));
                }
            }, "flood-reader");
            reader.start();
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST /api/v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + BODY + "\r\n") + "\r\n")
                        .getBytes(US_ASCII));
                byte[] filler = new byte[64 * 1024];
                Arrays.fill(filler, (byte) 'A');
                StringBuilder head = new StringBuilder("{");
                for (String field : FIELDS) {
                    sent.addAndGet(chunk(out, chunked, (head + "\"" + field + "\":\"").getBytes(US_ASCII)));
                    head.setLength(0);
                    for (int left = FIELD; left > 0 && !answer.isDone(); left -= filler.length) {
                        sent.addAndGet(chunk(out, chunked, left >= filler.length ? filler : Arrays.copyOf(filler, left)));
                    }
                    head.append("\",");
                    if (answer.isDone()) {
                        break;
                    }
                }
                if (!answer.isDone()) {
                    sent.addAndGet(chunk(out, chunked, "\"x\":1}".getBytes(US_ASCII)));
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(US_ASCII));
                    }
                    out.flush();
                }
            } catch (IOException closedByLabd) {
                // labd answered and closed while the body was on its way: the answer says what it was
            }
            return answer.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the huge enrollment failed: " + e, e);
        }
    }

    private static long chunk(OutputStream out, boolean chunked, byte[] bytes) throws IOException {
        if (chunked) {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(US_ASCII));
        } else {
            out.write(bytes);
        }
        return bytes.length;
    }

    private static Http.Response enroll(String name) throws Exception {
        Http.Response token = labd.admin().post(labd.url("/api/v1/tokens"), "{}");
        assertEquals(201, token.status(), token.body());
        return new Http(anonymous).post(labd.url("/api/v1/enroll"), "{\"token\":"
                + Json.quote(Json.tree(token.body()).path("token").asText()) + ",\"csr\":"
                + Json.quote(TestPki.csr(TestPki.keyPair(), name)) + ",\"name\":\"" + name + "\",\"hostname\":\"" + name + "\"}");
    }

    private static void assertHealthyWithACleanLog(int logBefore) throws Exception {
        assertTrue(labd.alive(), "labd still runs; its output:\n" + labd.output());
        assertEquals(200, labd.get("/api/v1/health").status());
        String log = labd.log().substring(logBefore);
        assertFalse(log.contains("OutOfMemoryError") || labd.output().contains("OutOfMemoryError"), "labd ran out of memory");
        assertFalse(Pattern.compile("(?m)^\\s+at [\\w.$]+\\(").matcher(log).find(), "labd logged a stack trace:\n" + log);
    }

    @Test
    void sixParallelHundredMegabyteEnrollmentsAreRefusedBeforeLabdReadsThem() throws Exception {
        int logBefore = labd.log().length();
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD);
        try {
            for (boolean chunked : new boolean[] {false, true}) {
                List<Future<Outcome>> flood = new ArrayList<>();
                for (int i = 0; i < FLOOD; i++) {
                    flood.add(pool.submit(() -> hugeEnrollment(chunked)));
                }
                for (Future<Outcome> request : flood) {
                    Outcome outcome = request.get(5, TimeUnit.MINUTES);
                    String what = (chunked ? "chunked" : "declared") + " " + BODY + "-byte enrollment: " + outcome;
                    assertTrue(outcome.status() == 413 || outcome.status() == 503, what);
                    // how much had gone out when the answer was read depends on the JDK client as much as on labd
                    System.out.println(what);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertHealthyWithACleanLog(logBefore);
        Http.Response enrolled = enroll("after-the-flood");
        assertEquals(201, enrolled.status(), "labd still enrolls: " + enrolled.body());
    }

    /** A request without a client certificate that sends its headers and a little of its body, then waits. */
    private static SSLSocket slowEnrollment() throws IOException {
        SSLSocket socket = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", labd.port());
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        socket.getOutputStream().write(("POST /api/v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"token\":").getBytes(US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static int statusOf(SSLSocket socket) throws IOException {
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
        return status == null ? 0 : Integer.parseInt(status.split(" ")[1]);
    }

    @Test
    void moreSlowRequestsWithoutACertificateThanLabdServesAtOnceGet503AtOnce() throws Exception {
        Properties limits = new Properties();
        try (var in = Files.newInputStream(labd.home().resolve("etc/org.labctl.core.limits.cfg"))) {
            limits.load(in);
        }
        int concurrent = Integer.parseInt(limits.getProperty("unauthenticated.concurrent").trim());
        int logBefore = labd.log().length();
        List<SSLSocket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < concurrent; i++) {
                slow.add(slowEnrollment());
            }
            // labd holds them all once it has read their headers; the next one is turned away at once
            SSLSocket turnedAway = Await.until(Duration.ofSeconds(20), "labd turning away one request too many", () -> {
                try {
                    SSLSocket next = slowEnrollment();
                    next.setSoTimeout(2_000);
                    try {
                        if (statusOf(next) == 503) {
                            return next;
                        }
                    } catch (java.net.SocketTimeoutException held) {
                        // labd took it: not all of the slow ones had arrived yet
                    }
                    slow.add(next);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            turnedAway.close();
            assertEquals(200, labd.get("/api/v1/health").status(), "requests with a certificate are served meanwhile");
        } finally {
            for (SSLSocket socket : slow) {
                socket.close();
            }
        }
        Http.Response enrolled = Await.until(Duration.ofSeconds(30), "an enrollment once the slow requests are gone", () -> {
            try {
                Http.Response response = enroll("after-the-slow-ones");
                return response.status() == 201 ? response : null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(201, enrolled.status());
        assertHealthyWithACleanLog(logBefore);
    }

    @Test
    void aLargeBodyWithoutACertificateIsRefusedWith413EvenWhereLabdAnswers401() throws Exception {
        try (SSLSocket socket = (SSLSocket) anonymous.getSocketFactory().createSocket("127.0.0.1", labd.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n{").getBytes(US_ASCII));
            socket.getOutputStream().flush();
            assertEquals(413, statusOf(socket));
        }
    }
}
