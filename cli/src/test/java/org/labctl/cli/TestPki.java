package org.labctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKI for the mutual TLS tests, made like labd's (ECDSA P-256, DESIGN.md §4) with the
 * JDK's keytool, so the tests need neither BouncyCastle nor openssl. Keys are read back from
 * keytool's PKCS12 files in plain Java and written as the PKCS#8 PEM labd puts in configs.
 */
final class TestPki {

    private static final String PASSWORD = "test-only";
    /** keytool is a JVM: start it the way bin/labctl starts labctl, as it is run about twenty times. */
    private static final List<String> FAST_JVM = List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
            "-J-XX:-UsePerfData");

    private final Path directory;

    TestPki(Path directory) {
        this.directory = directory;
    }

    /** A certificate, the chain up to its CA, and its key. */
    record Credential(String alias, List<X509Certificate> chain, PrivateKey key) {

        X509Certificate certificate() {
            return chain.get(0);
        }

        String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate()));
        }

        String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** The lines of the key's PEM body: none may appear in labctl's output. */
        List<String> keyLines() {
            return keyPem().lines().filter(line -> !line.startsWith("-----")).toList();
        }
    }

    /** A self-signed CA certificate (basic constraints CA:true), as labd's root. */
    Credential ca(String name) throws IOException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-ext", "bc:c", "-keystore", store(name), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        KeyStore store = load(name);
        return new Credential(name, List.of((X509Certificate) store.getCertificate(name)),
                (PrivateKey) store.getKey(name, PASSWORD.toCharArray()));
    }

    /**
     * A certificate for {@code name} signed by {@code ca}, valid for two days unless {@code gencertOptions}
     * say otherwise, such as {@code -ext san=dns:localhost} or {@code -startdate -3d}.
     */
    Credential issue(Credential ca, String name, String... gencertOptions)
            throws IOException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store(name), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        Path request = directory.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store(name), "-storepass", PASSWORD,
                "-file", request.toString());
        Path signed = directory.resolve(name + ".pem");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", ca.alias(), "-keystore", store(ca.alias()),
                "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
                "-validity", "2"));
        gencert.addAll(List.of(gencertOptions));
        keytool(gencert.toArray(String[]::new));
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(signed)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
        chain.addAll(ca.chain());
        return new Credential(name, chain, (PrivateKey) load(name).getKey(name, PASSWORD.toCharArray()));
    }

    /** A server-side context presenting {@code server} and demanding client certificates issued by {@code clientCa}. */
    static SSLContext serverContext(Credential server, Credential clientCa)
            throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", server.key(), PASSWORD.toCharArray(),
                server.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, PASSWORD.toCharArray());
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", clientCa.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private String store(String name) {
        return directory.resolve(name + ".p12").toString();
    }

    private KeyStore load(String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(directory.resolve(name + ".p12"))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(FAST_JVM);
        command.addAll(List.of(arguments));
        Path log = directory.resolve("keytool.log");
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
                keytool.destroyForcibly();
                throw new IOException("keytool did not finish within 60s: " + command);
            }
        } catch (InterruptedException e) {
            keytool.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
        if (keytool.exitValue() != 0) {
            throw new IOException("keytool failed with exit code " + keytool.exitValue() + ": " + command + "\n"
                    + Files.readString(log));
        }
    }
}
