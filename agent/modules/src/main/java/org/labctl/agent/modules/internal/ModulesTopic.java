package org.labctl.agent.modules.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.labctl.api.session.AgentHeartbeat;
import org.labctl.api.session.AgentIdentity;
import org.labctl.api.session.AgentTopic;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The agent topic {@value #NAME} (issue 17): labd's notices name the generation of the modules it wants
 * on this server ({@code {"generation": "..."}}); each heartbeat reports how each module stands
 * ({@code [{"name","version","state","health","error","since"}]}). The modules and their files come
 * from labd over mutual TLS as the agent ({@link AgentIdentity}); they live under
 * {@code <data>/modules} ({@link ModulePlaces}). The agent's core knows nothing of modules.
 */
@Component(name = "org.labctl.agent.modules", service = AgentTopic.class, immediate = true)
public final class ModulesTopic implements AgentTopic {

    static final String NAME = "modules";
    /** Framework properties lab-agent's launcher sets (AgentRuntime in the agent's core). */
    static final String DATA = "lab.agent.data";
    static final String HEARTBEAT = "lab.agent.heartbeat";

    /** The agent core's heartbeat, brought forward when a module's state changes (absent in a bare runtime). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AgentHeartbeat heartbeat;
    private final ModuleAgent agent;
    private final ModuleRuntime runtime;
    private final ExecutorService coordinator = Executors.newSingleThreadExecutor(task -> daemon(task, "lab-agent-modules"));
    private final ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "lab-agent-modules-health"));

    @Activate
    public ModulesTopic(BundleContext context, @Reference AgentIdentity identity) {
        String data = context.getProperty(DATA);
        if (data == null || data.isBlank()) {
            throw new IllegalStateException("no agent data directory (framework property " + DATA + "): lab-agent run sets it");
        }
        String heartbeat = context.getProperty(HEARTBEAT);
        Duration interval = Duration.ofSeconds(heartbeat == null || heartbeat.isBlank() ? 10 : Long.parseLong(heartbeat.strip()));
        LabdClient labd = new LabdClient(identity);
        runtime = new ModuleRuntime(context, ModulePlaces.of(Path.of(data)), labd, identity.serverName(),
                ModuleRuntime.Settings.DEFAULT, AgentOut::info, Clock.systemUTC());
        runtime.onChange(() -> {
            AgentHeartbeat now = this.heartbeat;
            if (now != null) {
                now.soon();
            }
        });
        agent = new ModuleAgent(labd::desired, runtime, coordinator, AgentOut::info, Clock.systemUTC());
        agent.start();
        health.scheduleWithFixedDelay(runtime::checkHealth, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object report() {
        return agent.report();
    }

    @Override
    public void notice(Object notice) {
        agent.notice(notice);
    }

    /** Stops the passes and the health checks; the modules' bundles keep running (see {@link ModuleRuntime#close()}). */
    @Deactivate
    void deactivate() {
        health.shutdownNow();
        coordinator.shutdownNow();
        runtime.close();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
