package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.api.module.Module;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A module's bundles in the agent's OSGi framework: installed only from a file whose SHA-256 is the pinned
 * one (checked before the framework sees the file, and again on the very bytes the framework reads),
 * started in order, their {@link Module} service found, called, and uninstalled again.
 */
final class ModuleBundles {

    /** Where a module's bundle comes from, as the framework records it: {@code labctl-module:NAME/VERSION/FILE}. */
    static final String LOCATION = "labctl-module:";
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(60);

    /** One of a module's bundles in the framework, with the file and digest it was installed from. */
    record Loaded(String file, String sha256, Bundle bundle) {

        /** Whether it is still there and started (lazily activated: starting; a fragment: resolved). */
        boolean running() {
            int state = bundle.getState();
            return state == Bundle.ACTIVE || state == Bundle.STARTING || (fragment(bundle) && state == Bundle.RESOLVED);
        }
    }

    /** A call of a module's service. */
    interface Call<T> {
        T apply(Module module) throws Exception;
    }

    private final BundleContext context;
    private final Consumer<String> log;

    ModuleBundles(BundleContext context, Consumer<String> log) {
        this.context = context;
        this.log = log;
    }

    static String location(ModuleSpec spec, ModuleFile file) {
        return LOCATION + spec.name() + "/" + spec.version() + "/" + file.file();
    }

    /**
     * Installs the bundle in {@code path} under {@code location} if its SHA-256 is {@code sha256}: the file
     * is verified first (a mismatch never reaches the framework), then the framework reads it through a
     * digest, so that what it installed is what was verified. A bundle already at that location (left by
     * an earlier run of this handler) is replaced, its content being unknown.
     */
    Bundle install(String location, ModuleFile file, Path path) throws ModuleFailure, InterruptedException {
        String actual = digest(file, path);
        if (!actual.equals(file.sha256())) {
            throw new ModuleFailure(file.file() + " at " + path + " is not the file labd pinned: its SHA-256 is " + actual + ", expected "
                    + file.sha256() + "; refused");
        }
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            uninstall(List.of(existing));
        }
        MessageDigest digest = sha256();
        Bundle bundle;
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            bundle = context.installBundle(location, in);
        } catch (BundleException e) {
            throw new ModuleFailure(file.file() + " cannot be installed: " + ModuleLogFile.causes(e), e);
        } catch (IOException e) {
            throw new ModuleFailure(file.file() + " cannot be read from " + path + ": " + e.getMessage(), e);
        }
        String installed = HexFormat.of().formatHex(digest.digest());
        if (!installed.equals(file.sha256())) {
            uninstall(List.of(bundle));
            throw new ModuleFailure(file.file() + " changed while it was installed: its SHA-256 is " + installed + ", expected "
                    + file.sha256() + "; refused");
        }
        return bundle;
    }

    /** Starts a bundle (a fragment is left to its host); a bundle that does not resolve is said in words. */
    void start(Loaded loaded) throws ModuleFailure {
        if (fragment(loaded.bundle())) {
            return;
        }
        try {
            loaded.bundle().start();
        } catch (BundleException e) {
            throw new ModuleFailure(Words.startFailure(loaded.file(), e), e);
        } catch (IllegalStateException e) {
            throw new ModuleFailure(loaded.file() + " was uninstalled while it started", e);
        }
    }

    /**
     * Uninstalls bundles, then has the framework drop their wirings (a refresh, awaited), so that the
     * packages of an old version are gone before the next step.
     */
    void uninstall(Collection<Bundle> bundles) throws InterruptedException {
        boolean any = false;
        for (Bundle bundle : bundles) {
            try {
                if (bundle.getState() != Bundle.UNINSTALLED) {
                    bundle.uninstall();
                    any = true;
                }
            } catch (BundleException | IllegalStateException e) {
                log.accept("cannot uninstall " + bundle.getLocation() + ": " + e.getMessage());
            }
        }
        if (any) {
            refresh();
        }
    }

    private void refresh() throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener done = event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                refreshed.countDown();
            }
        };
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(null, done);
        if (!refreshed.await(REFRESH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            log.accept("the framework did not finish refreshing after uninstalling module bundles in " + REFRESH_TIMEOUT.toSeconds() + " s");
        }
    }

    /**
     * The {@link Module} service of module {@code name} registered by one of {@code bundles}, waiting for it
     * up to {@code timeout}.
     */
    ServiceReference<Module> awaitService(String name, Collection<Bundle> bundles, Duration timeout)
            throws ModuleFailure, InterruptedException {
        AtomicLong events = new AtomicLong();
        ServiceListener listener = event -> {
            events.incrementAndGet();
            synchronized (events) {
                events.notifyAll();
            }
        };
        try {
            context.addServiceListener(listener, filter(name));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("module names are checked before they reach a filter: " + name, e);
        }
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long seen = events.get();
                ServiceReference<Module> found = find(name, bundles);
                if (found != null) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ModuleFailure(missingService(name, bundles, timeout));
                }
                synchronized (events) {
                    if (events.get() == seen) {
                        TimeUnit.NANOSECONDS.timedWait(events, left);
                    }
                }
            }
        } finally {
            context.removeServiceListener(listener);
        }
    }

    /** The module's {@link Module} service among those {@code bundles} registered, or null. */
    ServiceReference<Module> find(String name, Collection<Bundle> bundles) {
        try {
            for (ServiceReference<Module> reference : context.getServiceReferences(Module.class, "(" + Module.PROPERTY + "=" + name + ")")) {
                if (bundles.contains(reference.getBundle())) {
                    return reference;
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("module names are checked before they reach a filter: " + name, e);
        }
    }

    /**
     * Calls the module's service on this thread, with the module's class loader as the thread's context
     * class loader (for libraries that look there).
     */
    <T> T call(ServiceReference<Module> reference, Call<T> call) throws Exception {
        Module module = context.getService(reference);
        if (module == null) {
            throw new ModuleFailure("its Module service went away");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try {
            Bundle bundle = reference.getBundle();
            BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
            if (wiring != null) {
                thread.setContextClassLoader(wiring.getClassLoader());
            }
            return call.apply(module);
        } finally {
            thread.setContextClassLoader(previous);
            context.ungetService(reference);
        }
    }

    /** Why no service came: none registered, or one this handler cannot use (another version of the module API). */
    private String missingService(String name, Collection<Bundle> bundles, Duration timeout) {
        try {
            ServiceReference<?>[] all = context.getAllServiceReferences(Module.class.getName(), "(" + Module.PROPERTY + "=" + name + ")");
            if (all != null) {
                for (ServiceReference<?> reference : all) {
                    if (bundles.contains(reference.getBundle())) {
                        return "its bundles register a Module service for " + name + " of another org.labctl.api.module than this agent's "
                                + "(they import a version of the module API the agent does not have)";
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return "none of its bundles registered a Module service with " + Module.PROPERTY + "=" + name + " within " + timeout.toSeconds()
                + " s (does its component start? is the name in module.yaml the one it registers?)";
    }

    private static String filter(String name) {
        return "(&(" + Constants.OBJECTCLASS + "=" + Module.class.getName() + ")(" + Module.PROPERTY + "=" + name + "))";
    }

    static boolean fragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static String digest(ModuleFile file, Path path) throws ModuleFailure {
        try {
            return ArtifactDigest.sha256(path);
        } catch (IOException e) {
            throw new ModuleFailure(file.file() + " cannot be read from " + path + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(ArtifactDigest.ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + ArtifactDigest.ALGORITHM, e);
        }
    }
}
