package org.labctl.ca.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.Caller;
import org.labctl.api.Conflict;
import org.labctl.api.EnrollRequest;
import org.labctl.api.Enrollment;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.PermissionDenied;
import org.labctl.api.RenewRequest;
import org.labctl.api.RenewedCertificate;
import org.labctl.api.ServerInfo;
import org.labctl.api.TokenInfo;
import org.labctl.api.Unauthenticated;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrollment: a lab-agent presents a join token and a CSR, and becomes a server with a certificate
 * for its own key. A token that does not match says nothing more than that; one that matches says
 * why it cannot be used (expired, revoked, used up, bound to another MAC).
 */
@Component(name = "org.labctl.ca.enrollment", service = EnrollmentService.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EnrollmentService.Configuration.class)
public class EnrollmentService {

    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentService.class);
    private static final Pattern SERVER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    @ObjectClassDefinition(name = "labd enrollment")
    public @interface Configuration {
        @AttributeDefinition(name = "Agent certificate lifetime",
                description = "A number and a unit: s, m, h or d (90d). Agents renew their certificate when a third of it is left")
        String agent_lifetime() default "90d";
    }

    private final CertificateAuthority ca;
    private final Database database;
    private final Inventory inventory;
    private final SqlSessionFactory sessions;
    private final Duration agentLifetime;

    @Activate
    public EnrollmentService(@Reference CertificateAuthority ca, @Reference Database database, @Reference Inventory inventory,
                             Configuration config) {
        this.ca = ca;
        this.database = database;
        this.inventory = inventory;
        this.sessions = database.sessionFactory(TokenMapper.class, CaMapper.class);
        this.agentLifetime = lifetime(config.agent_lifetime());
    }

    /**
     * Enrolls an agent.
     *
     * @param remoteAddress the address the request's connection comes from, as the servlet container
     *                      sees it: a token bound to an address admits only enrollments from there
     */
    public Enrollment enroll(EnrollRequest request, String remoteAddress) {
        if (request == null) {
            throw new InvalidArgument("send {\"token\": …, \"csr\": …, \"hostname\": …} to enroll (lab-agent enroll does)");
        }
        Tokens.Parsed token = Tokens.parse(request.token())
                .orElseThrow(() -> new Unauthenticated("the join token is not valid: copy it whole from 'labctl create token'"));
        String name = serverName(request.name() == null || request.name().isBlank() ? request.hostname() : request.name());
        String mac = TokenService.mac(request.mac());
        if (request.csr() == null || request.csr().isBlank()) {
            throw new InvalidArgument("an agent needs a certificate signing request ('csr'): lab-agent enroll makes one");
        }
        String tokenId = Tokens.uuid(token.id()).orElseThrow();
        String serverId = UUID.randomUUID().toString();
        CertificateRequest certificate = agentCertificate(name, serverId);
        // Signing needs no database: doing it first keeps the one transaction below short. A refused
        // enrollment throws the certificate away unrecorded and unsent.
        IssuedCertificate issued = ca.sign(request.csr(), certificate);

        TokenInfo used = database.transaction(sessions, s -> {
            TokenMapper mapper = s.getMapper(TokenMapper.class);
            String storedHash = mapper.hash(tokenId);
            if (storedHash == null || !MessageDigest.isEqual(storedHash.getBytes(StandardCharsets.US_ASCII),
                    Tokens.hash(token.secret()).getBytes(StandardCharsets.US_ASCII))) {
                throw new Unauthenticated("the join token is not valid: copy it whole from 'labctl create token'");
            }
            TokenInfo info = TokenService.info(mapper.find(tokenId));
            if (!"active".equals(info.state())) {
                throw new Unauthenticated("the join token is " + info.state() + ": ask an admin for a new one");
            }
            if (info.mac() != null && !info.mac().equals(mac)) {
                throw new PermissionDenied("the join token is bound to another machine (MAC address): use the token made for this one");
            }
            String bound = mapper.find(tokenId).address();
            if (bound != null && !BoundAddress.parse(bound).contains(remoteAddress)) {
                // a kickstart's token used from elsewhere than the machine it was served to: stolen, or a NAT between
                // (the bastion's enroll.from); the log names the token by its id, never its secret
                LOG.warn("Enrollment refused: token {} is bound to address {}, the request came from {} (name {}, MAC {})",
                        token.id(), bound, remoteAddress, name, mac == null ? "-" : mac);
                throw new PermissionDenied("the join token is bound to the address of the machine it was made for, and this "
                        + "enrollment comes from another: enroll from that machine (a bastion's enroll.from names the address "
                        + "labd sees when a NAT lies between)");
            }
            if (mapper.consume(tokenId) == 0) {
                // another enrollment took the last use between our read and now
                throw new Unauthenticated("the join token is used-up: ask an admin for a new one");
            }
            if (!inventory.enroll(new Inventory.Enrolling(serverId, name, request.hostname(), mac, info.cloud(), info.environment(),
                    info.labels(), tokenId), s)) {
                throw new Conflict("a server named " + name + " is already enrolled: enroll under another --name, "
                        + "or delete server/" + name + " first");
            }
            CaService.record(s.getMapper(CaMapper.class), issued, certificate, serverId);
            return info;
        });
        LOG.info("Enrolled server {} ({}) with token {} into {}/{}", name, serverId, token.id(), used.cloud(),
                used.environment() == null ? "-" : used.environment());
        return new Enrollment(serverId, name, used.cloud(), used.environment(), used.labels(), issued.pem(), ca.certificatePem());
    }

    /**
     * A new certificate for an enrolled agent's key, asked for over its current certificate (lab-agent
     * does when a third of the lifetime is left): same name and server, a fresh lifetime. The
     * previous certificate stays valid until it expires, so an agent that loses the answer keeps
     * working and asks again.
     */
    public RenewedCertificate renew(Object callerAttribute, RenewRequest request) {
        if (!(callerAttribute instanceof Caller caller) || caller.kind() != Caller.Kind.AGENT) {
            throw new PermissionDenied("only an agent renews its certificate here, over the certificate it renews");
        }
        if (request == null || request.csr() == null || request.csr().isBlank()) {
            throw new InvalidArgument("send {\"csr\": …} signed with the agent's key to renew (lab-agent does)");
        }
        String serverId = caller.name();
        String name = inventory.serverWithId(serverId).map(ServerInfo::name)
                .orElseThrow(() -> new NotFoundException("server " + serverId + " is no longer enrolled: enroll this agent again"));
        CertificateRequest certificate = agentCertificate(name, serverId);
        IssuedCertificate issued = ca.sign(request.csr(), certificate);
        try {
            // the record refers to the server: recorded before a deletion of the server commits, it is
            // revoked with the server's others; after, the database refuses it (a Conflict)
            database.transaction(sessions, s -> {
                CaService.record(s.getMapper(CaMapper.class), issued, certificate, serverId);
                return null;
            });
        } catch (Conflict deleted) {
            throw new NotFoundException("server " + name + " is no longer enrolled: enroll this agent again");
        }
        LOG.info("Renewed the certificate of server {} ({}): serial {} until {}", name, serverId, issued.serial(), issued.notAfter());
        return new RenewedCertificate(issued.pem(), ca.certificatePem(), issued.notAfter().toString());
    }

    private CertificateRequest agentCertificate(String name, String serverId) {
        return new CertificateRequest(CertificateKind.AGENT, name, List.of("labctl://server/" + serverId), List.of(), List.of(),
                agentLifetime);
    }

    /**
     * {@code <n>s|m|h|d}, at least 30 seconds (short lifetimes are for trying renewal out: agents
     * renew when a third is left, and look at every heartbeat).
     */
    static Duration lifetime(String value) {
        var m = Pattern.compile("\\s*(\\d{1,6})\\s*([smhd])\\s*").matcher(value == null ? "" : value);
        if (!m.matches()) {
            throw new IllegalArgumentException("agent.lifetime must be a number and a unit (s, m, h or d), like 90d; got '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration lifetime = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (lifetime.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalArgumentException("agent.lifetime must be at least 30s, got '" + value + "'");
        }
        return lifetime;
    }

    /** The id of a join token as printed (for the audit row of its enrollment), if it has the token's shape. */
    public static Optional<String> tokenId(EnrollRequest request) {
        return request == null ? Optional.empty() : Tokens.parse(request.token()).map(Tokens.Parsed::id);
    }

    static String serverName(String name) {
        String candidate = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (!SERVER_NAME.matcher(candidate).matches()) {
            throw new InvalidArgument("server name '" + (name == null ? "" : name) + "' is not valid: lower-case letters, "
                    + "digits, '-' and '.', starting and ending with a letter or digit, at most 63 characters (use --name)");
        }
        return candidate;
    }
}
