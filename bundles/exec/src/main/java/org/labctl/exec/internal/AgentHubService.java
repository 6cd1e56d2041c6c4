package org.labctl.exec.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import org.apache.ibatis.session.SqlSessionFactory;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.labctl.api.AgentFrame;
import org.labctl.api.AuditRecord;
import org.labctl.ca.CertificateAuthority;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.labctl.core.Labd;
import org.labctl.exec.AgentHub;
import org.labctl.exec.AgentTopicHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the agents connected to this labd: records their heartbeats (last seen, facts, version)
 * and closes the socket of an agent whose certificate is revoked within seconds.
 */
@Component(service = {AgentHub.class, AgentHubService.class}, immediate = true)
public class AgentHubService implements AgentHub {

    static final String PATH = "/agent";
    private static final Logger LOG = LoggerFactory.getLogger(AgentHubService.class);
    private static final long IDLE_TIMEOUT_MS = 60_000;
    private static final long REVOCATION_SWEEP_MS = 1000;

    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, AgentSocket> sockets = new ConcurrentHashMap<>();
    private final Map<String, AgentTopicHandler> topics = new ConcurrentHashMap<>();
    private final Database database;
    private final Inventory inventory;
    private final SqlSessionFactory sessions;
    private final CertificateAuthority ca;
    private final String instanceId;
    private final ScheduledExecutorService sweeper;
    private final ServiceRegistration<Servlet> servlet;

    @Activate
    public AgentHubService(@Reference Database database, @Reference CertificateAuthority ca, @Reference Labd labd,
                           @Reference AuditLog audit, @Reference Inventory inventory, BundleContext context) {
        this.database = database;
        this.inventory = inventory;
        this.audit = audit;
        this.sessions = database.sessionFactory(AgentMapper.class);
        this.ca = ca;
        this.instanceId = labd.instanceId();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labd-agent-revocations");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::closeRevoked, REVOCATION_SWEEP_MS, REVOCATION_SWEEP_MS, TimeUnit.MILLISECONDS);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, PATH);
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "labd-agent");
        this.servlet = context.registerService(Servlet.class, new AgentServlet(this, IDLE_TIMEOUT_MS), props);
    }

    private volatile boolean stopping;
    private final AuditLog audit;
    private volatile AgentRelay relay = AgentRelay.NONE;

    /** Where exec frames from agents go (the exec relay, while it runs). */
    interface AgentRelay {
        AgentRelay NONE = new AgentRelay() {
        };

        default void fromAgent(Link agent, String frame) {
        }

        default void fromAgent(Link agent, java.nio.ByteBuffer frame) {
        }

        default void agentGone(Link agent, String why) {
        }
    }

    AgentRelay relay() {
        return relay;
    }

    void relay(AgentRelay relay) {
        this.relay = relay == null ? AgentRelay.NONE : relay;
    }

    /** The socket of the agent of this server, when it is connected to this instance. */
    AgentSocket socket(String serverId) {
        return sockets.get(serverId);
    }

    String instanceId() {
        return instanceId;
    }

    /** Whether a text frame from an agent is its heartbeat (everything else belongs to exec sessions). */
    boolean isHeartbeat(String message) {
        try {
            return AgentFrame.HEARTBEAT.equals(json.readTree(message).path("type").asText(null));
        } catch (java.io.IOException e) {
            return true; // not JSON: the heartbeat path refuses it with its message
        }
    }

    @Deactivate
    void deactivate() {
        // one statement for every socket of this instance instead of one transaction per socket as
        // they close: stopping stays quick with a thousand agents connected
        stopping = true;
        sweeper.shutdownNow();
        try {
            servlet.unregister();
        } catch (IllegalStateException alreadyGone) {
            LOG.debug("agent servlet already unregistered");
        }
        sockets.values().forEach(s -> s.close(StatusCode.SHUTDOWN, "labd is stopping"));
        try {
            database.transaction(sessions, s -> s.getMapper(AgentMapper.class).disconnectedAll(instanceId));
        } catch (RuntimeException e) {
            LOG.debug("could not record the disconnects of this instance: {}", e.getMessage());
        }
    }

    @Override
    public Set<String> connected() {
        return Set.copyOf(sockets.keySet());
    }

    /** A user (or nobody) tried to open the agent socket: refused, and audited. */
    void refused(String user, String source) {
        try {
            audit.record(new AuditRecord(null, null, user, null, null, "GET", PATH, null, null, "denied", 403, 0, source,
                    "{\"reason\":\"only lab-agents open the agent socket\"}"));
        } catch (RuntimeException e) {
            LOG.warn("Cannot audit a refused agent socket from {}: {}", source, e.toString());
        }
    }

    void connected(AgentSocket socket) {
        AgentSocket previous = sockets.put(socket.agent().name(), socket);
        if (previous != null && previous != socket) {
            previous.close(StatusCode.POLICY_VIOLATION, "the same agent connected again");
        }
        LOG.info("agent of server {} connected", socket.agent().name());
    }

    void disconnected(AgentSocket socket) {
        if (sockets.remove(socket.agent().name(), socket)) {
            LOG.info("agent of server {} disconnected", socket.agent().name());
            if (stopping) {
                return; // deactivate records them all at once
            }
            try {
                database.transaction(sessions, s -> s.getMapper(AgentMapper.class).disconnected(socket.agent().name(), instanceId));
            } catch (RuntimeException e) {
                LOG.debug("could not record the disconnect of {}: {}", socket.agent().name(), e.getMessage());
            }
        }
    }

    /** Handles one frame; returns the answer to send, if any. */
    String received(AgentSocket socket, String message) {
        AgentFrame frame;
        try {
            frame = json.readValue(message, AgentFrame.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (!AgentFrame.HEARTBEAT.equals(frame.type())) {
            throw new IllegalArgumentException("unknown frame type " + frame.type());
        }
        String serverId = socket.agent().name();
        // the server is core's (seen through Inventory), the connection exec's; a server deleted
        // meanwhile keeps no agent row (its certificate is revoked: the socket closes within a second)
        database.transaction(sessions, s -> {
            if (inventory.seen(serverId, frame.agentVersion(), frame.facts() == null ? Map.of() : frame.facts(), s)) {
                s.getMapper(AgentMapper.class).touchAgent(serverId, frame.agentVersion(), instanceId);
            }
            return null;
        });
        if (frame.reports() != null) {
            frame.reports().forEach((topic, report) -> reported(serverId, topic, report));
        }
        Map<String, Object> notices = new java.util.TreeMap<>();
        for (AgentTopicHandler handler : topics.values()) {
            try {
                Object notice = handler.notice(serverId);
                if (notice != null) {
                    notices.put(handler.name(), notice);
                }
            } catch (RuntimeException e) {
                LOG.warn("topic {} has no notice for server {}: {}", handler.name(), serverId, e.toString());
            }
        }
        try {
            return json.writeValueAsString(AgentFrame.ack(Instant.now().toString(), notices));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A topic's report, in a transaction of its own: one topic's failure loses no other part of the heartbeat. */
    private void reported(String serverId, String topic, Object report) {
        AgentTopicHandler handler = topics.get(topic);
        if (handler == null) {
            return; // its labd-side bundle is not installed (now): the agent reports again at its next heartbeat
        }
        try {
            database.transaction(sessions, s -> {
                handler.reported(serverId, report, s);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("the {} report of server {} was not recorded: {}", topic, serverId, e.getMessage());
        }
    }

    @Override
    public boolean notify(String serverId, String topic, Object notice) {
        AgentSocket socket = sockets.get(serverId);
        if (socket == null) {
            return false;
        }
        try {
            socket.text(json.writeValueAsString(AgentFrame.notice(Map.of(topic, notice))));
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("notice {} to server {} not sent: {}", topic, serverId, e.toString());
            return false;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTopic(AgentTopicHandler handler) {
        topics.put(handler.name(), handler);
    }

    void removeTopic(AgentTopicHandler handler) {
        topics.remove(handler.name(), handler);
    }

    private void closeRevoked() {
        for (AgentSocket socket : sockets.values()) {
            if (ca.isRevoked(socket.serial())) {
                LOG.info("closing the socket of server {}: its certificate was revoked", socket.agent().name());
                socket.close(StatusCode.POLICY_VIOLATION, "certificate revoked");
            }
        }
    }
}
