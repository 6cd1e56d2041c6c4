package org.labctl.ca.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.CertificateInfo;
import org.labctl.api.Conflict;
import org.labctl.api.CreateUserRequest;
import org.labctl.api.CreatedUser;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.Unavailable;
import org.labctl.api.UserInfo;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;
import org.labctl.core.Database;
import org.labctl.core.UserUse;
import org.labctl.core.Users;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * People who use labctl: created with a certificate for a key made on their side (only the CSR
 * reaches labd), listed, described, and deleted (which revokes their certificates first).
 */
@Component(name = "org.labctl.ca.users", service = {UserService.class, Users.class}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UserService.Configuration.class)
public class UserService implements Users {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,62}");

    @ObjectClassDefinition(name = "labd users")
    public @interface Configuration {
        @AttributeDefinition(name = "Default certificate lifetime (days)")
        int user_lifetime_days() default 90;

        @AttributeDefinition(name = "Longest certificate lifetime (days)")
        int user_max_lifetime_days() default 365;
    }

    private final CertificateAuthority ca;
    private final Database database;
    private final SqlSessionFactory sessions;
    private final Duration defaultLifetime;
    private final Duration maxLifetime;
    private final List<UserUse> uses = new CopyOnWriteArrayList<>();

    @Activate
    public UserService(@Reference CertificateAuthority ca, @Reference Database database, Configuration config) {
        if (config.user_lifetime_days() < 1 || config.user_lifetime_days() > config.user_max_lifetime_days()) {
            throw new IllegalArgumentException("user.lifetime.days must be between 1 and user.max.lifetime.days ("
                    + config.user_max_lifetime_days() + "), got " + config.user_lifetime_days());
        }
        this.ca = ca;
        this.database = database;
        this.sessions = database.sessionFactory(UserMapper.class, CaMapper.class);
        this.defaultLifetime = Duration.ofDays(config.user_lifetime_days());
        this.maxLifetime = Duration.ofDays(config.user_max_lifetime_days());
    }

    public CreatedUser create(CreateUserRequest request, String createdBy) {
        if (request == null) {
            throw new InvalidArgument("send {\"name\": …, \"csr\": …} to create a user");
        }
        String name = validName(request.name());
        Duration lifetime = request.ttlSeconds() <= 0 ? defaultLifetime : Duration.ofSeconds(request.ttlSeconds());
        if (lifetime.compareTo(maxLifetime) > 0) {
            throw new InvalidArgument("the certificate lifetime " + lifetime.toDays() + "d is longer than the "
                    + maxLifetime.toDays() + "d labd allows (user.max.lifetime.days)");
        }
        if (request.csr() == null || request.csr().isBlank()) {
            throw new InvalidArgument("a user needs a certificate signing request ('csr'): labctl create user makes one");
        }
        Certificates.publicKeyOfCsr(request.csr());
        database.transaction(sessions, s -> {
            if (s.getMapper(UserMapper.class).insertIfAbsent(name, request.description(), createdBy) == 0) {
                throw new Conflict("user " + name + " already exists: pick another name, or delete user/" + name + " first");
            }
            uses.forEach(use -> use.created(name, createdBy, s));
            return null;
        });
        IssuedCertificate issued;
        try {
            issued = ca.issue(request.csr(), new CertificateRequest(CertificateKind.USER, name,
                    List.of("labctl://user/" + name), List.of(), List.of(), lifetime));
        } catch (RuntimeException e) {
            database.transaction(sessions, s -> s.getMapper(UserMapper.class).delete(name));
            throw e;
        }
        return new CreatedUser(describe(name), issued.pem(), ca.certificatePem());
    }

    /**
     * Creates a user with a key pair made here, for the operator shell, where no labctl makes one:
     * the answer is the user's whole labctl config, private key included, shown once and kept nowhere.
     */
    public String createWithConfig(String name, long ttlSeconds, String description, String createdBy, String server) {
        java.security.KeyPair keys = Certificates.newKeyPair();
        CreatedUser created = create(new CreateUserRequest(name, Certificates.csr(keys, validName(name)), ttlSeconds, description),
                createdBy);
        return LabctlConfig.yaml("labctl config for user " + name + ", made in labd's operator shell by " + createdBy + ".\n"
                        + "It holds the user's private key: hand it over privately; labd keeps no copy.",
                server, name, created.ca(), created.certificate(), Certificates.pkcs8Pem(keys.getPrivate()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUse(UserUse use) {
        uses.add(use);
    }

    void removeUse(UserUse use) {
        uses.remove(use);
    }

    /**
     * Creates labd's first administrator unless it exists, and has the bundles that keep users' rights
     * (rbac) make it one: waits ({@link Unavailable}) until one is there, so that the admin config
     * labd writes on first start is never one of a user without rights.
     */
    void ensureFirstAdministrator(String name) {
        if (uses.isEmpty()) {
            throw new Unavailable("no bundle keeps roles yet (labd-rbac is not started): user " + name + " would have no rights");
        }
        database.transaction(sessions, s -> {
            s.getMapper(UserMapper.class).insertIfAbsent(name, "created on first start", "labd");
            uses.forEach(use -> use.created(name, "labd", s));
            return null;
        });
    }

    @Override
    public boolean exists(String name) {
        return name != null && NAME.matcher(name).matches()
                && database.transaction(sessions, s -> s.getMapper(UserMapper.class).find(name) != null);
    }

    public List<UserInfo> list() {
        return database.transaction(sessions, s -> {
            UserMapper mapper = s.getMapper(UserMapper.class);
            return mapper.list().stream().map(row -> info(row, mapper.certificates(row.name()))).toList();
        });
    }

    public UserInfo describe(String name) {
        return database.transaction(sessions, s -> {
            UserMapper mapper = s.getMapper(UserMapper.class);
            UserMapper.UserRow row = mapper.find(name);
            if (row == null) {
                throw new NotFoundException("no user " + name + " (labctl get users lists them)");
            }
            return info(row, mapper.certificates(name));
        });
    }

    /** Revokes every certificate of the user, then forgets the user. */
    public UserInfo delete(String name, String deletedBy) {
        if (AdminAccess.ADMIN.equals(name)) {
            throw new InvalidArgument("user admin cannot be deleted: it is labd's first administrator");
        }
        UserInfo user = describe(name);
        String why = "user " + name + " deleted by " + deletedBy;
        database.transaction(sessions, s -> {
            for (UserUse use : uses) {
                use.release(name, why, s);
            }
            s.getMapper(CaMapper.class).revokeOfUser(name, why);
            if (s.getMapper(UserMapper.class).delete(name) == 0) {
                throw new NotFoundException("no user " + name + " (labctl get users lists them)");
            }
            return null;
        });
        // revoked above with the deletion; this makes this instance refuse them at once
        for (CertificateInfo certificate : user.certificates()) {
            if (certificate.revokedAt() == null) {
                ca.revoke(certificate.serial(), why);
            }
        }
        return user;
    }

    static String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument("user name '" + (name == null ? "" : name) + "' is not valid: use lower case letters, "
                    + "digits, '.', '_' and '-', starting with a letter, at most 63 characters");
        }
        return name;
    }

    private static UserInfo info(UserMapper.UserRow row, List<UserMapper.CertificateRow> certificates) {
        return new UserInfo(row.name(), row.description(), row.createdBy(), iso(row.createdAt()),
                certificates.stream().map(c -> new CertificateInfo(c.serial(), c.fingerprint(), iso(c.notAfter()),
                        iso(c.revokedAt()))).toList());
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
