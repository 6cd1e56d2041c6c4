package org.labctl.bastion.internal.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.labctl.api.BastionCall;
import org.labctl.api.session.SessionHandler;
import org.labctl.bastion.BastionFleet;
import org.labctl.bastion.internal.BastionConfig;
import org.labctl.bastion.internal.BastionRuntime;
import org.labctl.bastion.internal.Log;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The bastion of the standalone runtime ({@code labctl init bastion standalone start}, which runs
 * {@code lab-agent bastion}): the same {@link BastionRuntime} as in labd, configured by the file
 * the framework property {@value #CONFIG} names (the keys of {@link BastionConfig}), with its
 * state next to that file, and an admin endpoint on loopback for labctl ({@link AdminHttp}). With
 * {@value #IDENTITY} and {@code labd.url} it is registered with labd, which issues its kickstarts'
 * join tokens ({@link LinkedFleet}); without, it serves no kickstart ({@link LocalFleet}).
 * Where that property is not set (labd, an agent) it does nothing.
 */
@Component(immediate = true, configurationPolicy = ConfigurationPolicy.IGNORE)
public class StandaloneBastion {

    /** Framework property: the standalone bastion's configuration file. */
    public static final String CONFIG = "lab.bastion.config";
    /**
     * Configuration key of a bastion registered with labd: lab-agent's data directory of the server
     * it enrolled as, whose certificate it asks labd for join tokens with ({@link LinkedFleet}).
     */
    public static final String IDENTITY = "labd.identity";
    private static final Log LOG = Log.of(StandaloneBastion.class);

    private final BastionRuntime runtime;
    private final AdminHttp admin;
    private final org.osgi.framework.ServiceRegistration<org.labctl.bastion.Bastion> registration;
    private final org.osgi.framework.ServiceRegistration<SessionHandler> handler;

    @Activate
    public StandaloneBastion(BundleContext context) throws IOException {
        String file = context.getProperty(CONFIG);
        if (file == null || file.isBlank()) {
            runtime = null;
            admin = null;
            registration = null;
            handler = null;
            return;
        }
        Path config = Path.of(file).toAbsolutePath();
        Path data = config.getParent();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            properties.load(in);
        }
        Map<String, Object> values = new HashMap<>();
        properties.forEach((key, value) -> values.put(key.toString(), value));
        BastionConfig settings;
        try {
            settings = BastionConfig.read(values, environment -> data);
        } catch (IllegalArgumentException e) {
            LOG.error("the bastion is not started: {} ({})", e.getMessage(), config);
            throw e;
        }
        String identity = properties.getProperty(IDENTITY, "").trim();
        BastionFleet fleet = identity.isEmpty() || settings.http().labd() == null ? new LocalFleet()
                : new LinkedFleet(settings.http().labd(), Path.of(identity));
        runtime = BastionRuntime.start(settings, fleet, Clock.systemUTC());
        try {
            admin = AdminHttp.start(runtime, data);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        // lab-agent beside it answers labd's calls to it with this service (labctl provision --env ENV)
        registration = context.registerService(org.labctl.bastion.Bastion.class, runtime, null);
        handler = context.registerService(SessionHandler.class, new BastionCallHandler(runtime),
                new java.util.Hashtable<>(Map.of(SessionHandler.PROPERTY, BastionCall.KIND)));
        LOG.info("started: {}; admin endpoint {}", settings.describe(), admin.address());
    }

    @Deactivate
    void stop() {
        if (handler != null) {
            handler.unregister();
        }
        if (registration != null) {
            registration.unregister();
        }
        if (admin != null) {
            admin.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * A bastion without labd: machines are discovered and assigned, but no join token can be had,
     * so kickstarts are not served (503, and the bastion's log says why) until it is registered.
     */
    static final class LocalFleet implements BastionFleet {

        @Override
        public void serving(String environment) {
        }

        @Override
        public org.labctl.api.BastionAssigned assigning(String environment, String mac, String hostname, String previous, String by) {
            return new org.labctl.api.BastionAssigned(null, 0);
        }

        @Override
        public int forgetting(String environment, String mac, String by) {
            return 0; // it never had a token
        }

        @Override
        public String joinToken(String environment, String mac, String address, String hostname, String role) throws IOException {
            throw new IOException("this standalone bastion is not registered with labd, which issues the join token a "
                    + "kickstart carries");
        }
    }
}
