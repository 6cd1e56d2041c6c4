package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity service against a real mutual-TLS server (the JDK's HttpsServer, requiring a client
 * certificate issued by the test's CA, as labd does): calls present the agent's certificate, and the one
 * renewal put in agent.crt from the next call on.
 */
class LabdIdentityTest {

    @TempDir
    Path data;

    private final KeyPair caKeys = Pems.newKeyPair();
    private final X509Certificate ca = certificate("CN=labctl test CA", caKeys.getPublic(), 1, true, false);
    private final KeyPair agentKeys = Pems.newKeyPair();
    private HttpsServer labd;
    private AgentFiles files;

    @BeforeEach
    void startLabd() throws Exception {
        KeyPair serverKeys = Pems.newKeyPair();
        X509Certificate serverCertificate = certificate("CN=labd", serverKeys.getPublic(), 2, false, true);
        SSLContext tls = AgentTls.context(ca, serverCertificate, serverKeys.getPrivate());
        labd = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        labd.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                var ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        labd.createContext("/api/v1/whoami", exchange -> {
            String answer;
            try {
                X509Certificate client = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
                answer = client.getSubjectX500Principal().getName() + " serial " + client.getSerialNumber();
            } catch (SSLPeerUnverifiedException e) {
                answer = "anonymous";
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        labd.start();
        files = new AgentFiles(data);
        files.write(files.key(), Pems.privateKey(agentKeys.getPrivate()), true);
        files.write(files.certificate(), Pems.pem(certificate("CN=web-1", agentKeys.getPublic(), 10, false, false)), false);
        files.write(files.ca(), Pems.pem(ca), false);
        files.write(files.properties(), "server=https://127.0.0.1:" + labd.getAddress().getPort() + "\nserver.id=0b5e0c4e-1111-4222-8333-944455556666\nname=web-1\n", false);
    }

    @AfterEach
    void stopLabd() {
        labd.stop(0);
    }

    @Test
    void callsPresentTheAgentsCertificateAndTheRenewedOneAfterARenewal() throws Exception {
        LabdIdentity identity = new LabdIdentity(files);
        assertEquals(URI.create("https://127.0.0.1:" + labd.getAddress().getPort()), identity.server());
        assertEquals("0b5e0c4e-1111-4222-8333-944455556666", identity.serverId());
        assertEquals("web-1", identity.serverName());

        HttpClient first = identity.http();
        assertEquals("CN=web-1 serial 10", whoami(identity));
        assertSame(first, identity.http(), "the same client while the certificate stays");

        files.write(files.certificate(), Pems.pem(certificate("CN=web-1", agentKeys.getPublic(), 11, false, false)), false);
        assertNotSame(first, identity.http());
        assertEquals("CN=web-1 serial 11", whoami(identity), "the renewed certificate from the next call on");
    }

    @Test
    void labdRefusesAClientWithoutTheAgentsCertificate() {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(AgentTls.context(ca, null, null)).build();
        assertThrows(IOException.class, () -> anonymous.send(request(), HttpResponse.BodyHandlers.ofString()),
                "the test server must require a client certificate, or the test above proves nothing");
    }

    @Test
    void anAgentThatIsNotEnrolledHasNoIdentity() throws Exception {
        Files.delete(files.certificate());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new LabdIdentity(files));
        assertEquals("not enrolled (no certificate in " + data + "): run lab-agent enroll first", refused.getMessage());
    }

    private String whoami(LabdIdentity identity) throws Exception {
        HttpResponse<String> response = identity.http().send(request(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + labd.getAddress().getPort() + "/api/v1/whoami"))
                .timeout(Duration.ofSeconds(10)).build();
    }

    /** A certificate signed by the test CA (the CA itself when {@code ca}), for 127.0.0.1 when {@code server}. */
    private X509Certificate certificate(String subject, PublicKey key, long serial, boolean isCa, boolean server) {
        try {
            PrivateKey signer = caKeys.getPrivate();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=labctl test CA"),
                    BigInteger.valueOf(serial), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
