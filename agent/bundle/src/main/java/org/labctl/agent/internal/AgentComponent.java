package org.labctl.agent.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.session.AgentHeartbeat;
import org.labctl.api.session.AgentTopic;
import org.labctl.api.session.SessionHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code lab-agent run} inside the agent's OSGi runtime: keeps the connection to labd for the
 * enrolled data directory. {@link AgentRuntime} passes the data directory and the heartbeat as the
 * framework properties {@value AgentRuntime#DATA} and {@value AgentRuntime#HEARTBEAT}.
 */
@Component(name = "org.labctl.agent", immediate = true)
public class AgentComponent {

    /** The session handlers of this runtime by kind: exec here, the others from the bundles that own them. */
    private final Map<String, SessionHandler> handlers = new ConcurrentHashMap<>();
    /** The agent topics of this runtime, from the bundles that own them. */
    private final Topics topics = new Topics(AgentLog::info);
    private final AgentConnection connection;
    private final Thread thread;
    private final ServiceRegistration<AgentHeartbeat> heartbeatService;

    @Activate
    public AgentComponent(BundleContext context) throws IOException {
        String heartbeat = context.getProperty(AgentRuntime.HEARTBEAT);
        int seconds = heartbeat == null ? 10 : Integer.parseInt(heartbeat);
        if (seconds < 1) {
            throw new IllegalArgumentException(AgentRuntime.HEARTBEAT + " must be at least 1, got " + seconds);
        }
        AgentFiles files = AgentFiles.of(context);
        if (!files.enrolled()) {
            throw new IllegalStateException("not enrolled (no certificate in " + files.directory() + "): run lab-agent enroll first");
        }
        String version = AgentComponent.class.getPackage().getImplementationVersion();
        LogSettings logs = LogSettings.of(context, files.directory());
        AgentLog.writeTo(logs.agentLog());
        connection = new AgentConnection(files, Duration.ofSeconds(seconds), version == null ? Main.version() : version,
                AgentLog::info, handlers::get, topics);
        thread = new Thread(connection, "lab-agent-connection");
        thread.setDaemon(true);
        thread.start();
        // the topics' way to bring the next heartbeat forward
        heartbeatService = context.registerService(AgentHeartbeat.class, topics::changed, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(SessionHandler handler) {
        handlers.put(handler.kind(), handler);
    }

    void removeHandler(SessionHandler handler) {
        handlers.remove(handler.kind(), handler);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTopic(AgentTopic topic) {
        topics.add(topic);
    }

    void removeTopic(AgentTopic topic) {
        topics.remove(topic);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        heartbeatService.unregister();
        connection.stop();
        thread.join(10_000);
        AgentLog.close();
    }
}
