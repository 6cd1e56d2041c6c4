package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;

/** The trust managers of labd's listener, taken from the JCA by algorithm name as Jetty takes them. */
class RevocationTrustManagerTest {

    private static final KeyPair CA_KEYS = Certificates.newKeyPair();
    private static final X509Certificate CA = Certificates.selfSignedCa("labd root CA", CA_KEYS, Duration.ofDays(30));
    private static final KeyPair ALICE_KEYS = Certificates.newKeyPair();
    private static final X509Certificate ALICE = issue(CA, CA_KEYS.getPrivate(), ALICE_KEYS, CertificateKind.USER, "alice");

    private final RevocationProvider provider = new RevocationProvider();
    private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void register() {
        Security.addProvider(provider);
    }

    @AfterEach
    void unregister() {
        Security.removeProvider(RevocationProvider.NAME);
    }

    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, KeyPair keys, CertificateKind kind, String name) {
        var request = new CertificateRequest(kind, name, kind == CertificateKind.USER ? List.of("labctl://user/" + name) : List.of(),
                kind == CertificateKind.SERVER ? List.of("localhost") : List.of(), List.of(), Duration.ofDays(1));
        return Certificates.issue(ca, caKey, keys.getPublic(), request, Certificates.newSerial());
    }

    private static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("labd-ca", CA);
        return store;
    }

    private static X509ExtendedTrustManager trustManager() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(RevocationProvider.ALGORITHM);
        factory.init(trustStore());
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    private static void checkClient(X509ExtendedTrustManager manager, X509Certificate certificate) throws CertificateException {
        manager.checkClientTrusted(new X509Certificate[] {certificate}, "UNKNOWN");
    }

    @Test
    void refusesEveryClientCertificateUntilLabdsCaIsKnown() throws Exception {
        X509ExtendedTrustManager manager = trustManager();
        assertThrows(CertificateException.class, () -> checkClient(manager, ALICE));

        provider.revocations(revoked::contains);
        assertDoesNotThrow(() -> checkClient(manager, ALICE));
    }

    @Test
    void refusesACertificateOnceItIsRevoked() throws Exception {
        provider.revocations(revoked::contains);
        X509ExtendedTrustManager manager = trustManager();
        checkClient(manager, ALICE);

        revoked.add(ALICE.getSerialNumber());
        CertificateException refused = assertThrows(CertificateException.class, () -> checkClient(manager, ALICE));
        assertTrue(refused.getMessage().contains(ALICE.getSerialNumber().toString(16)), refused.getMessage());
    }

    @Test
    void refusesACertificateOfAnotherCaWithTheSameName() throws Exception {
        provider.revocations(revoked::contains);
        KeyPair impostorKeys = Certificates.newKeyPair();
        X509Certificate impostor = Certificates.selfSignedCa("labd root CA", impostorKeys, Duration.ofDays(30));
        X509Certificate spoofed = issue(impostor, impostorKeys.getPrivate(), Certificates.newKeyPair(), CertificateKind.USER, "alice");

        assertThrows(CertificateException.class, () -> checkClient(trustManager(), spoofed));
    }

    @Test
    void refusesAnExpiredCertificateOfLabdsCa() throws Exception {
        provider.revocations(revoked::contains);
        var request = new CertificateRequest(CertificateKind.USER, "bob", List.of("labctl://user/bob"), List.of(), List.of(),
                Duration.ofSeconds(1));
        X509Certificate bob = Certificates.issue(CA, CA_KEYS.getPrivate(), Certificates.newKeyPair().getPublic(), request,
                Certificates.newSerial());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!Instant.now().isAfter(bob.getNotAfter().toInstant()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThrows(CertificateException.class, () -> checkClient(trustManager(), bob));
    }

    @Test
    void asksTheProviderRegisteredNowAndRefusesWhenThereIsNone() throws Exception {
        provider.revocations(revoked::contains);
        X509ExtendedTrustManager manager = trustManager();

        Security.removeProvider(RevocationProvider.NAME);
        assertThrows(CertificateException.class, () -> checkClient(manager, ALICE), "the bundle stopped");

        RevocationProvider refreshed = new RevocationProvider();
        refreshed.revocations(serial -> false);
        Security.addProvider(refreshed);
        assertDoesNotThrow(() -> checkClient(manager, ALICE), "the bundle's next revision answers");
    }

    @Test
    void needsLabdsTrustStoreNotTheJdksCas() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(RevocationProvider.ALGORITHM);
        assertThrows(KeyStoreException.class, () -> factory.init((KeyStore) null));
    }

    /** labd's listener: sessions kept as ServerTls configures them (call with server tickets off, as labd's JVM runs). */
    private static SSLContext labdListener(X509Certificate labd, PrivateKey key) throws Exception {
        SSLContext server = context(labd, key, TrustManagerFactory.getInstance(RevocationProvider.ALGORITHM));
        server.getServerSessionContext().setSessionTimeout(ServerTls.SESSION_TIMEOUT_SECONDS);
        return server;
    }

    /** Runs {@code test} with the JDK's server session tickets on or off, as etc/system.properties sets them for labd. */
    private static void withServerTickets(boolean on, org.junit.jupiter.api.function.Executable test) throws Throwable {
        String tickets = System.setProperty(RevocationTrustManager.SERVER_TICKETS, Boolean.toString(on));
        try {
            test.execute();
        } finally {
            if (tickets == null) {
                System.clearProperty(RevocationTrustManager.SERVER_TICKETS);
            } else {
                System.setProperty(RevocationTrustManager.SERVER_TICKETS, tickets);
            }
        }
    }

    @Test
    void aSessionWithAClientCertificateIsNeverResumedSoEveryConnectionIsChecked() throws Throwable {
        withServerTickets(false, this::everyConnectionIsChecked);
    }

    private void everyConnectionIsChecked() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        provider.revocations(serial -> {
            checks.incrementAndGet();
            return false;
        });
        KeyPair labdKeys = Certificates.newKeyPair();
        X509Certificate labd = issue(CA, CA_KEYS.getPrivate(), labdKeys, CertificateKind.SERVER, "labd");
        SSLContext server = labdListener(labd, labdKeys.getPrivate());
        SSLContext client = context(ALICE, ALICE_KEYS.getPrivate(), TrustManagerFactory.getInstance("PKIX"));

        int connections = 0;
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            for (int i = 0; i < 2; i++) {
                SSLEngine serverEngine = server.createSSLEngine();
                serverEngine.setUseClientMode(false);
                serverEngine.setWantClientAuth(true);
                SSLEngine clientEngine = client.createSSLEngine("localhost", 8443);
                clientEngine.setUseClientMode(true);
                clientEngine.setEnabledProtocols(new String[] {protocol});
                converse(clientEngine, serverEngine);
                assertEquals(protocol, clientEngine.getSession().getProtocol());
                assertEquals(++connections, checks.get(), protocol + " connection " + (i + 1) + " was checked");
                if (protocol.equals("TLSv1.2")) {
                    assertFalse(serverEngine.getSession().isValid(), "a session not to resume");
                }
            }
        }
        assertFalse(server.getServerSessionContext().getIds().hasMoreElements(), "labd keeps no session to resume");
    }

    @Test
    void tls12SessionsAreLeftValidWhenTheJvmPromisesSessionTickets() throws Throwable {
        // invalidating would leave out the promised ticket, which OpenSSL clients refuse
        withServerTickets(true, () -> {
            assertFalse(RevocationTrustManager.mayInvalidate("TLSv1.2"));
            assertTrue(RevocationTrustManager.mayInvalidate("TLSv1.3"));
        });
        withServerTickets(false, () -> assertTrue(RevocationTrustManager.mayInvalidate("TLSv1.2")));
    }

    private static SSLContext context(X509Certificate certificate, PrivateKey key, TrustManagerFactory trust) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("me", key, new char[0], new Certificate[] {certificate, CA});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        trust.init(trustStore());
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A TLS handshake between two engines in memory, including what follows it (session tickets). */
    private static void converse(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            boolean progress = pump(client, toClient, toServer) | pump(server, toServer, toClient);
            if (!progress) {
                return;
            }
        }
        throw new AssertionError("the engines did not finish talking");
    }

    private static boolean pump(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        ByteBuffer plain = ByteBuffer.allocate(1 << 17);
        boolean progress = false;
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
                    task.run();
                }
            } else if (status == HandshakeStatus.NEED_WRAP) {
                if (engine.wrap(ByteBuffer.allocate(0), out).bytesProduced() == 0
                        && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    return progress;
                }
            } else if (in.position() > 0) {
                in.flip();
                int consumed = engine.unwrap(in, plain).bytesConsumed();
                in.compact();
                if (consumed == 0) {
                    return progress;
                }
            } else {
                return progress;
            }
            progress = true;
        }
    }
}
