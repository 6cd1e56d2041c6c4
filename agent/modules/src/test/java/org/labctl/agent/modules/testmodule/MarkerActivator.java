package org.labctl.agent.modules.testmodule;

import java.nio.file.Path;
import java.util.Hashtable;
import org.labctl.api.module.Module;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The activator of the test modules' bundles (built by the tests from these classes, with a hand-written
 * manifest): registers a {@link MarkerModule} for the module named by the manifest header
 * {@code Marker-Module}, writing to the directory in the framework property {@code test.markers}.
 */
public final class MarkerActivator implements BundleActivator {

    private ServiceRegistration<Module> registration;

    @Override
    public void start(BundleContext context) {
        String name = context.getBundle().getHeaders().get("Marker-Module");
        String version = context.getBundle().getHeaders().get("Marker-Version");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Module.PROPERTY, name);
        registration = context.registerService(Module.class,
                new MarkerModule(name, version, Path.of(context.getProperty("test.markers"))), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
