package org.labctl.exec.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.Inventory;
import org.labctl.exec.SessionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream relay ({@link ExecProtocol}), blind to session kinds: a start names its kind, whose
 * {@link SessionKind} says what the gate must decide and how the audit log reads; the
 * {@link Gate} decides; the relay opens the session's audit row and carries its frames unchanged
 * between the client and the server's agent: over the agent's socket when the agent is connected
 * here, or over a link to the instance it is connected to. Data and credit frames pass through as
 * they are, so flow control stays end to end. When the session ends (exit, failure to start,
 * agent or client gone, labd stopping) the audit row is closed with its outcome, exit code and
 * bytes in and out.
 */
final class Relay implements AgentHubService.AgentRelay {

    /** The client side of sessions: a labctl invocation's stream, or another instance relaying its sessions here. */
    interface Client extends Link {
        Caller caller();

        /** The labctl session (one invocation) from its header, for the audit log. */
        String sessionHeader();

        String source();

        /** The connection closed: sessions that finish starting now are aborted at once. */
        boolean gone();

        void markGone();

        /** Another labd instance relaying sessions it has authorized and audited. */
        default boolean isPeer() {
            return caller().kind() == Caller.Kind.LABD;
        }

        /** Closes the connection, for a protocol violation. */
        void close(int code, String reason);
    }

    /** A link to another labd instance, which holds the agent socket of the sessions sent over it. */
    interface Peer extends Link {
        String instance();

        boolean isOpen();

        void close();
    }

    /** Opens a link to another instance. */
    interface PeerConnector {
        Peer connect(String instance, String url) throws Exception;
    }

    /** What the relay keeps in the database: audit rows, session rows, where agents are connected. */
    interface Store {
        /** Opens the session's audit row and its session row in one commit; the audit row's id. */
        String open(AuditRecord row, UUID session, String serverId);

        /** A refused start's audit row. */
        void refused(AuditRecord row);

        /** Closes the session's audit row and removes its session row. */
        void close(String auditId, UUID session, String result, int durationMs, String details);

        /** The live instance the server's agent is connected to, or null. */
        String connectedInstance(String serverId);

        /** The URL of a live instance, or null. */
        String liveUrl(String instance);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Set<String> CLIENT_TYPES = Set.of(ExecProtocol.EOF, ExecProtocol.SIGNAL, ExecProtocol.RESIZE,
            ExecProtocol.WINDOW, ExecProtocol.ABORT);
    /** How long a session whose client left waits for the agent's exit after the abort. */
    static final long ABANDONED_MS = 30_000;
    /** The WebSocket close code for a malformed data frame (RFC 6455: 1007, invalid payload data). */
    static final int BAD_DATA = 1007;

    private final String instanceId;
    private final Gate gate;
    private final Inventory inventory;
    private final Store store;
    private final Function<String, Link> localAgents;
    private final PeerConnector connector;
    /** Starts leave the client's socket thread here, several at a time (each asks the database). */
    private final Executor starter;
    /** Audit writes leave the relay threads here, in order. */
    private final Executor writer;
    private final ScheduledExecutorService timer;
    private final Map<String, SessionKind> kinds = new ConcurrentHashMap<>();
    private final Map<UUID, ExecSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Peer> peers = new ConcurrentHashMap<>();
    /** Sessions being started, by id, with the client that asked. */
    private final Map<UUID, Client> starting = new ConcurrentHashMap<>();
    /** Sessions whose client sent {@code abort} while they were being started. */
    private final Set<UUID> abortedWhileStarting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    Relay(String instanceId, Gate gate, Inventory inventory, Store store, Function<String, Link> localAgents,
          PeerConnector connector, Executor starter, Executor writer, ScheduledExecutorService timer) {
        this.instanceId = instanceId;
        this.gate = gate;
        this.inventory = inventory;
        this.store = store;
        this.localAgents = localAgents;
        this.connector = connector;
        this.starter = starter;
        this.writer = writer;
        this.timer = timer;
    }

    void addKind(SessionKind kind) {
        kinds.put(kind.name(), kind);
    }

    void removeKind(SessionKind kind) {
        kinds.remove(kind.name(), kind);
    }

    int running() {
        return sessions.size();
    }

    // ---- from clients (labctl, or another instance relaying) ----

    void fromClient(Client client, String text) {
        ExecFrame frame;
        try {
            frame = JSON.readValue(text, ExecFrame.class);
        } catch (IOException e) {
            client.text(json(ExecFrame.error(null, Failure.INVALID_ARGUMENT,
                    "not a stream control frame (JSON expected): see the exec protocol")));
            return;
        }
        if (frame == null || frame.type() == null || frame.session() == null) {
            client.text(json(ExecFrame.error(frame == null ? null : frame.session(), Failure.INVALID_ARGUMENT,
                    "a stream control frame needs a type and a session id")));
            return;
        }
        if (ExecProtocol.START.equals(frame.type())) {
            UUID id = frame.session();
            if (starting.putIfAbsent(id, client) != null) {
                client.text(json(ExecFrame.error(id, Failure.INVALID_ARGUMENT,
                        "session id " + id + " is in use: every start needs a new one")));
                return;
            }
            try {
                starter.execute(() -> startNow(client, frame));
            } catch (RejectedExecutionException e) {
                starting.remove(id);
                client.text(json(ExecFrame.error(id, Failure.UNAVAILABLE, "labd is stopping: try again")));
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
            client.text(json(ExecFrame.error(frame.session(), Failure.INVALID_ARGUMENT,
                    "labctl cannot send '" + frame.type() + "' frames")));
            return;
        }
        session.agent.text(text);
    }

    void fromClient(Client client, ByteBuffer frame) {
        ExecData data;
        try {
            data = ExecProtocol.decode(frame);
        } catch (IllegalArgumentException e) {
            client.close(BAD_DATA, e.getMessage());
            return;
        }
        ExecSession session = sessions.get(data.session());
        if (session == null || session.client != client) {
            return;
        }
        if (data.channel() != ExecProtocol.STDIN) {
            client.close(BAD_DATA, "labctl only sends stdin data");
            return;
        }
        session.bytesIn.addAndGet(data.payload().remaining());
        session.agent.binary(frame);
    }

    /** {@link #start} on a starter thread; then what happened to the client meanwhile. */
    private void startNow(Client client, ExecFrame frame) {
        UUID id = frame.session();
        try {
            start(client, frame);
        } catch (RuntimeException e) {
            LOG.warn("stream session {} could not start: {}", id, e.toString());
            client.text(json(ExecFrame.error(id, Failure.INTERNAL, "labd could not start the session (try again)")));
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

    void clientGone(Client client) {
        client.markGone();
        for (ExecSession session : sessions.values()) {
            if (session.client == client && !session.clientGone) {
                session.clientGone = true;
                session.agent.text(json(ExecFrame.abort(session.id)));
                timer.schedule(() -> finish(session, "error", "client_gone", null), ABANDONED_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void start(Client client, ExecFrame frame) {
        UUID id = frame.session();
        String problem = frame.server() == null || frame.server().isBlank() ? "the start frame names no server"
                : frame.kind() == null || frame.kind().isBlank() ? "the start frame names no session kind"
                : sessions.containsKey(id) ? "session id " + id + " is in use: every start needs a new one" : null;
        if (problem != null) {
            client.text(json(ExecFrame.error(id, Failure.INVALID_ARGUMENT, problem)));
            return;
        }
        String name = frame.server();
        if (client.isPeer()) {
            relayedHere(client, frame);
            return;
        }
        SessionKind kind = kinds.get(frame.kind());
        if (kind == null) {
            client.text(json(ExecFrame.error(id, Failure.UNAVAILABLE, "'" + frame.kind() + "' sessions are not installed in "
                    + "this labd (the bundle that serves them is not running)")));
            return;
        }
        SessionKind.Plan plan;
        try {
            plan = kind.plan(client.caller(), name, frame.payload() == null ? Map.of() : frame.payload());
        } catch (LabException e) {
            client.text(json(ExecFrame.error(id, e.failure(), e.getMessage())));
            return;
        } catch (IllegalArgumentException e) {
            client.text(json(ExecFrame.error(id, Failure.INVALID_ARGUMENT, e.getMessage())));
            return;
        }
        String action = plan.request().action();
        // unknown servers and servers the caller may not read get the same answer
        Gate.Decision decision = gate.decide(client.caller(), plan.request());
        if (!decision.allowed()) {
            Failure failure = decision.failure();
            record(client, id, plan, decision.resource(), failure == Failure.NOT_FOUND ? "error" : "denied", failure.status(),
                    details(Map.of("reason", decision.where() == null && failure != Failure.UNAVAILABLE ? "no such server"
                            : decision.reason())));
            client.text(json(ExecFrame.error(id, failure, failure == Failure.PERMISSION_DENIED
                    ? "permission denied: " + plan.doing() + " needs " + decision.permission() + " (" + decision.reason() + ")"
                    : decision.reason())));
            return;
        }
        ServerInfo server = inventory.server(name).orElse(null);
        if (server == null) { // deleted since the gate found it
            record(client, id, plan, decision.resource(), "error", Failure.NOT_FOUND.status(), details(Map.of("reason", "no such server")));
            client.text(json(ExecFrame.error(id, Failure.NOT_FOUND, "server/" + name + " not found (labctl get servers lists them)")));
            return;
        }
        Link agent = agentLink(server.id());
        if (agent == null) {
            record(client, id, plan, decision.resource(), "error", Failure.UNAVAILABLE.status(), "{\"reason\":\"agent not connected\"}");
            client.text(json(ExecFrame.error(id, Failure.UNAVAILABLE, "server/" + name + " is not connected: its agent "
                    + (server.lastSeen() == null ? "has never connected" : "was last seen at " + server.lastSeen())
                    + " (is lab-agent running there, and can it reach labd?)")));
            return;
        }
        ObjectNode opened = JSON.createObjectNode();
        opened.put("execSession", id.toString());
        opened.put("server", name);
        plan.details().forEach((key, value) -> opened.set(key, JSON.valueToTree(value)));
        if (agent instanceof Peer peer) {
            opened.put("relayedTo", peer.instance());
        }
        AuditRecord row = new AuditRecord(null, null, client.caller().name(), client.sessionHeader(), id.toString(),
                plan.verb(), plan.command(), action, decision.resource(), "allowed", null, null, client.source(),
                opened.toString());
        String auditId = store.open(row, id, server.id());
        ExecSession session = new ExecSession(id, client, agent, name, auditId);
        sessions.put(id, session);
        agent.text(json(frame.withPayload(plan.payload()).toServer(agent instanceof Peer ? name : null)));
    }

    /** A session another instance authorized and audits, whose agent should be connected here. */
    private void relayedHere(Client peer, ExecFrame frame) {
        Link agent = inventory.server(frame.server()).map(server -> localAgents.apply(server.id())).orElse(null);
        if (agent == null) {
            peer.text(json(ExecFrame.error(frame.session(), Failure.UNAVAILABLE, "server/" + frame.server()
                    + " is not connected to labd instance " + instanceId + " any more: try again")));
            return;
        }
        ExecSession session = new ExecSession(frame.session(), peer, agent, frame.server(), null);
        sessions.put(session.id, session);
        agent.text(json(frame.toServer(null)));
    }

    /** The way to the server's agent: its socket here, a link to the instance holding it, or null. */
    private Link agentLink(String serverId) {
        Link local = localAgents.apply(serverId);
        if (local != null) {
            return local;
        }
        String instance = store.connectedInstance(serverId);
        if (instance == null || instance.equals(instanceId)) {
            return null;
        }
        Peer link = peers.get(instance);
        if (link != null && link.isOpen()) {
            return link;
        }
        synchronized (peers) {
            link = peers.get(instance);
            if (link != null && link.isOpen()) {
                return link;
            }
            String url = store.liveUrl(instance);
            if (url == null) {
                return null;
            }
            try {
                link = connector.connect(instance, url);
            } catch (Exception e) {
                LOG.warn("cannot reach labd instance {} at {} to relay a session: {}", instance, url, e.toString());
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
        // whether the client had left before this frame: once it has the exit it may leave at once, and the session
        // still ended as the command did
        boolean goneBefore = session.clientGone;
        session.client.text(text);
        switch (frame.type() == null ? "" : frame.type()) {
            case ExecProtocol.STARTED -> session.started = true;
            case ExecProtocol.EXIT -> finish(session, "allowed", goneBefore ? "client_gone" : outcome(frame), frame);
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
        if (agent instanceof Peer peer) {
            peers.remove(peer.instance(), peer);
        }
        for (ExecSession session : sessions.values()) {
            if (session.agent == agent) {
                session.client.text(json(ExecFrame.error(session.id, Failure.UNAVAILABLE, "lost server/" + session.server
                        + " before the command finished: " + agent.describe() + " disconnected (" + why
                        + "); its agent kills what it ran")));
                finish(session, "error", "lost", null);
            }
        }
    }

    /** labd is stopping: every session is aborted and ends as {@code labd_stopped}; audit rows are closed at once. */
    void stop() {
        stopping = true;
        for (ExecSession session : List.copyOf(sessions.values())) {
            session.agent.text(json(ExecFrame.abort(session.id)));
            session.client.text(json(ExecFrame.error(session.id, Failure.UNAVAILABLE, "labd is stopping: the session on "
                    + session.server + " was ended (its process tree is killed)")));
            finish(session, "error", "labd_stopped", null);
        }
        peers.values().forEach(Peer::close);
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
                store.close(session.auditId, session.id, result, duration, closed.toString());
            } catch (RuntimeException e) {
                LOG.warn("cannot close the audit row of stream session {} (another instance will): {}", session.id, e.toString());
            }
        };
        if (stopping) {
            write.run();
        } else {
            writer.execute(write);
        }
    }

    private void record(Client client, UUID id, SessionKind.Plan plan, String resource, String result, int status,
            String details) {
        try {
            store.refused(new AuditRecord(null, null, client.caller().name(), client.sessionHeader(), id.toString(),
                    plan.verb(), plan.command(), plan.request().action(), resource, result, status, 0, client.source(), details));
        } catch (RuntimeException e) {
            LOG.warn("Cannot audit a refused session of {} on {}: {}", client.caller().name(), resource, e.toString());
        }
    }

    private static String outcome(ExecFrame exit) {
        if (exit.wasTimedOut()) {
            return "timed_out";
        }
        return exit.signal() != null ? "killed" : "exited";
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
}
