package org.labctl.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.ExecStart;
import org.labctl.api.Failure;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.Inventory;
import org.labctl.core.ResourceKind;
import org.labctl.exec.SessionKind;

/** The relay's start, abort and route paths, with fake clients, agents, peers, gate and database. */
class RelayTest {

    private static final Caller ALICE = new Caller(Caller.Kind.USER, "alice", "01");
    private static final Caller PEER = new Caller(Caller.Kind.LABD, "labd-2", "02");
    private static final ServerInfo WEB_1 = new ServerInfo("web-1", "s1", "baremetal", "lab", null, "Ready", null, null, null,
            null, Map.of());
    private static final ResourceKind.Address WHERE = new ResourceKind.Address("baremetal", "lab", "web-1");
    private static final Map<String, Object> TRUE = Map.of("argv", List.of("true"));

    private final FakeStore store = new FakeStore();
    private final Map<String, Link> agents = new HashMap<>();
    private final Map<String, ServerInfo> servers = new HashMap<>(Map.of("web-1", WEB_1));
    private final List<Runnable> queued = new ArrayList<>();
    private final List<FakePeer> connected = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Decider gate = (caller, request) -> Gate.Decision.allow(request.action() + ":baremetal:lab:" + request.name(),
            "baremetal:lab:" + request.name(), WHERE);
    private boolean queueStarts;
    private final Relay relay = new Relay("i1", gate((caller, request) -> gate.decide(caller, request)), new FakeInventory(), store,
            agents::get, this::connect, this::start, Runnable::run, timer);

    /** The one decision the tests' gate makes. */
    interface Decider {
        Gate.Decision decide(org.labctl.api.Caller caller, Gate.Request request);
    }

    private static Gate gate(Decider decider) {
        return new Gate() {
            @Override
            public Gate.Decision decide(org.labctl.api.Caller caller, Gate.Request request) {
                return decider.decide(caller, request);
            }

            @Override
            public org.labctl.core.Access access(org.labctl.api.Caller caller) {
                return null;
            }

            @Override
            public java.util.Set<String> kinds() {
                return java.util.Set.of("server");
            }

            @Override
            public boolean uninstalled(String kind) {
                return false;
            }
        };
    }

    RelayTest() {
        relay.addKind(new ExecKind());
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void start(Runnable task) {
        if (queueStarts) {
            queued.add(task);
        } else {
            task.run();
        }
    }

    private Relay.Peer connect(String instance, String url) {
        FakePeer peer = new FakePeer(instance, url);
        connected.add(peer);
        return peer;
    }

    private static String start(UUID id, String kind, Map<String, Object> payload) {
        return Relay.json(ExecFrame.start(id, kind, payload).toServer("web-1"));
    }

    private static ExecFrame frame(String json) throws Exception {
        return Relay.JSON.readValue(json, ExecFrame.class);
    }

    @Test
    void aKindThatIsNotInstalledIsUnavailable() throws Exception {
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, "logs.journal", Map.of("source", "journal")));
        ExecFrame error = frame(client.texts.get(0));
        assertEquals(ExecProtocol.ERROR, error.type());
        assertEquals(Failure.UNAVAILABLE, error.failure());
        assertEquals("unavailable", error.error());
        assertTrue(error.message().contains("'logs.journal' sessions are not installed"), error.message());
        assertTrue(store.opened.isEmpty());
    }

    @Test
    void aPayloadTheKindRefusesIsAnInvalidArgument() throws Exception {
        FakeClient client = new FakeClient(ALICE);
        relay.fromClient(client, start(UUID.randomUUID(), ExecStart.KIND, Map.of("argv", List.of())));
        ExecFrame error = frame(client.texts.get(0));
        assertEquals(Failure.INVALID_ARGUMENT, error.failure());
        assertEquals("no command to run: give it after --", error.message());
        relay.fromClient(client, Relay.json(ExecFrame.start(UUID.randomUUID(), ExecStart.KIND, TRUE)));
        assertEquals("the start frame names no server", frame(client.texts.get(1)).message());
    }

    @Test
    void aRefusalIsWordedByTheKindAndAuditedAtTheRealAddress() throws Exception {
        gate = (caller, request) -> Gate.Decision.refuse(Failure.PERMISSION_DENIED, "exec:baremetal:lab:web-1",
                "no role grants it", "baremetal:lab:web-1", WHERE);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, Map.of("argv", List.of("uname", "-r"))));
        ExecFrame error = frame(client.texts.get(0));
        assertEquals(Failure.PERMISSION_DENIED, error.failure());
        assertEquals("permission denied: exec on server/web-1 needs exec:baremetal:lab:web-1 (no role grants it)", error.message());
        AuditRecord row = store.refused.get(0);
        assertEquals("EXEC", row.method());
        assertEquals("uname -r", row.path());
        assertEquals("exec", row.action());
        assertEquals("baremetal:lab:web-1", row.resource());
        assertEquals("denied", row.result());
        assertEquals(403, row.httpStatus());
        assertEquals(id.toString(), row.requestId());
        assertTrue(agents.isEmpty() && store.opened.isEmpty());
    }

    @Test
    void anUnknownServerAnswersWithTheGatesReason() throws Exception {
        gate = (caller, request) -> Gate.Decision.refuse(Failure.NOT_FOUND, "exec:*:*:web-9",
                "server/web-9 not found (labctl get servers lists them)", "*:*:web-9", null);
        FakeClient client = new FakeClient(ALICE);
        relay.fromClient(client, Relay.json(ExecFrame.start(UUID.randomUUID(), ExecStart.KIND, TRUE).toServer("web-9")));
        ExecFrame error = frame(client.texts.get(0));
        assertEquals(Failure.NOT_FOUND, error.failure());
        assertEquals("server/web-9 not found (labctl get servers lists them)", error.message());
        assertEquals("error", store.refused.get(0).result());
        assertEquals("{\"reason\":\"no such server\"}", store.refused.get(0).details());
    }

    @Test
    void anAllowedSessionGoesToTheLocalAgentAndIsAuditedUntilItsExit() throws Exception {
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, Map.of("argv", List.of("wc", "-l"), "user", "bob")));
        ExecFrame forwarded = frame(agent.texts.get(0));
        assertEquals(ExecProtocol.START, forwarded.type());
        assertNull(forwarded.server(), "the agent gets no server name");
        assertEquals(ExecStart.KIND, forwarded.kind());
        assertEquals(List.of("wc", "-l"), forwarded.payload().get("argv"));
        AuditRecord row = store.opened.get(0);
        assertEquals("EXEC", row.method());
        assertEquals("wc -l", row.path());
        assertEquals("allowed", row.result());
        JsonNode details = Relay.JSON.readTree(row.details());
        assertEquals(id.toString(), details.path("execSession").asText());
        assertEquals("web-1", details.path("server").asText());
        assertEquals("bob", details.path("runAs").asText());
        assertEquals("s1", store.openedServer.get(0));

        relay.fromAgent(agent, Relay.json(ExecFrame.started(id, 42)));
        relay.fromClient(client, ExecProtocol.encode(ExecProtocol.STDIN, id, ByteBuffer.wrap(new byte[] {'x', '\n'})));
        relay.fromAgent(agent, ExecProtocol.encode(ExecProtocol.STDOUT, id, ByteBuffer.wrap(new byte[] {'1', '\n'})));
        relay.fromAgent(agent, Relay.json(ExecFrame.exit(id, 0, null, false)));
        assertEquals(List.of(ExecProtocol.STARTED, ExecProtocol.EXIT), client.types());
        assertEquals(1, client.binaries.size());
        assertEquals(1, agent.binaries.size());
        assertEquals(1, store.closed.size());
        JsonNode closed = Relay.JSON.readTree(store.closed.get(0).details());
        assertEquals("allowed", store.closed.get(0).result());
        assertEquals("exited", closed.path("outcome").asText());
        assertEquals(0, closed.path("exitCode").asInt());
        assertEquals(2, closed.path("bytesIn").asInt());
        assertEquals(2, closed.path("bytesOut").asInt());
        assertEquals(0, relay.running());
        // frames of a session that ended are ignored
        relay.fromClient(client, Relay.json(ExecFrame.eof(id)));
        assertEquals(1, agent.texts.size());
    }

    @Test
    void theKindMayRewriteThePayloadAndAskForTheWholeEnvironment() throws Exception {
        List<Gate.Request> asked = new ArrayList<>();
        gate = (caller, request) -> {
            asked.add(request);
            return Gate.Decision.allow("manage:baremetal:lab:*", "baremetal:lab:web-1", WHERE);
        };
        relay.addKind(new SessionKind() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Plan plan(Caller caller, String server, Map<String, Object> payload) {
                return new Plan(new Gate.Request("server", "manage", server, true), "TEST", "test on " + server,
                        "testing server/" + server, Map.of("test", payload), Map.of("by", caller.name()));
            }
        });
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        relay.fromClient(new FakeClient(ALICE), start(UUID.randomUUID(), "test", Map.of("op", "x")));
        assertEquals(List.of(new Gate.Request("server", "manage", "web-1", true)), asked);
        ExecFrame forwarded = frame(agent.texts.get(0));
        assertEquals("test", forwarded.kind());
        assertEquals(Map.of("by", "alice"), forwarded.payload());
        assertEquals("TEST", store.opened.get(0).method());
        assertEquals("manage", store.opened.get(0).action());
    }

    @Test
    void aServerWhoseAgentIsConnectedNowhereIsUnavailable() throws Exception {
        FakeClient client = new FakeClient(ALICE);
        relay.fromClient(client, start(UUID.randomUUID(), ExecStart.KIND, TRUE));
        ExecFrame error = frame(client.texts.get(0));
        assertEquals(Failure.UNAVAILABLE, error.failure());
        assertTrue(error.message().startsWith("server/web-1 is not connected: its agent has never connected"), error.message());
        assertEquals(503, store.refused.get(0).httpStatus());
    }

    @Test
    void aSessionIsRoutedToTheInstanceHoldingTheAgentOverOneLink() throws Exception {
        store.instances.put("s1", "i2");
        store.urls.put("i2", "https://labd-2:8443");
        FakeClient client = new FakeClient(ALICE);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        relay.fromClient(client, start(first, ExecStart.KIND, TRUE));
        relay.fromClient(client, start(second, ExecStart.KIND, TRUE));
        assertEquals(1, connected.size(), "one link per instance");
        FakePeer peer = connected.get(0);
        assertEquals("https://labd-2:8443", peer.url);
        ExecFrame forwarded = frame(peer.texts.get(0));
        assertEquals("web-1", forwarded.server(), "the other instance needs the server's name");
        assertEquals("i2", Relay.JSON.readTree(store.opened.get(0).details()).path("relayedTo").asText());
        relay.fromAgent(peer, Relay.json(ExecFrame.started(first, 7)));
        assertEquals(List.of(ExecProtocol.STARTED), client.types());
        // the link breaks: both sessions are lost
        relay.agentGone(peer, "closed");
        assertEquals(Failure.UNAVAILABLE, frame(client.texts.get(1)).failure());
        assertEquals(2, store.closed.size());
        assertEquals("error", store.closed.get(0).result());
        assertEquals("lost", Relay.JSON.readTree(store.closed.get(0).details()).path("outcome").asText());
        // and the next session opens a new link
        peer.open = false;
        relay.fromClient(client, start(UUID.randomUUID(), ExecStart.KIND, TRUE));
        assertEquals(2, connected.size());
    }

    @Test
    void aSessionRelayedHereGoesToTheAgentWithoutAGateOrAnAuditRow() throws Exception {
        gate = (caller, request) -> {
            throw new AssertionError("the instance that relays it decided");
        };
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient peer = new FakeClient(PEER);
        UUID id = UUID.randomUUID();
        relay.fromClient(peer, start(id, "a-kind-this-instance-does-not-have", Map.of("any", 1)));
        ExecFrame forwarded = frame(agent.texts.get(0));
        assertNull(forwarded.server());
        assertEquals("a-kind-this-instance-does-not-have", forwarded.kind());
        relay.fromAgent(agent, Relay.json(ExecFrame.exit(id, 0, null, false)));
        assertEquals(List.of(ExecProtocol.EXIT), peer.types());
        assertTrue(store.opened.isEmpty() && store.closed.isEmpty());
        agents.clear();
        relay.fromClient(peer, start(UUID.randomUUID(), ExecStart.KIND, TRUE));
        assertEquals(Failure.UNAVAILABLE, frame(peer.texts.get(1)).failure());
    }

    @Test
    void anAbortWhileTheStartIsCheckedReachesTheAgentOnceItStarts() throws Exception {
        queueStarts = true;
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, TRUE));
        relay.fromClient(client, Relay.json(ExecFrame.abort(id)));
        assertTrue(agent.texts.isEmpty());
        queued.remove(0).run();
        assertEquals(List.of(ExecProtocol.START, ExecProtocol.ABORT), agent.types());
    }

    @Test
    void theClientsControlFramesAreForwardedAndOthersRefused() throws Exception {
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, TRUE));
        relay.fromClient(client, Relay.json(ExecFrame.window(id, ExecProtocol.STDOUT, 1024)));
        relay.fromClient(client, Relay.json(ExecFrame.abort(id)));
        relay.fromClient(client, Relay.json(ExecFrame.exit(id, 0, null, false)));
        assertEquals(List.of(ExecProtocol.START, ExecProtocol.WINDOW, ExecProtocol.ABORT), agent.types());
        assertEquals(Failure.INVALID_ARGUMENT, frame(client.texts.get(0)).failure());
        // another client cannot reach the session
        FakeClient other = new FakeClient(ALICE);
        relay.fromClient(other, Relay.json(ExecFrame.signal(id, ExecProtocol.Signal.INT)));
        assertEquals(3, agent.texts.size());
        relay.fromClient(client, "not json");
        assertEquals(Failure.INVALID_ARGUMENT, frame(client.texts.get(1)).failure());
    }

    @Test
    void aClientThatLeavesAbortsItsSessions() throws Exception {
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, TRUE));
        relay.clientGone(client);
        assertTrue(client.gone());
        assertEquals(List.of(ExecProtocol.START, ExecProtocol.ABORT), agent.types());
        relay.fromAgent(agent, Relay.json(ExecFrame.exit(id, 143, "TERM", false)));
        assertEquals("client_gone", Relay.JSON.readTree(store.closed.get(0).details()).path("outcome").asText());
    }

    @Test
    void stoppingEndsEverySession() throws Exception {
        FakeAgent agent = new FakeAgent();
        agents.put("s1", agent);
        FakeClient client = new FakeClient(ALICE);
        UUID id = UUID.randomUUID();
        relay.fromClient(client, start(id, ExecStart.KIND, TRUE));
        relay.stop();
        assertEquals(List.of(ExecProtocol.START, ExecProtocol.ABORT), agent.types());
        assertEquals(Failure.UNAVAILABLE, frame(client.texts.get(0)).failure());
        assertEquals("labd_stopped", Relay.JSON.readTree(store.closed.get(0).details()).path("outcome").asText());
        assertFalse(relay.running() > 0);
    }

    // ---- fakes ----

    private static class FakeLink implements Link {
        final List<String> texts = new ArrayList<>();
        final List<ByteBuffer> binaries = new ArrayList<>();

        @Override
        public synchronized void text(String frame) {
            texts.add(frame);
        }

        @Override
        public synchronized void binary(ByteBuffer frame) {
            binaries.add(frame);
        }

        @Override
        public String describe() {
            return getClass().getSimpleName();
        }

        List<String> types() throws Exception {
            List<String> types = new ArrayList<>();
            for (String text : texts) {
                types.add(frame(text).type());
            }
            return types;
        }
    }

    private static final class FakeAgent extends FakeLink {
    }

    private static final class FakeClient extends FakeLink implements Relay.Client {
        private final Caller caller;
        private boolean gone;
        final AtomicInteger closes = new AtomicInteger();

        FakeClient(Caller caller) {
            this.caller = caller;
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public String sessionHeader() {
            return "0123";
        }

        @Override
        public String source() {
            return "127.0.0.1";
        }

        @Override
        public boolean gone() {
            return gone;
        }

        @Override
        public void markGone() {
            gone = true;
        }

        @Override
        public void close(int code, String reason) {
            closes.incrementAndGet();
        }
    }

    private static final class FakePeer extends FakeLink implements Relay.Peer {
        private final String instance;
        final String url;
        boolean open = true;

        FakePeer(String instance, String url) {
            this.instance = instance;
            this.url = url;
        }

        @Override
        public String instance() {
            return instance;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    private record Closed(String auditId, UUID session, String result, String details) {
    }

    private static final class FakeStore implements Relay.Store {
        final List<AuditRecord> opened = new ArrayList<>();
        final List<String> openedServer = new ArrayList<>();
        final List<AuditRecord> refused = new ArrayList<>();
        final List<Closed> closed = new ArrayList<>();
        final Map<String, String> instances = new HashMap<>();
        final Map<String, String> urls = new HashMap<>();

        @Override
        public synchronized String open(AuditRecord row, UUID session, String serverId) {
            opened.add(row);
            openedServer.add(serverId);
            return "audit-" + opened.size();
        }

        @Override
        public synchronized void refused(AuditRecord row) {
            refused.add(row);
        }

        @Override
        public synchronized void close(String auditId, UUID session, String result, int durationMs, String details) {
            closed.add(new Closed(auditId, session, result, details));
        }

        @Override
        public String connectedInstance(String serverId) {
            return instances.get(serverId);
        }

        @Override
        public String liveUrl(String instance) {
            return urls.get(instance);
        }
    }

    private final class FakeInventory implements Inventory {
        @Override
        public EnvironmentInfo ensureEnvironment(String cloud, String name) {
            throw new AssertionError("the relay never asks the inventory for this");
        }

        @Override
        public Optional<ServerInfo> server(String name) {
            return Optional.ofNullable(servers.get(name));
        }

        @Override
        public List<ServerInfo> servers(String cloud, String environment, Map<String, String> labels) {
            return List.copyOf(servers.values());
        }

        @Override
        public Optional<ServerInfo> serverWithId(String id) {
            return servers.values().stream().filter(s -> s.id().equals(id)).findFirst();
        }

        @Override
        public ServerInfo deleteServer(String name, String deletedBy) {
            throw new AssertionError("the relay never asks the inventory for this");
        }

        @Override
        public boolean placeExists(String cloud, String environment) {
            throw new AssertionError("the relay never asks the inventory for this");
        }

        @Override
        public List<ServerInfo> enrolledWith(String tokenId) {
            throw new AssertionError("the relay never asks the inventory for this");
        }

        @Override
        public boolean enroll(Enrolling server, org.apache.ibatis.session.SqlSession transaction) {
            throw new AssertionError("the relay never asks the inventory for this");
        }

        @Override
        public boolean seen(String serverId, String agentVersion, Map<String, Object> facts,
                            org.apache.ibatis.session.SqlSession transaction) {
            throw new AssertionError("the relay never asks the inventory for this");
        }
    }
}
