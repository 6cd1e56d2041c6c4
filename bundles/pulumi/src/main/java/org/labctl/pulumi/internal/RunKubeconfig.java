package org.labctl.pulumi.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;

/**
 * The kubeconfig a run's program reaches its cluster with: labd's own kubectl proxy ({@code /k8s/CLUSTER}), as the
 * user who started the run, with a certificate of theirs issued for the run and revoked when it ends. So every request
 * the program's providers make is authorized ({@code kubectl:CLOUD:ENV:CLUSTER}), impersonated and audited as the
 * user's own kubectl's are, and the program never holds the cluster's credential, nor anything the user may not do.
 */
final class RunKubeconfig implements AutoCloseable {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final CertificateAuthority ca;
    private final Path file;
    private final String serial;

    private RunKubeconfig(CertificateAuthority ca, Path file, String serial) {
        this.ca = ca;
        this.file = file;
        this.serial = serial;
    }

    /**
     * Issues the user's certificate for the run and writes the kubeconfig (0600) as {@code file}.
     *
     * @param labdUrl how the engine reaches labd's listener, {@code https://127.0.0.1:8443}
     */
    static RunKubeconfig issue(CertificateAuthority ca, String user, String cluster, String labdUrl, Duration lifetime,
                               Path file) throws IOException {
        KeyPair keys = keyPair();
        IssuedCertificate issued = ca.issue(csr(keys, user), new CertificateRequest(CertificateKind.USER, user,
                List.of("labctl://user/" + user), List.of(), List.of(), lifetime));
        RunKubeconfig config = new RunKubeconfig(ca, file, issued.serial());
        try {
            String yaml = "apiVersion: v1\nkind: Config\ncurrent-context: " + cluster + "\n"
                    + "clusters:\n- name: " + cluster + "\n  cluster:\n"
                    + "    server: " + labdUrl + "/k8s/" + cluster + "\n"
                    + "    certificate-authority-data: " + base64(ca.certificatePem()) + "\n"
                    + "users:\n- name: " + user + "\n  user:\n"
                    + "    client-certificate-data: " + base64(issued.pem()) + "\n"
                    + "    client-key-data: " + base64(pkcs8(keys)) + "\n"
                    + "contexts:\n- name: " + cluster + "\n  context:\n    cluster: " + cluster + "\n    user: " + user + "\n";
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return config;
        } catch (IOException | RuntimeException e) {
            config.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** Revokes the run's certificate and deletes the kubeconfig. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the certificate is revoked below: the file is of no use any more
        }
        ca.revoke(serial, "the pulumi run it was issued for has ended");
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC P-256 key pair generator", e);
        }
    }

    private static String csr(KeyPair keys, String user) {
        try {
            var name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "labctl").addRDN(BCStyle.CN, user).build();
            var request = new JcaPKCS10CertificationRequestBuilder(name, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(keys.getPrivate()));
            return pem(request);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no SHA256withECDSA signer", e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The private key as PKCS#8 PEM, which Go's TLS (the providers') reads; BouncyCastle's writer gives SEC1. */
    private static String pkcs8(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
