package org.labctl.ca.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.CreatedToken;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Labels;
import org.labctl.api.NotFoundException;
import org.labctl.api.Permission;
import org.labctl.api.PermissionDenied;
import org.labctl.api.ServerInfo;
import org.labctl.api.TokenDetail;
import org.labctl.api.TokenInfo;
import org.labctl.ca.CertificateAuthority;
import org.labctl.core.Access;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Join tokens: created (the secret shown once, a hash stored), listed with their state, revoked. */
@Component(name = "org.labctl.ca.tokens", service = {TokenService.class, org.labctl.ca.JoinTokens.class}, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TokenService.Configuration.class)
public class TokenService implements org.labctl.ca.JoinTokens {

    static final String DEFAULT_CLOUD = "baremetal";
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}[:-]){5}[0-9a-f]{2}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "labd join tokens")
    public @interface Configuration {
        @AttributeDefinition(name = "Default lifetime (hours)", description = "How long a token is valid when no TTL is given")
        int token_default_ttl_hours() default 24;
    }

    private final CertificateAuthority ca;
    private final Database database;
    private final Inventory inventory;
    private final SqlSessionFactory sessions;
    private final Duration defaultTtl;

    @Activate
    public TokenService(@Reference CertificateAuthority ca, @Reference Database database, @Reference Inventory inventory,
                        Configuration config) {
        if (config.token_default_ttl_hours() < 1) {
            throw new IllegalArgumentException("token.default.ttl.hours must be at least 1, got " + config.token_default_ttl_hours());
        }
        this.ca = ca;
        this.database = database;
        this.inventory = inventory;
        this.sessions = database.sessionFactory(TokenMapper.class);
        this.defaultTtl = Duration.ofHours(config.token_default_ttl_hours());
    }

    /**
     * A token made for a user: besides {@code manage:*:*:tokens}, which the REST gate checked, the
     * user must be allowed to manage the environment the token places servers in
     * ({@code manage:CLOUD:ENV:*}, {@code -} for none), since whoever holds the token adds a server
     * there (a bastion too, with the bastion label).
     */
    public CreatedToken create(CreateTokenRequest request, Access caller) {
        if (request != null) {
            String cloud = request.cloud() == null || request.cloud().isBlank() ? DEFAULT_CLOUD : request.cloud().trim();
            String environment = request.environment() == null || request.environment().isBlank()
                    ? Permission.NO_ENVIRONMENT : request.environment().trim();
            Access.Verdict placing = caller.check("manage", cloud, environment, Permission.ANY);
            if (!placing.allowed()) {
                throw new PermissionDenied("a join token adds a server to " + cloud + "/" + environment + ", which needs manage:"
                        + cloud + ":" + environment + ":* (" + placing.reason() + ")");
            }
        }
        return create(request, caller.caller().name());
    }

    @Override
    public CreatedToken create(CreateTokenRequest request, String createdBy) {
        return create(request, null, createdBy);
    }

    @Override
    public CreatedToken create(CreateTokenRequest request, String boundAddress, String createdBy) {
        String address;
        try {
            address = boundAddress == null ? null : BoundAddress.parse(boundAddress).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("the address a token is bound to: " + e.getMessage());
        }
        if (request == null) {
            throw new InvalidArgument("send a token request body (labctl create token makes one)");
        }
        if (request.uses() != null && !request.reusable()) {
            throw new InvalidArgument("a use limit (--uses) is for reusable tokens: add --reusable, or leave --uses out "
                    + "for a one-time token");
        }
        if (request.uses() != null && request.uses() < 1) {
            throw new InvalidArgument("--uses must be at least 1, got " + request.uses());
        }
        String cloud = request.cloud() == null || request.cloud().isBlank() ? DEFAULT_CLOUD : request.cloud().trim();
        String environment = request.environment() == null || request.environment().isBlank() ? null : request.environment().trim();
        Map<String, String> labels = Labels.validate(request.labels());
        String mac = mac(request.mac());
        Duration ttl = request.ttlSeconds() <= 0 ? defaultTtl : Duration.ofSeconds(request.ttlSeconds());
        OffsetDateTime expires = OffsetDateTime.ofInstant(Instant.now().plus(ttl), ZoneOffset.UTC);
        String kind = request.reusable() ? "reusable" : "one-time";
        Integer maxUses = request.reusable() ? request.uses() : Integer.valueOf(1);
        String fingerprint = ca.fingerprint();
        String[] idAndSecret = Tokens.newIdAndSecret();
        String id = Tokens.uuid(idAndSecret[0]).orElseThrow();
        if (!inventory.placeExists(cloud, null)) {
            throw new NotFoundException("no cloud " + cloud + " (labctl get clouds lists them; labctl create cloud " + cloud + ")");
        }
        if (environment != null && !inventory.placeExists(cloud, environment)) {
            throw new NotFoundException("no environment " + environment + " in cloud " + cloud
                    + " (labctl create environment " + environment + " --cloud " + cloud + ")");
        }
        TokenMapper.TokenRow row = database.transaction(sessions, s -> {
            TokenMapper mapper = s.getMapper(TokenMapper.class);
            mapper.insert(id, Tokens.hash(idAndSecret[1]), kind, maxUses, expires, cloud, environment, json(labels), mac,
                    request.description(), createdBy, address);
            return mapper.find(id);
        });
        return new CreatedToken(info(row), Tokens.format(fingerprint, idAndSecret[0], idAndSecret[1]), fingerprint);
    }

    public List<TokenInfo> list() {
        return database.transaction(sessions, s -> s.getMapper(TokenMapper.class).list()).stream().map(TokenService::info).toList();
    }

    /** One token with the servers that enrolled with it, as far as the caller may read them. */
    public TokenDetail describe(String id, Access access) {
        String uuid = uuid(id);
        TokenMapper.TokenRow row = database.transaction(sessions, s -> s.getMapper(TokenMapper.class).find(uuid));
        if (row == null) {
            throw new NotFoundException("no token " + id + " (labctl get tokens lists them)");
        }
        List<String> servers = inventory.enrolledWith(uuid).stream()
                .filter(server -> access.allows("read", server.cloud(), server.environment() == null ? "-" : server.environment(),
                        server.name()))
                .map(ServerInfo::name).toList();
        return new TokenDetail(info(row), servers);
    }

    private static String uuid(String id) {
        return Tokens.uuid(id).orElseThrow(() -> new InvalidArgument("'" + id + "' is not a token id: "
                + "labctl get tokens shows them (32 hexadecimal digits)"));
    }

    /** Revokes a token; revoking a revoked token changes nothing. */
    public TokenInfo revoke(String id) {
        String uuid = uuid(id);
        return info(database.transaction(sessions, s -> {
            TokenMapper mapper = s.getMapper(TokenMapper.class);
            if (mapper.find(uuid) == null) {
                throw new NotFoundException("no token " + id + " (labctl get tokens lists them)");
            }
            mapper.revoke(uuid);
            return mapper.find(uuid);
        }));
    }

    @Override
    public int revokeUnused(String cloud, String environment, String mac, String createdBy) {
        String bound = mac(mac);
        if (bound == null || environment == null || createdBy == null) {
            throw new InvalidArgument("revoking a machine's tokens needs its environment, MAC address and their creator");
        }
        return database.transaction(sessions, s -> s.getMapper(TokenMapper.class).revokeUsable(cloud, environment, bound, createdBy));
    }

    static String mac(String mac) {
        if (mac == null || mac.isBlank()) {
            return null;
        }
        String lower = mac.trim().toLowerCase(Locale.ROOT);
        if (!MAC.matcher(lower).matches()) {
            throw new InvalidArgument("'" + mac + "' is not a MAC address: use six hexadecimal pairs, like 52:54:00:12:34:56");
        }
        return lower.replace('-', ':');
    }

    static TokenInfo info(TokenMapper.TokenRow row) {
        Instant now = Instant.now();
        String state;
        if (row.revokedAt() != null) {
            state = "revoked";
        } else if (row.expiresAt() != null && row.expiresAt().toInstant().isBefore(now)) {
            state = "expired";
        } else if (row.maxUses() != null && row.uses() >= row.maxUses()) {
            state = "used-up";
        } else {
            state = "active";
        }
        Integer usesLeft = row.maxUses() == null ? null : Math.max(0, row.maxUses() - row.uses());
        return new TokenInfo(row.id().replace("-", ""), row.kind(), usesLeft, row.uses(), iso(row.expiresAt()), row.cloud(),
                row.environment(), parse(row.labels()), row.mac(), row.description(), state, row.createdBy(),
                iso(row.createdAt()), iso(row.lastUsedAt()));
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON", e);
        }
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
