package org.labctl.agent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import org.labctl.api.session.AgentIdentity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The agent's identity for the other bundles of its runtime ({@link AgentIdentity}): labd's URL, the
 * server's id and name from {@code agent.properties}, and TLS with the agent's key and certificate,
 * trusting labd's CA. The certificate and CA are read again at each call, so that a renewal (which
 * replaces {@code agent.crt} atomically) is seen at once; TLS and the HTTP client are built again only
 * when they changed. Registered only when the agent is enrolled, as the agent's connection runs only then.
 */
@Component(name = "org.labctl.agent.identity", service = AgentIdentity.class)
public final class LabdIdentity implements AgentIdentity {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final AgentFiles files;
    private final URI server;
    private final String serverId;
    private final String serverName;
    private Credentials current;

    @Activate
    public LabdIdentity(BundleContext context) throws IOException {
        this(AgentFiles.of(context));
    }

    LabdIdentity(AgentFiles files) throws IOException {
        if (!files.enrolled()) {
            throw new IllegalStateException("not enrolled (no certificate in " + files.directory() + "): run lab-agent enroll first");
        }
        Properties properties = files.load();
        this.files = files;
        this.server = URI.create(properties.getProperty("server"));
        this.serverId = properties.getProperty("server.id");
        this.serverName = properties.getProperty("name");
    }

    @Override
    public URI server() {
        return server;
    }

    @Override
    public String serverId() {
        return serverId;
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public SSLContext tls() {
        return credentials().tls();
    }

    @Override
    public HttpClient http() {
        return credentials().http();
    }

    /** TLS for the certificate and CA in the data directory now: the last ones built, unless the files changed. */
    private synchronized Credentials credentials() {
        String certificate = read(files.certificate());
        String ca = read(files.ca());
        if (current == null || !current.certificate().equals(certificate) || !current.ca().equals(ca)) {
            SSLContext tls = AgentTls.context(Pems.certificate(ca), Pems.certificate(certificate), Pems.privateKey(read(files.key())));
            HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT).build();
            current = new Credentials(certificate, ca, tls, http);
        }
        return current;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the TLS context and client were built from (PEM text), and them. */
    private record Credentials(String certificate, String ca, SSLContext tls, HttpClient http) {
    }
}
