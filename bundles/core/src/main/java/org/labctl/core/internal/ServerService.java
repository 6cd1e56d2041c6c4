package org.labctl.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabelChange;
import org.labctl.api.Labels;
import org.labctl.api.Limits;
import org.labctl.api.MoveServerRequest;
import org.labctl.api.NotFoundException;
import org.labctl.api.PermissionDenied;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.core.Access;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.labctl.core.ServerCertificates;
import org.labctl.core.ServerUse;
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
 * Servers as people see them: listed and filtered by cloud, environment and labels, described,
 * labelled, moved to another environment, deleted (which revokes the agent's certificate). Status
 * is derived when asked: Revoked when the agent's certificate is revoked, Ready while heartbeats
 * arrive, NotReady after {@code not.ready.after.seconds} without one.
 */
@Component(name = "org.labctl.core.servers", service = ServerService.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerService.Configuration.class)
public class ServerService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @ObjectClassDefinition(name = "labd servers")
    public @interface Configuration {
        @AttributeDefinition(name = "NotReady after (seconds)",
                description = "A server whose agent sent no heartbeat for this long is NotReady (heartbeats come every 10 s)")
        int not_ready_after_seconds() default 30;
    }

    private final Database database;
    private final SqlSessionFactory sessions;
    private final List<ServerUse> uses = new CopyOnWriteArrayList<>();
    private final Duration notReadyAfter;

    @Activate
    public ServerService(@Reference Database database, Configuration config) {
        if (config.not_ready_after_seconds() < 5) {
            throw new IllegalArgumentException("not.ready.after.seconds must be at least 5, got " + config.not_ready_after_seconds());
        }
        this.database = database;
        this.sessions = database.sessionFactory(ServerMapper.class);
        this.notReadyAfter = Duration.ofSeconds(config.not_ready_after_seconds());
    }

    public List<ServerInfo> list(String cloud, String environment, Map<String, String> selector) {
        String selectorJson = selector == null || selector.isEmpty() ? null : json(Labels.validate(selector));
        return database.transaction(sessions, s -> infos(s, s.getMapper(ServerMapper.class).list(cloud, environment, selectorJson)));
    }

    /** The server with this id, or null. */
    public ServerInfo withId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            return null;
        }
        return database.transaction(sessions, s -> {
            ServerMapper.ServerRow row = s.getMapper(ServerMapper.class).findById(id);
            return row == null ? null : info(s, row);
        });
    }

    /** Whether the cloud ({@code environment} null) or the environment exists. */
    public boolean placeExists(String cloud, String environment) {
        return database.transaction(sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            return environment == null ? mapper.countClouds(cloud) > 0 : mapper.environmentId(cloud, environment) != null;
        });
    }

    /** The servers that enrolled with the join token. */
    public List<ServerInfo> enrolledWith(String tokenId) {
        return database.transaction(sessions, s -> infos(s, s.getMapper(ServerMapper.class).enrolledWith(tokenId)));
    }

    /** Records an enrolling server in the enrolling bundle's transaction; false when the name is taken. */
    public boolean enroll(Inventory.Enrolling server, SqlSession transaction) {
        Map<String, String> labels = server.labels() == null ? Map.of() : server.labels();
        return database.join(transaction, sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            if (mapper.enroll(server.id(), server.name(), server.hostname(), server.mac(), server.cloud(), server.environment(),
                    json(new TreeMap<>(labels)), labels.get("role"), server.tokenId()) == 1) {
                return true;
            }
            if (mapper.countByName(server.name()) > 0) {
                return false;
            }
            throw new NotFoundException("the join token's " + (server.environment() == null ? "cloud " + server.cloud()
                    : "environment " + server.cloud() + "/" + server.environment()) + " no longer exists: ask an admin for a new join token");
        });
    }

    /** Records a heartbeat in the caller's transaction; false when the server is gone. */
    public boolean seen(String serverId, String agentVersion, Map<String, Object> facts, SqlSession transaction) {
        String factsJson;
        try {
            factsJson = JSON.writeValueAsString(facts == null ? Map.of() : facts);
        } catch (JsonProcessingException e) {
            throw new InvalidArgument("facts are not JSON");
        }
        return database.join(transaction, sessions, s -> s.getMapper(ServerMapper.class).seen(serverId, agentVersion, factsJson) == 1);
    }

    public ServerDetail describe(String name) {
        return database.transaction(sessions, s -> {
            ServerMapper.ServerRow row = s.getMapper(ServerMapper.class).find(name);
            if (row == null) {
                throw notFound(name);
            }
            ServerCertificates.Current certificate = certificates(s, List.of(row)).get(row.id());
            return new ServerDetail(info(row, certificate), facts(row.facts()), iso(row.enrolledAt()),
                    row.enrolledToken() == null ? null : row.enrolledToken().replace("-", ""),
                    certificate == null ? null : certificate.serial(), certificate == null ? null : iso(certificate.notAfter()));
        });
    }

    public ServerInfo label(String name, LabelChange change) {
        Map<String, String> set = Labels.validate(change == null ? null : change.set());
        List<String> remove = change == null || change.remove() == null ? List.of() : change.remove();
        remove.forEach(Labels::key);
        return database.transaction(sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            String current = mapper.labelsForUpdate(name);
            if (current == null) {
                throw notFound(name);
            }
            Map<String, String> labels = labels(current);
            remove.forEach(labels::remove);
            labels.putAll(set);
            if (labels.size() > Limits.MAX_LABELS) {
                throw new InvalidArgument("server " + name + " would have " + labels.size() + " labels; labd takes at most "
                        + Limits.MAX_LABELS + " (remove some with labctl label server/" + name + " key-)");
            }
            mapper.setLabels(name, json(labels));
            return info(s, mapper.find(name));
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUse(ServerUse use) {
        uses.add(use);
    }

    void removeUse(ServerUse use) {
        uses.remove(use);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServerCertificates certificates;

    /** Forgets the server; what other bundles keep for it goes too (ca revokes its agent's certificates). */
    public ServerInfo delete(String name, String deletedBy) {
        return database.transaction(sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            ServerMapper.ServerRow row = mapper.find(name);
            if (row == null) {
                throw notFound(name);
            }
            for (ServerUse use : uses) {
                use.release(row.id(), name, "server " + name + " deleted by " + deletedBy, s);
            }
            ServerInfo gone = info(s, row);
            mapper.delete(name);
            return gone;
        });
    }

    /**
     * Moves a server to another environment (of its cloud, or of {@code request.cloud()}). labd's
     * gate checked {@code manage} where the server is; this checks {@code manage} where it goes,
     * before saying whether the destination exists, so that a caller learns nothing of places they
     * may not manage. The request's audit row names both places in its details.
     *
     * @throws PermissionDenied  when the caller may not manage the server at its destination
     * @throws NotFoundException when the server, or the destination environment, does not exist
     */
    public ServerInfo move(String name, MoveServerRequest request, Access access) {
        if (request == null || request.environment() == null || request.environment().isBlank()) {
            throw new InvalidArgument("say where the server goes: send {\"environment\": …[, \"cloud\": …]} "
                    + "(labctl move server/NAME --env ENV [--cloud CLOUD])");
        }
        String environment = PlacementService.validName("environment", request.environment().trim());
        String requestedCloud = request.cloud() == null || request.cloud().isBlank() ? null
                : PlacementService.validName("cloud", request.cloud().trim());
        return database.transaction(sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            ServerMapper.ServerRow row = mapper.find(name);
            if (row == null) {
                throw notFound(name);
            }
            String cloud = requestedCloud == null ? row.cloud() : requestedCloud;
            String from = row.cloud() + ":" + (row.environment() == null ? "-" : row.environment()) + ":" + name;
            String to = cloud + ":" + environment + ":" + name;
            Access.Verdict verdict = access.check("manage", cloud, environment, name);
            if (!verdict.allowed()) {
                auditDetails(Map.of("from", from, "to", to, "reason", String.valueOf(verdict.reason())));
                throw new PermissionDenied("permission denied: moving server " + name + " to " + cloud + "/" + environment
                        + " needs manage there too: " + (verdict.reason() == null ? "this needs manage:" + to : verdict.reason()));
            }
            String environmentId = mapper.environmentId(cloud, environment);
            if (environmentId == null) {
                throw noDestination(mapper, name, cloud, environment, requestedCloud == null, access);
            }
            auditDetails(Map.of("from", from, "to", to));
            if (!from.equals(to)) {
                mapper.move(name, environmentId);
            }
            return info(s, mapper.find(name));
        });
    }

    private static NotFoundException noDestination(ServerMapper mapper, String name, String cloud, String environment,
                                                   boolean cloudImplied, Access access) {
        if (mapper.countClouds(cloud) == 0) {
            return new NotFoundException("no cloud " + cloud + " (labctl get clouds lists them)");
        }
        // only the clouds whose environment of that name the caller may read are named
        List<String> elsewhere = mapper.cloudsWithEnvironment(environment).stream()
                .filter(other -> access.allows("read", other, environment, "*")).toList();
        String hint = elsewhere.isEmpty() ? " (labctl get environments --cloud " + cloud + " lists them)"
                : ": there is one in cloud " + String.join(", ", elsewhere) + " (give --cloud " + elsewhere.get(0) + ")";
        return new NotFoundException("no environment " + environment + " in cloud " + cloud
                + (cloudImplied ? ", the cloud of server " + name : "") + hint);
    }

    /** What the current request's audit row records besides its address (written with the change, or with the denial). */
    private static void auditDetails(Map<String, String> details) {
        AuditScope scope = AuditScope.current();
        if (scope != null) {
            scope.details = json(new TreeMap<>(details));
        }
    }

    /** The servers the caller may read ({@code read:<cloud>:<environment or ->:<name>}). */
    public static List<ServerInfo> readable(List<ServerInfo> servers, Access access) {
        return servers.stream()
                .filter(s -> access.allows("read", s.cloud(), s.environment() == null ? "-" : s.environment(), s.name()))
                .toList();
    }

    private List<ServerInfo> infos(SqlSession s, List<ServerMapper.ServerRow> rows) {
        Map<String, ServerCertificates.Current> current = certificates(s, rows);
        return rows.stream().map(row -> info(row, current.get(row.id()))).toList();
    }

    private ServerInfo info(SqlSession s, ServerMapper.ServerRow row) {
        return infos(s, List.of(row)).get(0);
    }

    /** The agents' certificates, from ca; none while ca is not there. */
    private Map<String, ServerCertificates.Current> certificates(SqlSession s, List<ServerMapper.ServerRow> rows) {
        ServerCertificates source = certificates;
        if (source == null || rows.isEmpty()) {
            return Map.of();
        }
        return source.current(rows.stream().map(ServerMapper.ServerRow::id).toList(), s);
    }

    private ServerInfo info(ServerMapper.ServerRow row, ServerCertificates.Current certificate) {
        String status;
        if (certificate != null && certificate.revoked()) {
            status = "Revoked";
        } else if (row.lastSeenAt() != null && row.lastSeenAt().toInstant().isAfter(Instant.now().minus(notReadyAfter))) {
            status = "Ready";
        } else {
            status = "NotReady";
        }
        return new ServerInfo(row.name(), row.id(), row.cloud(), row.environment(), row.role(), status, iso(row.lastSeenAt()),
                row.agentVersion(), row.hostname(), row.mac(), labels(row.labels()));
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("no server " + name + " (labctl get servers lists them)");
    }

    private static Map<String, String> labels(String json) {
        try {
            return json == null ? new TreeMap<>() : JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON", e);
        }
    }

    private static Map<String, Object> facts(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<TreeMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts are not JSON", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
