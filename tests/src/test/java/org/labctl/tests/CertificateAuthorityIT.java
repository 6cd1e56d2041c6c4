package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.labctl.api.HealthInfo;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.junit.jupiter.api.Test;

/**
 * The root CA of a real labd: created on first start, and its private key is nowhere in plain text
 * (database, log, API answers). The test opens the sealed key itself with the master key from the
 * data directory, as an independent check of the encryption labd claims.
 */
class CertificateAuthorityIT {

    @Test
    void theCaKeyIsStoredSealedAndNeverShown() throws Exception {
        Path dir = Repo.scratch("ca");
        try (LabdProcess labd = LabdProcess.unpack(dir).start()) {
            HealthInfo health = labd.awaitHealthy();
            String url = health.database().url();
            String password = Files.readString(labd.data().resolve("postgres/password")).trim();

            byte[][] row = Await.until(Duration.ofSeconds(60), "root CA created", () -> readCa(url, password));
            String certificatePem = new String(row[0], StandardCharsets.UTF_8);
            byte[] ciphertext = row[1];
            byte[] nonce = row[2];

            byte[] masterKey = Base64.getDecoder().decode(Files.readString(labd.data().resolve("master.key")).trim());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD("ca-key:root".getBytes(StandardCharsets.UTF_8));
            byte[] pkcs8 = cipher.doFinal(ciphertext);

            // the opened key is the CA's: it signs what the CA certificate verifies
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(ca.getPublicKey());
            verifier.update(new byte[] {1, 2, 3});
            assertTrue(verifier.verify(signature));
            assertEquals(0, ca.getBasicConstraints(), "a CA certificate with path length 0");

            // the key in any spelling appears nowhere
            String base64 = Base64.getEncoder().encodeToString(pkcs8);
            String hex = HexFormat.of().formatHex(pkcs8);
            String dump = dumpDatabase(url, password);
            assertFalse(dump.contains(base64) || dump.contains(hex), "the database holds the CA key in plain text");
            assertFalse(contains(ciphertext, pkcs8), "the stored ciphertext is not the key");
            String log = labd.log() + labd.output();
            assertFalse(log.contains(base64) || log.contains(hex) || log.contains("PRIVATE KEY"), "the log shows the CA key");
            for (String path : new String[] {"/api/v1/health", "/api/v1/version"}) {
                String body = labd.get(path).body();
                assertFalse(body.contains(base64) || body.contains("PRIVATE KEY"), path + " shows the CA key");
            }

            // a restart loads the same CA rather than making another
            labd.stop();
            labd.start().awaitHealthy();
            byte[][] again = Await.until(Duration.ofSeconds(60), "root CA read back", () -> readCa(url(labd), password));
            assertArrayEquals(row[0], again[0], "the same root CA after a restart");
        }
    }

    private static String url(LabdProcess labd) {
        return labd.health().database().url();
    }

    private static byte[][] readCa(String url, String password) {
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT certificate_pem, key_ciphertext, key_nonce FROM certificate_authorities "
                     + "WHERE name = 'root'")) {
            if (!rs.next()) {
                return null;
            }
            return new byte[][] {rs.getString(1).getBytes(StandardCharsets.UTF_8), rs.getBytes(2), rs.getBytes(3)};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of every table of labd's schema, as text. */
    private static String dumpDatabase(String url, String password) throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement()) {
            java.util.List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
