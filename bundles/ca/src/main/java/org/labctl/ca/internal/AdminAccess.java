package org.labctl.ca.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;
import org.labctl.core.Labd;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: creates user {@code admin} and writes the admin's labctl config (server URL, CA,
 * client certificate and key, 0600) to {@code <labd.data>/admin.labctl.yaml}, which {@code ./lab up}
 * points {@code LABCTL_CONFIG} at. The key is generated here and exists only in that file. A config
 * made for another CA or another port is replaced.
 */
@Component(configurationPid = "org.labctl.ca.tls", immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class AdminAccess {

    static final String ADMIN = "admin";
    static final String FILE = "admin.labctl.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(AdminAccess.class);

    private final CertificateAuthority ca;
    private final UserService users;
    private final ConfigurationAdmin configurations;
    private final Path file;
    private final Duration lifetime;
    private final Retry retry;

    @Activate
    public AdminAccess(@Reference CertificateAuthority ca, @Reference UserService users, @Reference Labd labd,
                       @Reference ConfigurationAdmin configurations, TlsConfiguration config) {
        this.ca = ca;
        this.users = users;
        this.configurations = configurations;
        this.file = labd.dataDirectory().resolve(FILE);
        this.lifetime = Duration.ofDays(config.admin_lifetime_days());
        this.retry = new Retry("admin-config", LOG, this::ensure);
    }

    @Deactivate
    void deactivate() {
        retry.close();
    }

    private void ensure() {
        try {
            String caPem = ca.certificatePem();
            String server = "server: https://127.0.0.1:" + httpsPort() + "\n";
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8);
                if (existing.contains(indent(caPem)) && existing.contains(server)) {
                    return;
                }
            }
            users.ensureFirstAdministrator(ADMIN);
            KeyPair keys = Certificates.newKeyPair();
            IssuedCertificate issued = ca.issue(Certificates.csr(keys, ADMIN), new CertificateRequest(CertificateKind.USER,
                    ADMIN, List.of("labctl://user/" + ADMIN), List.of(), List.of(), lifetime));
            String yaml = "# labctl config for user " + ADMIN + ", written by labd on first start. Keep it secret:\n"
                    + "# it holds the admin's private key. Use it with: export LABCTL_CONFIG=" + file + "\n"
                    + server
                    + "user: " + ADMIN + "\n"
                    + "ca: |\n" + indent(caPem)
                    + "cert: |\n" + indent(issued.pem())
                    + "key: |\n" + indent(Certificates.pkcs8Pem(keys.getPrivate()));
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Wrote the admin config {} (certificate {})", file, issued.serial());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String httpsPort() throws IOException {
        Dictionary<String, Object> properties = configurations.getConfiguration("org.ops4j.pax.web", "?").getProperties();
        Object port = properties == null ? null : properties.get("org.osgi.service.http.port.secure");
        return port == null ? "8443" : port.toString();
    }

    private static String indent(String pem) {
        StringBuilder out = new StringBuilder();
        pem.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
