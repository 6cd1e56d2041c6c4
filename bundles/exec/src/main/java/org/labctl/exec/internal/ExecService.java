package org.labctl.exec.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import org.apache.ibatis.session.SqlSessionFactory;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.LogRequest;
import org.labctl.ca.PeerIdentity;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Authorizer;
import org.labctl.core.Database;
import org.labctl.core.Placement;
import org.labctl.core.ServerVerdict;
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
 * The exec relay ({@link ExecProtocol}). labctl opens {@value ExecServlet#PATH} and sends a start
 * frame per target; this instance checks {@code exec:<cloud>:<environment>:<server>}, opens the
 * session's audit row, and relays the session's frames unchanged between labctl and the agent:
 * over the agent's socket when the agent is connected here, or over a {@link PeerLink} to the
 * instance it is connected to (found in {@code agents.connected_instance} and the instance
 * registry {@code labd_instances}). Data and credit frames pass through as they are, so flow
 * control stays end to end. When the session ends (exit, failure to start, agent or client
 * gone, labd stopping) the audit row is closed with its outcome, exit code and bytes in and out;
 * sessions of an instance that died are closed as lost by the others.
 */
@Component(name = "org.labctl.exec", service = ExecService.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExecService.Configuration.class)
public class ExecService implements AgentHubService.AgentRelay {

    @ObjectClassDefinition(name = "labd exec", description = "Remote exec sessions relayed by labd")
    public @interface Configuration {
        @AttributeDefinition(description = "How other labd instances reach this one (https://host:port); "
                + "empty: the listener's address and port")
        String advertise_url() default "";

        @AttributeDefinition(description = "Seconds between refreshes of this instance's registry row")
        int registry_seconds() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecService.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** How many starts labd checks at once, for all clients together. */
    private static final int START_THREADS = 8;
    private static final Set<String> CLIENT_TYPES = Set.of(ExecProtocol.EOF, ExecProtocol.SIGNAL, ExecProtocol.RESIZE,
            ExecProtocol.WINDOW, ExecProtocol.ABORT);
    /** How long a session whose client left waits for the agent's exit after the abort. */
    private static final long ABANDONED_MS = 30_000;

    private final Map<UUID, ExecSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, PeerLink> peers = new ConcurrentHashMap<>();
    private final Database database;
    private final SqlSessionFactory sqlSessions;
    private final AuditLog audit;
    private final AgentHubService hub;
    private final PeerIdentity peerIdentity;
    private final String instanceId;
    private final String advertisedUrl;
    private final ScheduledExecutorService timer;
    /** Audit and registry writes leave the relay threads here, in order. */
    private final ExecutorService writer;
    /**
     * Starts leave the client's socket thread here, several at a time: each looks the server up,
     * checks RBAC and writes its audit row (three database round trips), and a fan-out's fifty
     * starts one after the other took 440 ms, where the sessions themselves took 10 to 50 ms.
     */
    private final ExecutorService starter;
    /** Sessions being started, by id, with the client that asked. */
    private final Map<UUID, ClientSocket> starting = new ConcurrentHashMap<>();
    /** Sessions whose client sent {@code abort} while they were being started. */
    private final Set<UUID> abortedWhileStarting = ConcurrentHashMap.newKeySet();
    private final ServiceRegistration<Servlet> servlet;
    private volatile Authorizer authorizer;
    private volatile boolean stopping;

    @Activate
    public ExecService(@Reference Database database, @Reference AuditLog audit, @Reference AgentHubService hub,
                       @Reference PeerIdentity peerIdentity, @Reference ConfigurationAdmin configurations,
                       Configuration config, BundleContext context) {
        this.database = database;
        this.sqlSessions = database.sessionFactory(ExecMapper.class);
        this.audit = audit;
        this.hub = hub;
        this.peerIdentity = peerIdentity;
        this.instanceId = hub.instanceId();
        this.advertisedUrl = config.advertise_url().isBlank() ? listenerUrl(configurations) : config.advertise_url().trim();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("labd-exec-timer"));
        this.writer = Executors.newSingleThreadExecutor(daemon("labd-exec-audit"));
        this.starter = Executors.newFixedThreadPool(START_THREADS, daemon("labd-exec-start"));
        int every = Math.max(1, config.registry_seconds());
        timer.scheduleWithFixedDelay(this::housekeeping, 0, every, TimeUnit.SECONDS);
        hub.relay(this);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", ExecServlet.PATH);
        props.put("osgi.http.whiteboard.servlet.name", "labd-exec");
        this.servlet = context.registerService(Servlet.class, new ExecServlet(this), props);
        LOG.info("exec relay ready; other instances reach this one ({}) at {}", instanceId, advertisedUrl);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindAuthorizer(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void unbindAuthorizer(Authorizer authorizer) {
        if (this.authorizer == authorizer) {
            this.authorizer = null;
        }
    }

    @Deactivate
    void deactivate() {
        stopping = true;
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
        for (ExecSession session : List.copyOf(sessions.values())) {
            session.agent.text(json(ExecFrame.abort(session.id)));
            session.client.text(json(ExecFrame.error(session.id, "labd is stopping: the session on " + session.server
                    + " was ended (its process tree is killed)", 503)));
            finish(session, "error", "labd_stopped", null);
        }
        peers.values().forEach(PeerLink::close);
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
        String selector = labels.isEmpty() ? null : JSON.valueToTree(labels).toString();
        List<ExecMapper.Target> rows = database.transaction(sqlSessions,
                s -> s.getMapper(ExecMapper.class).targets(cloud, environment, selector));
        List<org.labctl.api.ExecTarget> targets = new java.util.ArrayList<>();
        for (ExecMapper.Target row : rows) {
            Access.Verdict exec = access.check(action, row.cloud(), row.environment(), row.name());
            if (!exec.allowed() && !access.allows("read", row.cloud(), row.environment(), row.name())) {
                continue;
            }
            boolean connected = hub.socket(row.serverId()) != null || row.instance() != null;
            targets.add(new org.labctl.api.ExecTarget(row.name(), row.cloud(), "-".equals(row.environment()) ? null : row.environment(),
                    connected, exec.allowed(), exec.allowed() ? null : exec.reason()));
        }
        return targets;
    }

    // ---- from clients (labctl, or another instance relaying) ----

    void fromClient(ClientSocket client, String text) {
        ExecFrame frame;
        try {
            frame = JSON.readValue(text, ExecFrame.class);
        } catch (IOException e) {
            client.text(json(ExecFrame.error(null, "not an exec control frame (JSON expected): see the exec protocol", 400)));
            return;
        }
        if (frame == null || frame.type() == null || frame.session() == null) {
            client.text(json(ExecFrame.error(frame == null ? null : frame.session(),
                    "an exec control frame needs a type and a session id", 400)));
            return;
        }
        if (ExecProtocol.START.equals(frame.type())) {
            UUID id = frame.session();
            if (starting.putIfAbsent(id, client) != null) {
                client.text(json(ExecFrame.error(id, "session id " + id + " is in use: every start needs a new one", 400)));
                return;
            }
            try {
                starter.execute(() -> startNow(client, frame));
            } catch (RejectedExecutionException stopping) {
                starting.remove(id);
                client.text(json(ExecFrame.error(id, "labd is stopping: try again", 503)));
            }
            return;
        }
        ExecSession session = sessions.get(frame.session());
        if (session == null && ExecProtocol.ABORT.equals(frame.type()) && starting.get(frame.session()) == client) {
            // the start is still being checked: startNow aborts it once it runs (or it never starts)
            abortedWhileStarting.add(frame.session());
            if (starting.get(frame.session()) == client || !abortedWhileStarting.remove(frame.session())) {
                return; // still starting, or startNow took the abort: whoever removes it acts on it
            }
            session = sessions.get(frame.session()); // the start ended meanwhile: forwarded below if it runs
        }
        if (session == null || session.client != client) {
            return; // a session that ended (or never was this client's): ignored, as the protocol says
        }
        if (!CLIENT_TYPES.contains(frame.type())) {
            client.text(json(ExecFrame.error(frame.session(), "labctl cannot send '" + frame.type() + "' frames", 400)));
            return;
        }
        session.agent.text(text);
    }

    void fromClient(ClientSocket client, ByteBuffer frame) {
        ExecData data;
        try {
            data = ExecProtocol.decode(frame);
        } catch (IllegalArgumentException e) {
            client.close(StatusCode.BAD_DATA, e.getMessage());
            return;
        }
        ExecSession session = sessions.get(data.session());
        if (session == null || session.client != client) {
            return;
        }
        if (data.channel() != ExecProtocol.STDIN) {
            client.close(StatusCode.BAD_DATA, "labctl only sends stdin data");
            return;
        }
        session.bytesIn.addAndGet(data.payload().remaining());
        session.agent.binary(frame);
    }

    /** {@link #start} on a starter thread; then what happened to the client meanwhile. */
    private void startNow(ClientSocket client, ExecFrame frame) {
        UUID id = frame.session();
        try {
            start(client, frame);
        } catch (RuntimeException e) {
            LOG.warn("exec session {} could not start: {}", id, e.toString());
            client.text(json(ExecFrame.error(id, "labd could not start the session (try again)", 500)));
        } finally {
            starting.remove(id);
            ExecSession session = sessions.get(id);
            if (abortedWhileStarting.remove(id) && session != null && session.client == client) {
                session.agent.text(json(ExecFrame.abort(id)));
            }
            if (client.gone()) {
                clientGone(client);
            }
        }
    }

    void clientGone(ClientSocket client) {
        client.markGone();
        for (ExecSession session : sessions.values()) {
            if (session.client == client && !session.clientGone) {
                session.clientGone = true;
                session.agent.text(json(ExecFrame.abort(session.id)));
                timer.schedule(() -> finish(session, "error", "client_gone", null), ABANDONED_MS, TimeUnit.MILLISECONDS);
            }
        }
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

    private void start(ClientSocket client, ExecFrame frame) {
        UUID id = frame.session();
        String problem = problem(frame);
        if (problem == null && sessions.containsKey(id)) {
            problem = "session id " + id + " is in use: every start needs a new one";
        }
        if (problem != null) {
            client.text(json(ExecFrame.error(id, problem, 400)));
            return;
        }
        String name = frame.server();
        ExecMapper.Target target = database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).target(name));
        if (client.isPeer()) {
            relayedHere(client, frame, target);
            return;
        }
        String resource = target == null ? "*:*:" + name : target.cloud() + ":" + target.environment() + ":" + name;
        boolean logs = frame.forLogs();
        boolean bastion = frame.forBastion();
        String action = bastion ? frame.bastion().action() : logs ? "read" : "exec";
        String command = bastion ? frame.bastion().describe() + " (bastion on server/" + name + ")"
                : logs ? "logs " + (LogRequest.AGENT.equals(frame.logs().source()) ? "agent/" : "server/") + name
                + (frame.logs().describe().isEmpty() ? "" : " " + frame.logs().describe()) : commandLine(frame.argv());
        Authorizer current = authorizer;
        if (current == null) {
            record(client, id, action, resource, command, "denied", 503, "{\"reason\":\"no authorizer\"}");
            client.text(json(ExecFrame.error(id, "labd cannot check permissions right now (its rbac bundle is not running)", 503)));
            return;
        }
        if (bastion && target != null) {
            // a bastion's machines are its environment's: the permission is on the whole environment
            resource = target.cloud() + ":" + target.environment() + ":*";
        }
        // unknown servers and servers the caller may not read get the same answer (Access.server)
        ServerVerdict verdict = current.access(client.caller()).server(action,
                target == null ? null : new Placement(target.cloud(), target.environment()), name, bastion);
        if (!verdict.allowed()) {
            boolean missing = verdict.status() == 404;
            record(client, id, action, resource, command, missing ? "error" : "denied", verdict.status(),
                    details(Map.of("reason", target == null ? "no such server" : verdict.reason())));
            client.text(json(ExecFrame.error(id, missing ? verdict.reason() : "permission denied: "
                    + (bastion ? frame.bastion().describe() + " on the bastion of" : logs ? "reading the logs of" : "exec on")
                    + " server/" + name + " needs " + verdict.request() + " (" + verdict.reason() + ")", verdict.status())));
            return;
        }
        if (bastion) {
            frame = frame.withBastion(frame.bastion().by(client.caller().name()));
        }
        Link agent = agentLink(target);
        if (agent == null) {
            record(client, id, action, resource, command, "error", 503, "{\"reason\":\"agent not connected\"}");
            client.text(json(ExecFrame.error(id, "server/" + name + " is not connected: its agent "
                    + (target.lastSeenAt() == null ? "has never connected" : "was last seen at " + target.lastSeenAt().toInstant())
                    + " (is lab-agent running there, and can it reach labd?)", 503)));
            return;
        }
        ObjectNode opened = JSON.createObjectNode();
        opened.put("execSession", id.toString());
        opened.put("server", name);
        if (bastion) {
            opened.set("bastion", JSON.valueToTree(frame.bastion()));
        } else if (logs) {
            opened.set("log", JSON.valueToTree(frame.logs()));
        } else {
            opened.set("command", JSON.valueToTree(frame.argv()));
            opened.put("interactive", frame.ttyRequested());
        }
        if (frame.user() != null) {
            opened.put("runAs", frame.user());
        }
        if (agent instanceof PeerLink peer) {
            opened.put("relayedTo", peer.instance());
        }
        AuditRecord row = new AuditRecord(null, null, client.caller().name(), client.sessionHeader(), id.toString(),
                bastion ? "BASTION" : logs ? "LOGS" : "EXEC", command, action, resource, "allowed", null, null, client.source(),
                opened.toString());
        // the audit row and the session's row in one commit
        String auditId = database.transaction(sqlSessions, s -> {
            String rowId = audit.open(row, s);
            s.getMapper(ExecMapper.class).opened(id.toString(), rowId, instanceId, target.serverId());
            return rowId;
        });
        ExecSession session = new ExecSession(id, client, agent, name, auditId, frame.argv(), frame.ttyRequested());
        sessions.put(id, session);
        agent.text(json(frame.toServer(agent instanceof PeerLink ? name : null)));
    }

    /** A session another instance authorized and audits, whose agent should be connected here. */
    private void relayedHere(ClientSocket peer, ExecFrame frame, ExecMapper.Target target) {
        AgentSocket agent = target == null ? null : hub.socket(target.serverId());
        if (agent == null) {
            peer.text(json(ExecFrame.error(frame.session(), "server/" + frame.server() + " is not connected to labd instance "
                    + instanceId + " any more: try again", 503)));
            return;
        }
        ExecSession session = new ExecSession(frame.session(), peer, agent, frame.server(), null, frame.argv(), frame.ttyRequested());
        sessions.put(session.id, session);
        agent.text(json(frame.toServer(null)));
    }

    /** The way to the target's agent: its socket here, a link to the instance holding it, or null. */
    private Link agentLink(ExecMapper.Target target) {
        AgentSocket local = hub.socket(target.serverId());
        if (local != null) {
            return local;
        }
        String instance = target.instance();
        if (instance == null || instance.equals(instanceId)) {
            return null;
        }
        PeerLink link = peers.get(instance);
        if (link != null && link.isOpen()) {
            return link;
        }
        synchronized (peers) {
            link = peers.get(instance);
            if (link != null && link.isOpen()) {
                return link;
            }
            String url = database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).liveUrl(instance));
            if (url == null) {
                return null;
            }
            try {
                link = PeerLink.connect(instance, url, peerIdentity.clientTls(), this);
            } catch (Exception e) {
                LOG.warn("cannot reach labd instance {} at {} to relay exec: {}", instance, url, e.toString());
                return null;
            }
            peers.put(instance, link);
            return link;
        }
    }

    // ---- from agents (their sockets here, or links to other instances) ----

    @Override
    public void fromAgent(Link agent, String text) {
        ExecFrame frame;
        try {
            frame = JSON.readValue(text, ExecFrame.class);
        } catch (IOException e) {
            LOG.warn("{} sent a frame that is not JSON: ignored", agent.describe());
            return;
        }
        ExecSession session = frame == null || frame.session() == null ? null : sessions.get(frame.session());
        if (session == null || session.agent != agent) {
            return;
        }
        session.client.text(text);
        switch (frame.type() == null ? "" : frame.type()) {
            case ExecProtocol.STARTED -> session.started = true;
            case ExecProtocol.EXIT -> finish(session, "allowed", session.clientGone ? "client_gone" : outcome(frame), frame);
            case ExecProtocol.ERROR -> {
                if (!session.started || frame.status() != null) {
                    finish(session, "error", session.started ? "lost" : "failed", frame);
                }
            }
            default -> {
                // window: credit for labctl's stdin, relayed as is
            }
        }
    }

    @Override
    public void fromAgent(Link agent, ByteBuffer frame) {
        ExecData data;
        try {
            data = ExecProtocol.decode(frame);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} sent a bad data frame: {}", agent.describe(), e.getMessage());
            return;
        }
        ExecSession session = sessions.get(data.session());
        if (session == null || session.agent != agent) {
            return;
        }
        session.bytesOut.addAndGet(data.payload().remaining());
        session.client.binary(frame);
    }

    @Override
    public void agentGone(Link agent, String why) {
        if (agent instanceof PeerLink peer) {
            peers.remove(peer.instance(), peer);
        }
        for (ExecSession session : sessions.values()) {
            if (session.agent == agent) {
                session.client.text(json(ExecFrame.error(session.id, "lost server/" + session.server + " before the command "
                        + "finished: " + agent.describe() + " disconnected (" + why + "); its agent kills what it ran", 503)));
                finish(session, "error", "lost", null);
            }
        }
    }

    // ---- the end of a session ----

    private void finish(ExecSession session, String result, String outcome, ExecFrame last) {
        if (!session.finished.compareAndSet(false, true)) {
            return;
        }
        sessions.remove(session.id, session);
        if (session.auditId == null) {
            return; // relayed here: the instance that audits it closes the row
        }
        ObjectNode closed = JSON.createObjectNode();
        closed.put("outcome", outcome);
        closed.put("end", Instant.now().toString());
        if (last != null && ExecProtocol.EXIT.equals(last.type())) {
            closed.put("exitCode", last.code());
            if (last.signal() != null) {
                closed.put("signal", last.signal());
            }
            closed.put("timedOut", last.wasTimedOut());
        }
        if (last != null && last.message() != null) {
            closed.put("error", last.message());
        }
        closed.put("bytesIn", session.bytesIn.get());
        closed.put("bytesOut", session.bytesOut.get());
        int duration = session.elapsedMs();
        Runnable write = () -> {
            try {
                audit.close(session.auditId, result, duration, closed.toString());
                database.transaction(sqlSessions, s -> s.getMapper(ExecMapper.class).closed(session.id.toString()));
            } catch (RuntimeException e) {
                LOG.warn("cannot close the audit row of exec session {} (another instance will): {}", session.id, e.toString());
            }
        };
        if (stopping) {
            write.run();
        } else {
            writer.execute(write);
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

    private void record(ClientSocket client, UUID id, String action, String resource, String command, String result, int status,
            String details) {
        try {
            audit.record(new AuditRecord(null, null, client.caller().name(), client.sessionHeader(), id.toString(),
                    "read".equals(action) ? "LOGS" : "EXEC", command, action, resource, result, status, 0, client.source(), details));
        } catch (RuntimeException e) {
            LOG.warn("Cannot audit a refused exec of {} on {}: {}", client.caller().name(), resource, e.toString());
        }
    }

    private static String outcome(ExecFrame exit) {
        if (exit.wasTimedOut()) {
            return "timed_out";
        }
        return exit.signal() != null ? "killed" : "exited";
    }

    /** What is wrong with a start frame from labctl, or null. */
    static String problem(ExecFrame start) {
        if (start.server() == null || start.server().isBlank()) {
            return "the start frame names no server";
        }
        if (start.forLogs()) {
            try {
                start.logs().check();
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (start.forBastion()) {
            try {
                start.bastion().check();
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (start.argv() == null || start.argv().isEmpty() || start.argv().get(0) == null || start.argv().get(0).isBlank()) {
            return "no command to run: give it after --";
        }
        return null;
    }

    /** The command as a person would type it (for the audit log). */
    static String commandLine(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            String value = String.valueOf(arg);
            line.append(!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : "'" + value.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    private static String details(Map<String, String> values) {
        return JSON.valueToTree(values).toString();
    }

    static String json(ExecFrame frame) {
        try {
            return JSON.writeValueAsString(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** https://address:port of this instance's listener, from Pax Web's configuration. */
    private static String listenerUrl(ConfigurationAdmin configurations) {
        String port = "8443";
        String address = "127.0.0.1";
        try {
            Dictionary<String, Object> properties = configurations.getConfiguration("org.ops4j.pax.web", "?").getProperties();
            if (properties != null) {
                Object configuredPort = properties.get("org.osgi.service.http.port.secure");
                Object addresses = properties.get("org.ops4j.pax.web.listening.addresses");
                port = configuredPort == null ? port : configuredPort.toString().trim();
                if (addresses != null && !addresses.toString().isBlank()) {
                    address = addresses.toString().split(",")[0].trim();
                }
            }
        } catch (IOException e) {
            LOG.debug("no Pax Web configuration: {}", e.getMessage());
        }
        if (address.equals("0.0.0.0") || address.equals("::")) {
            try {
                address = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                address = "127.0.0.1";
            }
        }
        return "https://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
