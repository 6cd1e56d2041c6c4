package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.CloudInfo;
import org.labctl.api.Conflict;
import org.labctl.api.CreateCloudRequest;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.core.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Clouds and environments. Cloud {@code baremetal} exists from the start and stays; a cloud or
 * environment that still holds servers (or, for a cloud, environments) cannot be deleted.
 */
@Component(service = PlacementService.class)
public class PlacementService {

    static final String BAREMETAL = "baremetal";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Database database;
    private final SqlSessionFactory sessions;

    @Activate
    public PlacementService(@Reference Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(PlacementMapper.class);
    }

    public List<CloudInfo> clouds() {
        return database.transaction(sessions, s -> s.getMapper(PlacementMapper.class).clouds()).stream()
                .map(PlacementService::cloudInfo).toList();
    }

    public CloudInfo createCloud(CreateCloudRequest request) {
        if (request == null) {
            throw new InvalidArgument("send {\"name\": …} to create a cloud");
        }
        String name = validName("cloud", request.name());
        String kind = request.kind() == null || request.kind().isBlank() ? name : validName("cloud kind", request.kind());
        return cloudInfo(database.transaction(sessions, s -> {
            PlacementMapper mapper = s.getMapper(PlacementMapper.class);
            if (mapper.insertCloud(name, kind, request.description()) == 0) {
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
                        + " environment(s): delete or move them first (labctl get environments --cloud " + name + ")");
            }
            refuseWithUsableTokens(mapper, name, null, "cloud " + name);
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

    public EnvironmentInfo createEnvironment(CreateEnvironmentRequest request) {
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
                throw new InvalidArgument("no cloud " + cloud + " (labctl create cloud " + cloud + ")");
            }
            if (mapper.insertEnvironment(cloud, name, request.description()) == 0) {
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
                        + " server(s): delete or move them first (labctl get servers --env " + name + ")");
            }
            refuseWithUsableTokens(mapper, cloud, name, "environment " + name);
            mapper.deleteEnvironment(cloud, name);
            return environment;
        }));
    }

    private static void refuseWithUsableTokens(PlacementMapper mapper, String cloud, String environment, String what) {
        int usable = mapper.countUsableTokens(cloud, environment);
        if (usable > 0) {
            throw new Conflict(what + " is the target of " + usable + " join token(s) that can still enroll servers: "
                    + "revoke them first (labctl get tokens, labctl delete token <id>)");
        }
        mapper.deleteUnusableTokens(cloud, environment);
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
