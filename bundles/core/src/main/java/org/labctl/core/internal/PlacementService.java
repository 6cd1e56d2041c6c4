package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.CloudDetail;
import org.labctl.api.CloudInfo;
import org.labctl.api.Conflict;
import org.labctl.api.CreateCloudRequest;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentDetail;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.ServerInfo;
import org.labctl.core.Access;
import org.labctl.core.Database;
import org.labctl.core.PlacementUse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Clouds and environments. Cloud {@code baremetal} exists from the start and stays; a cloud or
 * environment that still holds servers (or, for a cloud, environments) cannot be deleted. A caller
 * sees a cloud when they may read anything in it (the cloud, one of its environments or one of its
 * servers), with the counts of what they may read.
 */
@Component(service = PlacementService.class)
public class PlacementService {

    static final String BAREMETAL = "baremetal";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Database database;
    private final SqlSessionFactory sessions;
    private final ServerService servers;
    private final Map<String, PlacementUse> uses = new ConcurrentHashMap<>();

    @Activate
    public PlacementService(@Reference Database database, @Reference ServerService servers) {
        this.database = database;
        this.sessions = database.sessionFactory(PlacementMapper.class);
        this.servers = servers;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUse(PlacementUse use, Map<String, Object> properties) {
        uses.put(String.valueOf(properties.get(PlacementUse.PROPERTY)), use);
    }

    void removeUse(PlacementUse use, Map<String, Object> properties) {
        uses.remove(String.valueOf(properties.get(PlacementUse.PROPERTY)), use);
    }

    /** The clouds the caller may read anything in, each with the counts of what they may read. */
    public List<CloudInfo> clouds(Access access) {
        List<PlacementMapper.CloudRow> clouds = database.transaction(sessions, s -> s.getMapper(PlacementMapper.class).clouds());
        List<EnvironmentInfo> environments = readable(environments(null), access);
        List<ServerInfo> readableServers = ServerService.readable(servers.list(null, null, Map.of()), access);
        return clouds.stream()
                .map(c -> visible(c, environments, readableServers, access))
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * One cloud with its environments and servers as far as the caller may read them.
     *
     * @throws NotFoundException when there is no such cloud, or the caller may read nothing in it
     *                           (both answer alike, so that the names of hidden clouds do not leak)
     */
    public CloudDetail cloud(String name, Access access) {
        PlacementMapper.CloudRow row = database.transaction(sessions, s -> s.getMapper(PlacementMapper.class).cloud(name));
        NotFoundException unknown = new NotFoundException("no cloud " + name + " (labctl get clouds lists them)");
        if (row == null) {
            throw unknown;
        }
        List<EnvironmentInfo> environments = readable(environments(name), access);
        List<ServerInfo> readableServers = ServerService.readable(servers.list(name, null, Map.of()), access);
        CloudInfo cloud = visible(row, environments, readableServers, access);
        if (cloud == null) {
            throw unknown;
        }
        int unplaced = (int) readableServers.stream().filter(s -> s.environment() == null).count();
        return new CloudDetail(cloud, row.createdBy(), environments, byStatus(readableServers), unplaced);
    }

    /**
     * One environment with its servers as far as the caller may read them (labd's gate let only
     * those who may read the environment in).
     *
     * @throws NotFoundException when there is no such environment
     */
    public EnvironmentDetail environment(String cloud, String name, Access access) {
        PlacementMapper.EnvironmentRow row = database.transaction(sessions, s -> s.getMapper(PlacementMapper.class).environment(cloud, name));
        if (row == null) {
            throw new NotFoundException("no environment " + name + " in cloud " + cloud + " (labctl get environments lists them)");
        }
        List<ServerInfo> readableServers = ServerService.readable(servers.list(cloud, name, Map.of()), access);
        PlacementUse joinTokens = uses.get("tokens");
        Integer tokens = joinTokens != null && access.allows("read", "*", "*", "tokens")
                ? database.transaction(sessions, s -> joinTokens.active(cloud, name, s)) : null;
        return new EnvironmentDetail(environmentInfo(row), row.createdBy(), byStatus(readableServers),
                readableServers.stream().map(ServerInfo::name).sorted().toList(), tokens);
    }

    /** The cloud with the counts of what the caller may read in it, or null when they may read nothing there. */
    private static CloudInfo visible(PlacementMapper.CloudRow row, List<EnvironmentInfo> readableEnvironments,
                                     List<ServerInfo> readableServers, Access access) {
        int environments = (int) readableEnvironments.stream().filter(e -> e.cloud().equals(row.name())).count();
        int inCloud = (int) readableServers.stream().filter(s -> row.name().equals(s.cloud())).count();
        if (environments == 0 && inCloud == 0 && !access.allows("read", row.name(), "*", "*")) {
            return null;
        }
        return new CloudInfo(row.name(), row.kind(), row.description(), environments, inCloud, iso(row.createdAt()));
    }

    /** The environments the caller may read ({@code read:<cloud>:<environment>:*}). */
    public static List<EnvironmentInfo> readable(List<EnvironmentInfo> environments, Access access) {
        return environments.stream().filter(e -> access.allows("read", e.cloud(), e.name(), "*")).toList();
    }

    private static Map<String, Integer> byStatus(List<ServerInfo> servers) {
        Map<String, Integer> counts = new TreeMap<>();
        servers.forEach(s -> counts.merge(s.status() == null ? "Unknown" : s.status(), 1, Integer::sum));
        return counts;
    }

    public CloudInfo createCloud(CreateCloudRequest request, String createdBy) {
        if (request == null) {
            throw new InvalidArgument("send {\"name\": …} to create a cloud");
        }
        String name = validName("cloud", request.name());
        String kind = request.kind() == null || request.kind().isBlank() ? name : validName("cloud kind", request.kind());
        return cloudInfo(database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            if (mapper.insertCloud(name, kind, request.description(), createdBy) == 0) {
                throw new Conflict("cloud " + name + " already exists (labctl get clouds)");
            }
            return mapper.cloud(name);
        }));
    }

    public CloudInfo deleteCloud(String name) {
        if (BAREMETAL.equals(name)) {
            throw new InvalidArgument("cloud baremetal is where labctl's own machines live: it cannot be deleted");
        }
        return cloudInfo(database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            PlacementMapper.CloudRow cloud = mapper.cloud(name);
            if (cloud == null) {
                throw new NotFoundException("no cloud " + name + " (labctl get clouds lists them)");
            }
            if (cloud.servers() > 0 || cloud.environments() > 0) {
                throw new Conflict("cloud " + name + " still has " + cloud.servers() + " server(s) and " + cloud.environments()
                        + " environment(s): move the servers to another cloud (labctl move server/NAME --cloud C --env ENV) "
                        + "or delete them, then delete its environments (labctl get environments --cloud " + name + ")");
            }
            release(s, name, null, "cloud " + name);
            mapper.deleteCloud(name);
            return cloud;
        }));
    }

    public List<EnvironmentInfo> environments(String cloud) {
        return database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            if (cloud != null && mapper.cloud(cloud) == null) {
                throw new NotFoundException("no cloud " + cloud + " (labctl get clouds lists them)");
            }
            return mapper.environments(cloud);
        }).stream().map(PlacementService::environmentInfo).toList();
    }

    public EnvironmentInfo createEnvironment(CreateEnvironmentRequest request, String createdBy) {
        if (request == null) {
            throw new InvalidArgument("send {\"name\": …, \"cloud\": …} to create an environment");
        }
        String name = validName("environment", request.name());
        if (request.cloud() == null || request.cloud().isBlank()) {
            throw new InvalidArgument("an environment belongs to a cloud: give --cloud (labctl get clouds lists them)");
        }
        String cloud = request.cloud().trim();
        return environmentInfo(database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            if (mapper.cloud(cloud) == null) {
                throw new NotFoundException("no cloud " + cloud + " (labctl get clouds lists them; labctl create cloud " + cloud + ")");
            }
            if (mapper.insertEnvironment(cloud, name, request.description(), createdBy) == 0) {
                throw new Conflict("environment " + name + " already exists in cloud " + cloud);
            }
            return mapper.environment(cloud, name);
        }));
    }

    public EnvironmentInfo deleteEnvironment(String cloud, String name) {
        return environmentInfo(database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            PlacementMapper.EnvironmentRow environment = mapper.environment(cloud, name);
            if (environment == null) {
                throw new NotFoundException("no environment " + name + " in cloud " + cloud + " (labctl get environments)");
            }
            if (environment.servers() > 0) {
                throw new Conflict("environment " + name + " still has " + environment.servers()
                        + " server(s): move them to another environment (labctl move server/NAME --env ENV) or delete them "
                        + "first (labctl get servers --cloud " + cloud + " --env " + name + ")");
            }
            release(s, cloud, name, "environment " + name);
            mapper.deleteEnvironment(cloud, name);
            return environment;
        }));
    }

    /** What other bundles keep in the cloud or environment lets go of it (or refuses), in the deleting transaction. */
    private void release(SqlSession transaction, String cloud, String environment, String what) {
        for (PlacementUse use : uses.values()) {
            use.release(cloud, environment, what, transaction);
        }
    }

    static String validName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument(what + " name '" + (name == null ? "" : name) + "' is not valid: lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit, at most 63 characters");
        }
        return name;
    }

    private static CloudInfo cloudInfo(PlacementMapper.CloudRow row) {
        return new CloudInfo(row.name(), row.kind(), row.description(), row.environments(), row.servers(), iso(row.createdAt()));
    }

    private static EnvironmentInfo environmentInfo(PlacementMapper.EnvironmentRow row) {
        return new EnvironmentInfo(row.name(), row.cloud(), row.description(), row.servers(), iso(row.createdAt()));
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
