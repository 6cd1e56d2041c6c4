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
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabelChange;
import org.labctl.api.Labels;
import org.labctl.api.Limits;
import org.labctl.api.NotFoundException;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.core.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Servers as people see them: listed and filtered by cloud, environment and labels, described,
 * labelled, deleted (which revokes the agent's certificate). Status is derived when asked: Revoked
 * when the agent's certificate is revoked, Ready while heartbeats arrive, NotReady after
 * {@code not.ready.after.seconds} without one.
 */
@Component(name = "org.labctl.core.servers", service = ServerService.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ServerService.Configuration.class)
public class ServerService {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ObjectClassDefinition(name = "labd servers")
    public @interface Configuration {
        @AttributeDefinition(name = "NotReady after (seconds)",
                description = "A server whose agent sent no heartbeat for this long is NotReady (heartbeats come every 10 s)")
        int not_ready_after_seconds() default 30;
    }

    private final Database database;
    private final SqlSessionFactory sessions;
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
        return database.transaction(sessions, s -> s.getMapper(ServerMapper.class).list(cloud, environment, selectorJson))
                .stream().map(this::info).toList();
    }

    public ServerDetail describe(String name) {
        ServerMapper.ServerRow row = database.transaction(sessions, s -> s.getMapper(ServerMapper.class).find(name));
        if (row == null) {
            throw notFound(name);
        }
        return new ServerDetail(info(row), facts(row.facts()), iso(row.enrolledAt()),
                row.enrolledToken() == null ? null : row.enrolledToken().replace("-", ""), row.certificateSerial(),
                iso(row.certificateNotAfter()));
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
            return info(mapper.find(name));
        });
    }

    /** Revokes the agent's certificates and forgets the server. */
    public ServerInfo delete(String name, String deletedBy) {
        return database.transaction(sessions, s -> {
            ServerMapper mapper = s.getMapper(ServerMapper.class);
            ServerMapper.ServerRow row = mapper.find(name);
            if (row == null) {
                throw notFound(name);
            }
            mapper.revokeCertificates(name, "server " + name + " deleted by " + deletedBy);
            mapper.delete(name);
            return info(row);
        });
    }

    private ServerInfo info(ServerMapper.ServerRow row) {
        String status;
        if (row.certificateRevokedAt() != null) {
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
