package org.labctl.module.k3s.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.labctl.module.k3s.common.Command;
import org.labctl.module.k3s.common.K3sNode;
import org.labctl.module.k3s.common.Role;
import org.labctl.module.k3s.common.Settings;
import org.osgi.service.component.annotations.Component;

/**
 * The k3s-server module's agent side. {@code configure} installs k3s as a server with the pinned installer and writes
 * its config.yaml ({@link K3sNode}); {@code health} asks k3s for its node ({@code k3s kubectl get node NAME -o json})
 * and reports its Ready condition; {@code remove} runs {@code k3s-uninstall.sh}.
 */
@Component(property = Module.PROPERTY + "=k3s-server")
public class K3sServer implements Module {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final K3sNode node = new K3sNode(Role.SERVER);

    @Override
    public void install(ModuleContext context) {
        // the installer and its digest are parameters: configure installs
        context.log().info("k3s-server " + context.version() + " on " + context.serverName() + ": k3s is installed by configure");
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("tls-san", parameters.getOrDefault("tlsSan", List.of()));
        String token = (String) parameters.get("token");
        server.put("token", token);
        node.configure(Settings.of(parameters, context, server, token == null ? List.of() : List.of(token)), context);
    }

    @Override
    public Health health(ModuleContext context) throws Exception {
        K3sNode.State state = node.state(context);
        if (state == null) {
            return Health.failed("not configured yet");
        }
        if (!Files.isExecutable(state.k3s())) {
            return Health.of(Health.Check.failed("k3s", state.k3s() + " is missing"));
        }
        String name = state.nodeName();
        Command.Result result;
        try {
            result = node.k3s(state, List.of("kubectl", "get", "node", name, "-o", "json"));
        } catch (IOException e) {
            return Health.of(Health.Check.failed("node", e.getMessage()));
        }
        if (result.exitCode() != 0) {
            return Health.of(Health.Check.failed("node", "k3s kubectl get node " + name + " failed (exit code "
                    + result.exitCode() + "): " + result.tail(1)));
        }
        return Health.of(ready(name, result.output()));
    }

    @Override
    public void remove(ModuleContext context) throws Exception {
        node.remove(context);
    }

    /** The node's Ready condition, from what kubectl printed. */
    static Health.Check ready(String name, String json) {
        JsonNode document;
        try {
            document = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Health.Check.failed("node", "k3s kubectl get node " + name + " printed no node: " + e.getOriginalMessage());
        }
        String version = document.path("status").path("nodeInfo").path("kubeletVersion").asText("");
        for (JsonNode condition : document.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                String status = condition.path("status").asText();
                if ("True".equals(status)) {
                    return Health.Check.healthy("node", "node " + name + " is Ready" + (version.isEmpty() ? "" : " (" + version + ")"));
                }
                String why = (condition.path("reason").asText("") + ": " + condition.path("message").asText("")).strip();
                return Health.Check.degraded("node", "node " + name + " is NotReady (Ready " + status + ") " + why);
            }
        }
        return Health.Check.degraded("node", "node " + name + " reports no Ready condition yet");
    }
}
