package org.labctl.bench.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Hashtable;
import java.util.Map;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The agent side of bench/modules' module: its bundle carries a payload (payload.bin, random bytes
 * that give the bundle a realistic size) which {@link #install} copies into the module's data
 * directory, as a module would put its files on the server. Registered by its own activator under the
 * module name of the manifest header {@code Bench-Module}, so that the bundle needs no Declarative
 * Services: modules.sh compiles it against lab-agent's own jars and writes the manifest.
 */
public final class BenchModule implements Module, BundleActivator {

    private ServiceRegistration<Module> registration;
    private BundleContext bundle;

    @Override
    public void start(BundleContext context) {
        bundle = context;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Module.PROPERTY, context.getBundle().getHeaders().get("Bench-Module"));
        registration = context.registerService(Module.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    @Override
    public void install(ModuleContext context) throws IOException {
        try (InputStream payload = bundle.getBundle().getEntry("payload.bin").openStream()) {
            Files.copy(payload, context.dataDirectory().resolve("payload.bin"), StandardCopyOption.REPLACE_EXISTING);
        }
        context.log().info("installed " + context.name() + " " + context.version());
    }

    @Override
    public void configure(Map<String, Object> parameters, ModuleContext context) {
        context.log().info("configured with " + parameters);
    }

    @Override
    public Health health(ModuleContext context) {
        return Files.isRegularFile(context.dataDirectory().resolve("payload.bin")) ? Health.healthy("payload in place")
                : Health.failed("payload.bin is missing from " + context.dataDirectory());
    }

    @Override
    public void remove(ModuleContext context) {
        context.log().info("removed " + context.name() + " " + context.version());
    }
}
