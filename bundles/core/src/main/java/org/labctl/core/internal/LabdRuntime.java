package org.labctl.core.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.labctl.core.Labd;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Identity of this labd process: its version, a per-start instance id and its start time. */
@Component(service = Labd.class)
public class LabdRuntime implements Labd {

    private final String version;
    private final String instanceId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final Path dataDirectory;

    @Activate
    public LabdRuntime(BundleContext context) {
        String declared = context.getBundle().getHeaders().get("Labd-Version");
        this.version = declared == null ? context.getBundle().getVersion().toString() : declared;
        this.startedAt = processStart();
        this.dataDirectory = dataDirectory(context);
    }

    private static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("labd.data");
        if (data == null || data.isBlank()) {
            data = System.getenv("LABD_DATA");
        }
        if (data == null || data.isBlank()) {
            String karafData = context.getProperty("karaf.data");
            return Path.of(karafData == null ? "data" : karafData, "labd");
        }
        return Path.of(data);
    }

    /** The JVM's start, not this bundle's: a restarted bundle does not make labd younger. */
    private static Instant processStart() {
        return ProcessHandle.current().info().startInstant().orElseGet(Instant::now);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String instanceId() {
        return instanceId;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }
}
