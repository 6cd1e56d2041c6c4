package org.labctl.exec.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.ServerInfo;
import org.labctl.ca.PeerIdentity;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Listener;
import org.labctl.core.Gate;
import org.labctl.core.Inventory;
import org.labctl.exec.SessionKind;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream relay's component ({@link Relay} does the relaying, blind to session kinds). labctl
 * opens {@value ExecServlet#PATH} and sends a start frame per target, naming the session's kind
 * ({@link SessionKind}, registered by the bundle that owns it); the {@link Gate} decides it; the
 * session's audit row opens; its frames travel unchanged between labctl and the agent: over the
 * agent's socket when the agent is connected here, or over a {@link PeerLink} to the instance it is
 * connected to (found in {@code agents.connected_instance} and the instance registry
 * {@code labd_instances}). Sessions of an instance that died are closed as lost by the others.
 */
@Component(name = "org.labctl.exec", service = ExecService.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExecService.Configuration.class)
public class ExecService {

    @ObjectClassDefinition(name = "labd exec", description = "Remote exec sessions relayed by labd")
    public @interface Configuration {
        @AttributeDefinition(description = "How other labd instances reach this one (https://host:port); "
                + "empty: the listener's address and port")
        String advertise_url() default "";

        @AttributeDefinition(description = "Seconds between refreshes of this instance's registry row")
        int registry_seconds() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecService.class);
    /** How many starts labd checks at once, for all clients together. */
    private static final int START_THREADS = 8;

    private final Database database;
    private final SqlSessionFactory sqlSessions;
    private final AuditLog audit;
    private final AgentHubService hub;
    private final Inventory inventory;
    private final String instanceId;
    private final String advertisedUrl;
    private final ScheduledExecutorService timer;
    /** Audit and registry writes leave the relay threads here, in order. */
    private final ExecutorService writer;
    /**
     * Starts leave the client's socket thread here, several at a time: each looks the server up,
     * checks RBAC and writes its audit row (database round trips), and a fan-out's fifty
     * starts one after the other took 440 ms, where the sessions themselves took 10 to 50 ms.
     */
    private final ExecutorService starter;
    private final Relay relay;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public ExecService(@Reference Database database, @Reference AuditLog audit, @Reference AgentHubService hub,
                       @Reference PeerIdentity peerIdentity, @Reference ConfigurationAdmin configurations,
                       @Reference Gate gate, @Reference Inventory inventory, Configuration config, BundleContext context) {
        this.database = database;
        this.sqlSessions = database.sessionFactory(ExecMapper.class);
        this.audit = audit;
        this.hub = hub;
        this.inventory = inventory;
        this.instanceId = hub.instanceId();
        this.advertisedUrl = config.advertise_url().isBlank() ? listenerUrl(configurations) : config.advertise_url().trim();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("labd-exec-timer"));
        this.writer = Executors.newSingleThreadExecutor(daemon("labd-exec-audit"));
        this.starter = Executors.newFixedThreadPool(START_THREADS, daemon("labd-exec-start"));
        Relay[] self = new Relay[1];
        this.relay = new Relay(instanceId, gate, inventory, new DatabaseStore(), hub::socket,
                (instance, url) -> PeerLink.connect(instance, url, peerIdentity.clientTls(), self[0]), starter, writer, timer);
        self[0] = relay;
        pendingKinds.forEach(relay::addKind);
        pendingKinds.clear();
        int every = Math.max(1, config.registry_seconds());
        timer.scheduleWithFixedDelay(this::housekeeping, 0, every, TimeUnit.SECONDS);
        hub.relay(relay);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", ExecServlet.PATH);
        props.put("osgi.http.whiteboard.servlet.name", "labd-exec");
        this.servlet = context.registerService(Servlet.class, new ExecServlet(this), props);
        LOG.info("stream relay ready; other instances reach this one ({}) at {}", instanceId, advertisedUrl);
    }

    /** Kinds bound before the constructor made the relay (DS binds dynamic references first). */
    private final List<SessionKind> pendingKinds = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindKind(SessionKind kind) {
        Relay current = relay;
        if (current == null) {
            pendingKinds.add(kind);
        } else {
            current.addKind(kind);
        }
    }

    void unbindKind(SessionKind kind) {
        pendingKinds.remove(kind);
        Relay current = relay;
        if (current != null) {
            current.removeKind(kind);
        }
    }

    Relay relay() {
        return relay;
    }

    @Deactivate
    void deactivate() {
        hub.relay(null);
        try {
            servlet.unregister();
        } catch (IllegalStateException alreadyGone) {
            LOG.debug("exec servlet already unregistered");
        }
        starter.shutdown();
        try {
            // starts under way finish, so that the sessions they open are ended below
            if (!starter.awaitTermination(5, TimeUnit.SECONDS)) {
                starter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        relay.stop();
        timer.shutdownNow();
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("exec audit rows still being written when labd stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            database.transaction(sqlSessions, s -> {
                ExecMapper mapper = s.getMapper(ExecMapper.class);
                mapper.closedAll(instanceId);
                return mapper.gone(instanceId);
            });
        } catch (RuntimeException e) {
            LOG.debug("could not remove this instance from the registry: {}", e.getMessage());
        }
    }

    /**
     * The servers matching a fan-out's selection that the caller may read or exec, with whether
     * their agent is connected and whether exec is allowed (and why not).
     */
    public List<org.labctl.api.ExecTarget> targets(Access access, String cloud, String environment, Map<String, String> labels) {
        return targets(access, "exec", cloud, environment, labels);
    }

    /**
     * The servers with all of {@code labels} that the caller may read or exec, each with whether
     * it may do {@code action} there ({@code exec} for a fan-out exec, {@code read} for a fan-out
     * of logs).
     */
    public List<org.labctl.api.ExecTarget> targets(Access access, String action, String cloud, String environment,
            Map<String, String> labels) {
        List<ServerInfo> servers = inventory.servers(cloud, environment, labels);
        Set<String> elsewhere = Set.copyOf(database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).connected()));
        List<org.labctl.api.ExecTarget> targets = new java.util.ArrayList<>();
        for (ServerInfo server : servers) {
            String placed = server.environment() == null ? "-" : server.environment();
            Access.Verdict exec = access.check(action, server.cloud(), placed, server.name());
            if (!exec.allowed() && !access.allows("read", server.cloud(), placed, server.name())) {
                continue;
            }
            boolean connected = hub.socket(server.id()) != null || elsewhere.contains(server.id());
            targets.add(new org.labctl.api.ExecTarget(server.name(), server.cloud(), server.environment(),
                    connected, exec.allowed(), exec.allowed() ? null : exec.reason()));
        }
        return targets;
    }

    /** An agent-certificate holder (or nobody) tried the exec stream: refused, and audited. */
    void refused(Caller caller, String source) {
        try {
            audit.record(new AuditRecord(null, null, caller == null ? null : "agent:" + caller.name(), null, null, "GET",
                    ExecServlet.PATH, null, null, "denied", 403, 0, source, "{\"reason\":\"only labctl users open the exec stream\"}"));
        } catch (RuntimeException e) {
            LOG.warn("Cannot audit a refused exec stream from {}: {}", source, e.toString());
        }
    }

    /** Keeps this instance in the registry and closes the sessions of instances that died. */
    private void housekeeping() {
        try {
            List<ExecMapper.Orphan> orphans = database.transaction(sqlSessions, s -> {
                ExecMapper mapper = s.getMapper(ExecMapper.class);
                mapper.alive(instanceId, advertisedUrl);
                return mapper.orphans();
            });
            for (ExecMapper.Orphan orphan : orphans) {
                long ms = orphan.startedAt() == null ? 0 : Math.max(0, Instant.now().toEpochMilli() - orphan.startedAt().toInstant().toEpochMilli());
                audit.close(orphan.auditId(), "error", (int) Math.min(Integer.MAX_VALUE, ms),
                        "{\"outcome\":\"lost\",\"end\":\"" + Instant.now() + "\",\"error\":\"the labd instance relaying the session stopped\"}");
                database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).closed(orphan.id()));
                LOG.info("closed exec session {} as lost: the labd instance relaying it stopped", orphan.id());
            }
        } catch (RuntimeException e) {
            LOG.debug("exec housekeeping: {}", e.getMessage());
        }
    }

    /** The relay's rows: the audit log and exec's own tables. */
    private final class DatabaseStore implements Relay.Store {

        @Override
        public String open(AuditRecord row, UUID session, String serverId) {
            // the audit row and the session's row in one commit
            return database.transaction(sqlSessions, s -> {
                String rowId = audit.open(row, s);
                s.getMapper(ExecMapper.class).opened(session.toString(), rowId, instanceId, serverId);
                return rowId;
            });
        }

        @Override
        public void refused(AuditRecord row) {
            audit.record(row);
        }

        @Override
        public void close(String auditId, UUID session, String result, int durationMs, String details) {
            audit.close(auditId, result, durationMs, details);
            database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).closed(session.toString()));
        }

        @Override
        public String connectedInstance(String serverId) {
            return database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).instance(serverId));
        }

        @Override
        public String liveUrl(String instance) {
            return database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).liveUrl(instance));
        }
    }

    /** https://address:port of this instance's listener, from Pax Web's configuration; its host name when it takes all. */
    private static String listenerUrl(ConfigurationAdmin configurations) {
        Dictionary<String, Object> properties = null;
        try {
            properties = configurations.getConfiguration(Listener.PID, "?").getProperties();
        } catch (IOException e) {
            LOG.debug("no Pax Web configuration: {}", e.getMessage());
        }
        String any;
        try {
            any = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            any = "127.0.0.1";
        }
        return Listener.url(properties, any);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
