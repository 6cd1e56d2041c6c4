package org.labctl.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.BundleHealth;
import org.labctl.api.DatabaseHealth;
import org.labctl.api.HealthInfo;
import org.labctl.api.VersionInfo;
import org.labctl.core.Database;
import org.labctl.core.Labd;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Answers what health and version report: database state, uptime and the labd bundles. */
@Component(service = HealthService.class)
public class HealthService {

    static final String LABD_BUNDLE_PREFIX = "org.labctl.";

    private final Database database;
    private final Labd labd;
    private final BundleContext context;
    private final SqlSessionFactory sessions;

    @Activate
    public HealthService(@Reference Database database, @Reference Labd labd, BundleContext context) {
        this.database = database;
        this.labd = labd;
        this.context = context;
        this.sessions = database.sessionFactory(HealthMapper.class);
    }

    public HealthInfo health() {
        DatabaseHealth db = database.health();
        String clusterId = db.up() ? clusterId() : null;
        List<BundleHealth> bundles = Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(LABD_BUNDLE_PREFIX))
                .sorted(Comparator.comparing(Bundle::getSymbolicName))
                .map(b -> new BundleHealth(b.getSymbolicName(), b.getVersion().toString(), stateName(b.getState())))
                .toList();
        boolean bundlesActive = bundles.stream().allMatch(b -> "Active".equals(b.state()));
        Instant started = labd.startedAt();
        long uptime = Math.max(0, Duration.between(started, Instant.now()).toSeconds());
        return new HealthInfo(db.up() && bundlesActive ? HealthInfo.OK : HealthInfo.DEGRADED, labd.version(),
                labd.instanceId(), clusterId, started.toString(), uptime, db, bundles);
    }

    public VersionInfo version() {
        return new VersionInfo(labd.version(), System.getProperty("java.version"), karafVersion());
    }

    private String clusterId() {
        try {
            return database.transaction(sessions, s -> s.getMapper(HealthMapper.class).clusterId());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String karafVersion() {
        return Arrays.stream(context.getBundles())
                .filter(b -> "org.apache.karaf.features.core".equals(b.getSymbolicName()))
                .map(b -> b.getVersion().getMajor() + "." + b.getVersion().getMinor() + "." + b.getVersion().getMicro())
                .findFirst().orElse("unknown");
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "Active";
            case Bundle.RESOLVED -> "Resolved";
            case Bundle.INSTALLED -> "Installed";
            case Bundle.STARTING -> "Starting";
            case Bundle.STOPPING -> "Stopping";
            default -> "Uninstalled";
        };
    }
}
