package org.labctl.bastion.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.labctl.api.BastionInfo;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;
import org.labctl.bastion.Bastion;
import org.labctl.bastion.BastionFleet;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bastion of a labd instance, configured by {@code etc/org.labctl.bastion.cfg} with the keys
 * of {@link BastionConfig}, started as soon as that file is there (hot: no restart) and stopped
 * when it goes. Without it nothing listens. One labd instance runs at most one bastion: a bastion
 * serves the network segment of the host it runs on, so each environment's bastion is the labd
 * instance (pod with host networking) on that segment. Its state goes to {@code DATA/bastion/ENV} under
 * Karaf's data directory unless {@code data} says otherwise.
 */
@Component(name = "org.labctl.bastion", configurationPolicy = ConfigurationPolicy.REQUIRE, service = Bastion.class, immediate = true)
public class BastionComponent implements Bastion {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(BastionComponent.class);

    private final BastionRuntime runtime;

    @Activate
    public BastionComponent(@Reference BastionFleet fleet, BundleContext context, Map<String, Object> properties) throws IOException {
        String karafData = context.getProperty("karaf.data");
        Path base = karafData == null ? context.getDataFile("bastion").toPath() : Path.of(karafData, "bastion");
        BastionConfig config;
        try {
            config = BastionConfig.read(properties, environment -> base.resolve(environment));
            if (config.http().labd() == null) {
                throw new IllegalArgumentException("labd.url is required: the https URL installed machines enroll with, such as "
                        + "https://labd.example.net:8443");
            }
        } catch (IllegalArgumentException e) {
            LOG.error("the bastion is not started: {} (etc/org.labctl.bastion.cfg)", e.getMessage());
            throw e;
        }
        try {
            fleet.serving(config.environment());
        } catch (RuntimeException e) {
            // the database may not answer yet: tokens ask for the environment again
            LOG.warn("bastion {}: cannot make sure its environment exists yet: {}", config.environment(), e.getMessage());
        }
        runtime = BastionRuntime.start(config, fleet, Clock.systemUTC());
        LOG.info("started: {}", config.describe());
    }

    @Deactivate
    void stop() {
        runtime.close();
        LOG.info("bastion {} stopped", runtime.environment());
    }

    @Override
    public String environment() {
        return runtime.environment();
    }

    @Override
    public BastionInfo info() {
        return runtime.info();
    }

    @Override
    public List<MachineInfo> machines() {
        return runtime.machines();
    }

    @Override
    public MachineInfo provision(String mac, ProvisionRequest request, String by) {
        return runtime.provision(mac, request, by);
    }

    @Override
    public MachineInfo forget(String mac, String by) {
        return runtime.forget(mac, by);
    }

    @Override
    public List<String> events(String mac, int lines) {
        return runtime.events(mac, lines);
    }

    @Override
    public long eventsEnd() {
        return runtime.eventsEnd();
    }

    @Override
    public long events(long offset, String mac, List<String> into) {
        return runtime.events(offset, mac, into);
    }
}
