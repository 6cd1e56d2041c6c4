package org.labctl.agent.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lab-agent run} inside the agent's OSGi runtime: keeps the connection to labd for the
 * enrolled data directory ({@code data.dir}, else {@code LAB_AGENT_DATA}, else /var/lib/lab-agent).
 */
@Component(name = "org.labctl.agent", immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AgentComponent.Configuration.class)
public class AgentComponent {

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    @ObjectClassDefinition(name = "lab-agent")
    public @interface Configuration {
        @AttributeDefinition(name = "Data directory", required = false,
                description = "Where lab-agent enroll kept the key and certificate; empty = LAB_AGENT_DATA or /var/lib/lab-agent")
        String data_dir() default "";

        @AttributeDefinition(name = "Heartbeat (seconds)")
        int heartbeat_seconds() default 10;
    }

    private final AgentConnection connection;
    private final Thread thread;

    @Activate
    public AgentComponent(Configuration config) throws IOException {
        if (config.heartbeat_seconds() < 1) {
            throw new IllegalArgumentException("heartbeat.seconds must be at least 1, got " + config.heartbeat_seconds());
        }
        String dir = config.data_dir().isBlank() ? System.getenv("LAB_AGENT_DATA") : config.data_dir();
        AgentFiles files = new AgentFiles(Path.of(dir == null || dir.isBlank() ? Main.DEFAULT_DATA : dir));
        if (!files.enrolled()) {
            throw new IllegalStateException("not enrolled (no certificate in " + files.directory() + "): run lab-agent enroll first");
        }
        String version = AgentComponent.class.getPackage().getImplementationVersion();
        connection = new AgentConnection(files, Duration.ofSeconds(config.heartbeat_seconds()),
                version == null ? Main.version() : version, LOG::info);
        thread = new Thread(connection, "lab-agent-connection");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        connection.stop();
        thread.join(10_000);
    }
}
