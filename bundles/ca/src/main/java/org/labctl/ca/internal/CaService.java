package org.labctl.ca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Unavailable;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;
import org.labctl.ca.SecretBox;
import org.labctl.core.Database;
import org.labctl.core.Labd;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root CA, created by the first labd that reaches the database and shared by all. Its private
 * key is sealed with the master key before it is stored and opened only in memory. Revoked serials
 * are reloaded from the database every few seconds, so that a revocation made through any labd
 * instance takes effect on all of them, and kept in {@code <labd.data>/tls/revoked-serials}, so that
 * a restarted instance refuses them from its first handshake on, also while the database is down.
 * An instance that knows no revoked serials yet (none from the database, no file) vouches for no
 * certificate at all.
 */
@Component(name = "org.labctl.ca", service = CertificateAuthority.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CaConfiguration.class)
public class CaService implements CertificateAuthority {

    static final String ROOT = "root";
    private static final Logger LOG = LoggerFactory.getLogger(CaService.class);

    private final Database database;
    private final SecretBox secrets;
    private final SqlSessionFactory sessions;
    private final Duration caLifetime;
    private final ScheduledExecutorService refresher;
    private final Path revokedFile;
    private volatile Root root;
    /** null until known, from the file of the previous run or from the database */
    private volatile Set<BigInteger> revoked;
    /** what the file holds: set before the refresher starts, then by the refresher alone */
    private Set<BigInteger> kept;

    private record Root(X509Certificate certificate, PrivateKey key, String pem, String fingerprint) {
    }

    @Activate
    public CaService(@Reference Database database, @Reference SecretBox secrets, @Reference Labd labd, CaConfiguration config) {
        if (config.ca_lifetime_days() < 30) {
            throw new IllegalArgumentException("ca.lifetime.days must be at least 30, got " + config.ca_lifetime_days());
        }
        if (config.revocation_refresh_ms() < 100) {
            throw new IllegalArgumentException("revocation.refresh.ms must be at least 100, got " + config.revocation_refresh_ms());
        }
        this.database = database;
        this.secrets = secrets;
        this.sessions = database.sessionFactory(CaMapper.class);
        this.caLifetime = Duration.ofDays(config.ca_lifetime_days());
        this.revokedFile = labd.dataDirectory().resolve("tls").resolve("revoked-serials");
        try {
            this.revoked = RevokedSerials.read(revokedFile);
            this.kept = revoked;
        } catch (IOException e) {
            LOG.warn("Cannot read the revoked serials of the last run, refusing every client certificate until the "
                    + "database answers: {}", e.getMessage());
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labd-ca-revocations");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, config.revocation_refresh_ms(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        refresher.shutdownNow();
    }

    private void refresh() {
        try {
            if (root == null) {
                root = loadOrCreate();
            }
            Set<BigInteger> loaded = database.transaction(sessions, s -> s.getMapper(CaMapper.class).revokedSerials()).stream()
                    .map(serial -> new BigInteger(serial, 16)).collect(Collectors.toUnmodifiableSet());
            revoked = loaded;
            keep(loaded);
        } catch (Unavailable notYet) {
            LOG.debug("certificate authority waits for the database: {}", notYet.getMessage());
        } catch (RuntimeException e) {
            LOG.error("certificate authority: {}", e.getMessage());
        }
    }

    private void keep(Set<BigInteger> loaded) {
        if (loaded.equals(kept)) {
            return;
        }
        try {
            RevokedSerials.write(revokedFile, loaded);
            kept = loaded;
        } catch (IOException e) {
            LOG.warn("Cannot keep the revoked serials in {}: {}", revokedFile, e.getMessage());
        }
    }

    private Root root() {
        Root current = root;
        if (current == null) {
            synchronized (this) {
                if (root == null) {
                    root = loadOrCreate();
                }
                current = root;
            }
        }
        return current;
    }

    private Root loadOrCreate() {
        CaMapper.StoredCa stored = database.transaction(sessions, s -> s.getMapper(CaMapper.class).findAuthority(ROOT));
        if (stored == null) {
            KeyPair keys = Certificates.newKeyPair();
            X509Certificate certificate = Certificates.selfSignedCa("labd root CA", keys, caLifetime);
            SecretBox.Sealed sealed = secrets.seal(keys.getPrivate().getEncoded(), "ca-key:" + ROOT);
            int inserted = database.transaction(sessions, s -> s.getMapper(CaMapper.class).insertAuthorityIfAbsent(ROOT,
                    Certificates.pem(certificate), sealed.ciphertext(), sealed.nonce(),
                    OffsetDateTime.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC)));
            if (inserted == 1) {
                LOG.info("Created the root CA {}", Certificates.fingerprint(certificate));
            }
            stored = database.transaction(sessions, s -> s.getMapper(CaMapper.class).findAuthority(ROOT));
        }
        X509Certificate certificate = Certificates.certificateFromPem(stored.certificatePem());
        PrivateKey key = Certificates.privateKey(
                secrets.open(new SecretBox.Sealed(stored.keyNonce(), stored.keyCiphertext()), "ca-key:" + ROOT));
        return new Root(certificate, key, stored.certificatePem(), Certificates.fingerprint(certificate));
    }

    @Override
    public X509Certificate certificate() {
        return root().certificate();
    }

    @Override
    public String certificatePem() {
        return root().pem();
    }

    @Override
    public String fingerprint() {
        return root().fingerprint();
    }

    @Override
    public IssuedCertificate issue(String csrPem, CertificateRequest request) {
        IssuedCertificate issued = sign(csrPem, request);
        database.transaction(sessions, s -> {
            record(s.getMapper(CaMapper.class), issued, request, null);
            return null;
        });
        return issued;
    }

    @Override
    public IssuedCertificate sign(String csrPem, CertificateRequest request) {
        if (request.lifetime().isNegative() || request.lifetime().isZero()) {
            throw new InvalidArgument("a certificate lifetime must be positive, got " + request.lifetime());
        }
        Root ca = root();
        var publicKey = Certificates.publicKeyOfCsr(csrPem);
        BigInteger serial = Certificates.newSerial();
        X509Certificate certificate = Certificates.issue(ca.certificate(), ca.key(), publicKey, request, serial);
        return new IssuedCertificate(Certificates.serialHex(serial), Certificates.pem(certificate),
                Certificates.fingerprint(certificate), certificate.getSubjectX500Principal().getName(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }

    /** Records a certificate {@link #sign} made, in the caller's transaction. */
    /** Records a certificate; {@code serverId}: the server of an agent certificate (core's id), else null. */
    static void record(CaMapper mapper, IssuedCertificate issued, CertificateRequest request, String serverId) {
        mapper.insertCertificate(issued.serial(), issued.subject(), request.kind().name().toLowerCase(java.util.Locale.ROOT),
                request.commonName(), serverId, issued.fingerprint(), issued.pem(),
                OffsetDateTime.ofInstant(issued.notBefore(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(issued.notAfter(), ZoneOffset.UTC));
    }

    @Override
    public void revoke(String serial, String reason) {
        String normalized = serial.toLowerCase(java.util.Locale.ROOT).replace(":", "");
        database.transaction(sessions, s -> {
            CaMapper mapper = s.getMapper(CaMapper.class);
            if (mapper.countBySerial(normalized) == 0) {
                throw new org.labctl.api.NotFoundException("no certificate with serial " + normalized);
            }
            mapper.revoke(normalized, reason);
            return null;
        });
        Set<BigInteger> known = revoked;
        if (known != null) {
            Set<BigInteger> updated = new java.util.HashSet<>(known);
            updated.add(new BigInteger(normalized, 16));
            revoked = Set.copyOf(updated);
        }
    }

    @Override
    public boolean isRevoked(BigInteger serial) {
        Set<BigInteger> known = revoked;
        return known == null || known.contains(serial);
    }
}
