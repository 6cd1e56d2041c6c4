package org.labctl.module.k3s.agent;

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
 * The k3s-agent module's agent side. {@code configure} installs k3s as an agent with the pinned installer and writes
 * its config.yaml with the server to join and the token ({@link K3sNode}); {@code health} reports whether the k3s
 * binary answers ({@code k3s --version}) and the {@code k3s-agent} service runs ({@code SERVICE-MANAGER is-active
 * k3s-agent}): an agent has no kubeconfig to ask the cluster with; {@code remove} runs {@code k3s-agent-uninstall.sh}.
 */
@Component(property = Module.PROPERTY + "=k3s-agent")
public class K3sAgent implements Module {

    private final K3sNode node = new K3sNode(Role.AGENT);

    @Override
    public void install(ModuleContext context) {
        // the installer and its digest are parameters: configure installs
        context.log().info("k3s-agent " + context.version() + " on " + context.serverName() + ": k3s is installed by configure");
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) throws Exception {
        String token = (String) parameters.get("token");
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("server", parameters.get("server"));
        agent.put("token", token);
        node.configure(Settings.of(parameters, context, agent, List.of(token)), context);
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
        Health.Check binary;
        Health.Check service;
        try {
            Command.Result version = node.k3s(state, List.of("--version"));
            binary = version.exitCode() == 0 ? Health.Check.healthy("k3s", version.output().strip().split("\n")[0])
                    : Health.Check.failed("k3s", "k3s --version failed (exit code " + version.exitCode() + "): " + version.tail(1));
        } catch (IOException e) {
            binary = Health.Check.failed("k3s", e.getMessage());
        }
        String name = node.role().service();
        try {
            Command.Result active = node.service(state, "is-active");
            String said = active.output().strip();
            if (active.exitCode() == 0) {
                service = Health.Check.healthy(name, name + " is " + (said.isEmpty() ? "active" : said));
            } else if (said.equals("activating") || said.equals("reloading")) {
                service = Health.Check.degraded(name, name + " is " + said + " (joining " + "its server, or restarting)");
            } else {
                service = Health.Check.failed(name, name + " is " + (said.isEmpty() ? "not active" : said));
            }
        } catch (IOException e) {
            service = Health.Check.failed(name, e.getMessage());
        }
        return Health.of(binary, service);
    }

    @Override
    public void remove(ModuleContext context) throws Exception {
        node.remove(context);
    }
}
