package org.labctl.modules.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.ibatis.session.SqlSession;
import org.labctl.exec.AgentHub;
import org.labctl.exec.AgentTopicHandler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * labd's side of the agents' topic {@code modules}. Each heartbeat brings the agent's report of its modules
 * ({@link ModuleService#reported}); each ack answers {@code {"generation": G}}, the generation of what the agent's
 * server is to run (its modules' names, versions, parameters and files' digests). When the modules change, the agents
 * connected here whose generation moved are told at once; a server's labels and role are read again at each
 * heartbeat, so that a label change reaches its agent with the next ack. The agent fetches its modules from
 * {@code GET /api/v1/agent/modules} when the generation differs from the one it has.
 */
@Component(service = AgentTopicHandler.class, immediate = true)
public final class ModulesTopic implements AgentTopicHandler {

    static final String TOPIC = "modules";

    private final ModuleService modules;
    /** Optional and dynamic: the hub binds this topic, so a static reference to the hub would be circular. */
    private volatile AgentHub hub;
    /** The generation each connected agent was told last. */
    private final Map<String, String> told = new ConcurrentHashMap<>();
    private final Consumer<ModuleCatalog> changed = this::changed;

    @Activate
    public ModulesTopic(@Reference ModuleService modules) {
        this.modules = modules;
        modules.listen(changed);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindHub(AgentHub hub) {
        this.hub = hub;
    }

    void unbindHub(AgentHub hub) {
        if (this.hub == hub) {
            this.hub = null;
        }
    }

    @Deactivate
    void deactivate() {
        modules.unlisten(changed);
    }

    @Override
    public String name() {
        return TOPIC;
    }

    @Override
    public void reported(String serverId, Object report, SqlSession transaction) {
        modules.reported(serverId, report, transaction);
    }

    @Override
    public Object notice(String serverId) {
        if (modules.catalog() == ModuleCatalog.EMPTY) {
            return null; // not read from the database yet (labd is starting): say nothing rather than "no modules"
        }
        String generation = modules.desired(serverId, false).generation();
        told.put(serverId, generation);
        return Map.of("generation", generation);
    }

    private void changed(ModuleCatalog catalog) {
        AgentHub hub = this.hub;
        if (hub == null) {
            return;
        }
        java.util.Set<String> connected = hub.connected();
        told.keySet().retainAll(connected);
        modules.generations(connected).forEach((serverId, generation) -> {
            if (!generation.equals(told.get(serverId)) && hub.notify(serverId, TOPIC, Map.of("generation", generation))) {
                told.put(serverId, generation);
            }
        });
    }
}
