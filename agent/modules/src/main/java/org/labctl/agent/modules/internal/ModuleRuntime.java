package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.labctl.agent.modules.internal.ModuleBundles.Loaded;
import org.labctl.agent.modules.internal.ModuleStatus.State;
import org.labctl.api.module.Health;
import org.labctl.api.module.Module;
import org.labctl.api.module.ModuleContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The modules of this server, in the agent's OSGi framework: brings them to what labd wants
 * ({@link #apply}), puts back after a restart what the agent had ({@link #recover}), checks their health
 * ({@link #checkHealth}) and says how each stands ({@link #report}).
 *
 * <p>Each module has a worker thread of its own, which makes every call of the module (its
 * {@link Module} methods, one at a time as the SPI promises) and every change of its bundles. A pass
 * ({@link #apply}, {@link #recover}) hands one module at a time to its worker, in labd's order
 * (dependencies first; removals before, dependents first), and waits for it up to
 * {@link Settings#stepTimeout()}, so a module that hangs holds up the pass only that long. A module that
 * fails is reported failed with its reason and leaves the agent, and the other modules, running.
 *
 * <p>Steps for a module that labd wants:
 * <ol>
 *   <li>its files: {@code <name>/<version>/<file>}, downloaded unless already there, each verified
 *       against its pinned SHA-256 ({@link Downloads}); one on disk that is not the pinned file is
 *       refused (and, when labd can be asked, fetched again);</li>
 *   <li>its bundles: installed from the verified files ({@link ModuleBundles#install}) and started in
 *       order; a bundle that does not resolve fails the module with the missing requirement in words;
 *       on such a failure the bundles of the attempt are uninstalled again;</li>
 *   <li>its {@link Module} service ({@code labctl.module=<name>}, registered by one of those bundles),
 *       awaited up to {@link Settings#serviceTimeout()};</li>
 *   <li>{@code install}, then {@code configure(parameters)}, then {@code health}: ready (a change of
 *       parameters alone calls {@code configure} only).</li>
 * </ol>
 * An upgrade (a new version of a module the server has) installs the new version's bundles beside the
 * old (an identical bundle is kept, not installed twice), calls the new one's {@code install} and
 * {@code configure}, then uninstalls the old bundles. When the new version's bundles cannot be loaded,
 * the old version keeps running and the module is failed; once the new version's methods were called,
 * the new version is the module's, whether they succeeded or not (the SPI has no way back; labd rolls
 * back by asking for the old version, whose {@code install} and {@code configure} then run again).
 *
 * <p>A module labd no longer wants: {@code remove}, its bundles uninstalled, its files and data
 * directory deleted (its {@code module.log} is kept for {@code labctl logs module/NAME}). When
 * {@code remove} throws, the module stays, failed, and is removed again at the next pass.
 */
final class ModuleRuntime implements AutoCloseable {

    /**
     * How long to wait.
     *
     * @param serviceTimeout for a module's {@link Module} service after its bundles started
     * @param stepTimeout    for one module's step before a pass carries on with the next module
     */
    record Settings(Duration serviceTimeout, Duration stepTimeout) {
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    private final ModulePlaces places;
    private final ModuleBundles bundles;
    private final Downloads downloads;
    private final StateFile stateFile;
    private final String serverName;
    private final Settings settings;
    private final Consumer<String> agentLog;
    private final Clock clock;
    private final Map<String, Managed> modules = new ConcurrentHashMap<>();
    /** The modules in report order: labd's, then those being removed. */
    private volatile List<String> order = List.of();
    private volatile String serverRole;
    private volatile Map<String, String> serverLabels = Map.of();
    private volatile boolean closed;
    /** Called when a module's state or health status changes: labd should hear it before the next heartbeat. */
    private volatile Runnable changed = () -> { };

    ModuleRuntime(BundleContext context, ModulePlaces places, Downloads downloads, String serverName, Settings settings,
                  Consumer<String> agentLog, Clock clock) {
        this.places = places;
        this.bundles = new ModuleBundles(context, line -> agentLog.accept("modules: " + line));
        this.downloads = downloads;
        this.stateFile = new StateFile(places.state());
        this.serverName = serverName;
        this.settings = settings;
        this.agentLog = agentLog;
        this.clock = clock;
    }

    /** What to call when a module's state or health status changes (a heartbeat soon). */
    void onChange(Runnable listener) {
        changed = listener;
    }

    /** One module this runtime manages. Its fields change on its worker only. */
    private final class Managed {
        final String name;
        final ExecutorService worker;
        final ModuleLogFile log;
        final AtomicBoolean healthQueued = new AtomicBoolean();
        /** The version whose bundles are loaded, else the one last tried; what the state file records. */
        volatile ModuleSpec spec;
        /** The bundles of {@link #spec} in the framework (possibly none). */
        volatile List<Loaded> loaded = List.of();
        /** Whether {@code install} and {@code configure} of {@link #spec} succeeded. */
        volatile boolean configured;
        volatile boolean removing;
        volatile ModuleStatus status;

        Managed(String name) {
            this.name = name;
            this.worker = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "lab-agent-module-" + name);
                thread.setDaemon(true);
                return thread;
            });
            this.log = new ModuleLogFile(places.log(name), name, agentLog);
        }

        /** Whether all its bundles are there and started. */
        boolean intact() {
            return !loaded.isEmpty() && loaded.stream().allMatch(Loaded::running);
        }

        List<Bundle> bundles() {
            return loaded.stream().map(Loaded::bundle).toList();
        }

        void status(String version, State state, String error) {
            status = new ModuleStatus(version, state, null, error, clock.instant());
            changed.run();
        }

        void failed(String version, String error) {
            status(version, State.FAILED, Words.oneLine(error));
            log.error(error);
        }
    }

    // ---- passes (on the caller's thread: the modules handler's coordinator, or a test) ----

    /**
     * Puts back what the state file records, as the agent had it before it stopped: each module's files
     * verified again against the recorded digests (nothing is downloaded: labd's next answer decides
     * what changes), its bundles installed, and {@code install} and {@code configure} called again (a
     * module being removed only gets its bundles back, for its {@code remove}).
     */
    void recover() throws InterruptedException {
        List<StateFile.Entry> entries;
        try {
            entries = stateFile.read();
        } catch (IOException | RuntimeException e) {
            agentLog.accept("modules: cannot read " + stateFile.path() + " (" + e.getMessage() + "): starting without the modules it "
                    + "recorded; kept as " + stateFile.path().getFileName() + ".unreadable");
            try {
                Files.move(stateFile.path(), stateFile.path().resolveSibling(stateFile.path().getFileName() + ".unreadable"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moved) {
                agentLog.accept("modules: cannot move " + stateFile.path() + " aside: " + moved.getMessage());
            }
            return;
        }
        if (entries.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (StateFile.Entry entry : entries) {
            Managed module = new Managed(entry.spec().name());
            module.spec = entry.spec();
            module.removing = entry.removing();
            module.status(entry.spec().version(), entry.removing() ? State.REMOVING : State.INSTALLING, null);
            modules.put(module.name, module);
            names.add(module.name);
        }
        order = List.copyOf(names);
        agentLog.accept("modules: putting back " + names.size() + " module(s) recorded in " + stateFile.path() + ": " + names);
        for (String name : names) {
            Managed module = modules.get(name);
            await(module, "putting back", () -> recoverOne(module));
        }
        save();
    }

    /**
     * Brings this server's modules to what labd wants: removes those it no longer lists (dependents
     * first), then installs, upgrades or configures each it lists, in its order. Modules already ready as
     * wanted are left alone; failed ones are tried again.
     */
    void apply(Desired desired) throws InterruptedException {
        serverRole = desired.serverRole();
        serverLabels = desired.serverLabels();
        Set<String> wanted = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (ModuleSpec spec : desired.modules()) {
            wanted.add(spec.name());
            names.add(spec.name());
        }
        List<Managed> unwanted = new ArrayList<>();
        for (String name : order) {
            Managed module = modules.get(name);
            if (module != null && !wanted.contains(name)) {
                unwanted.add(0, module);
            }
        }
        for (Managed module : unwanted) {
            names.add(module.name);
        }
        synchronized (this) {
            order = List.copyOf(names);
        }
        for (Managed module : unwanted) {
            await(module, "removing", () -> removeOne(module));
        }
        for (ModuleSpec spec : desired.modules()) {
            Managed module = modules.computeIfAbsent(spec.name(), Managed::new);
            if (!settled(module, spec)) {
                await(module, "applying", () -> applyOne(module, spec, true));
            }
        }
        save();
    }

    /** Asks each ready module how it is, on its worker (a module still busy with the last check is skipped). */
    void checkHealth() {
        for (Managed module : modules.values()) {
            ModuleStatus status = module.status;
            if (status != null && status.state() == State.READY && module.healthQueued.compareAndSet(false, true)) {
                try {
                    module.worker.execute(() -> {
                        try {
                            healthOne(module);
                        } finally {
                            module.healthQueued.set(false);
                        }
                    });
                } catch (RejectedExecutionException gone) {
                    module.healthQueued.set(false);
                }
            }
        }
    }

    /** Each module's status, in labd's order, then those being removed. */
    List<Map<String, Object>> report() {
        List<Map<String, Object>> report = new ArrayList<>();
        for (String name : order) {
            Managed module = modules.get(name);
            ModuleStatus status = module == null ? null : module.status;
            if (status != null) {
                report.add(status.report(name));
            }
        }
        return report;
    }

    /** Whether any module is failed (the modules handler then tries again later). */
    boolean failing() {
        return modules.values().stream().anyMatch(module -> module.status != null && module.status.state() == State.FAILED);
    }

    /**
     * Stops the workers (a call in progress is interrupted). The modules' bundles stay as they are: they
     * keep running until the framework stops, and the next start of this handler takes them over.
     */
    @Override
    public void close() {
        closed = true;
        for (Managed module : modules.values()) {
            module.worker.shutdownNow();
        }
    }

    // ---- steps (on a module's worker) ----

    /** Whether the module is ready as {@code spec} wants it. */
    private static boolean settled(Managed module, ModuleSpec spec) {
        ModuleStatus status = module.status;
        return spec.equals(module.spec) && module.configured && !module.removing && status != null && status.state() == State.READY
                && module.intact();
    }

    private void recoverOne(Managed module) throws InterruptedException {
        ModuleSpec spec = module.spec;
        module.log.info("the agent started: putting back " + spec.title() + ", its files verified again");
        if (module.removing) {
            try {
                module.loaded = load(module, spec, List.of(), false);
                module.status(spec.version(), State.REMOVING, null);
            } catch (ModuleFailure e) {
                module.failed(spec.version(), e.getMessage());
            }
            return;
        }
        applyOne(module, spec, false);
    }

    /**
     * Installs, upgrades or configures one module.
     *
     * @param mayDownload whether files missing or refused on disk are fetched from labd (not when putting
     *                    back after a restart)
     */
    private void applyOne(Managed module, ModuleSpec spec, boolean mayDownload) throws InterruptedException {
        module.removing = false;
        ModuleSpec old = module.spec;
        boolean sameBundles = spec.sameBundles(old) && module.intact();
        ModuleStatus status = module.status;
        if (sameBundles && module.configured && status != null && status.state() == State.READY) {
            reconfigure(module, spec);
            return;
        }
        boolean upgrade = old != null && !old.version().equals(spec.version()) && module.intact();
        module.status(spec.version(), State.INSTALLING, null);
        module.log.info(upgrade ? "upgrading from " + old.version() + " to " + spec.version() : "installing " + spec.title());
        List<Loaded> previous = module.loaded;
        List<Loaded> loaded;
        ServiceReference<Module> service;
        try {
            loaded = sameBundles ? previous : load(module, spec, previous, mayDownload);
            try {
                service = bundles.awaitService(spec.name(), loaded.stream().map(Loaded::bundle).toList(), settings.serviceTimeout());
            } catch (ModuleFailure e) {
                bundles.uninstall(added(loaded, previous));
                throw e;
            }
        } catch (ModuleFailure e) {
            if (upgrade) {
                module.failed(spec.version(), e.getMessage() + "; " + old.version() + " still runs");
            } else {
                bundles.uninstall(module.bundles());
                module.loaded = List.of();
                module.spec = spec;
                module.configured = false;
                module.failed(spec.version(), e.getMessage());
            }
            save();
            return;
        }
        module.spec = spec;
        module.loaded = loaded;
        module.configured = false;
        save();
        try {
            run(module, spec, service, true);
        } finally {
            List<Bundle> retired = added(previous, loaded);
            if (!retired.isEmpty()) {
                bundles.uninstall(retired);
                module.log.info("uninstalled the bundles of " + old.version() + " that " + spec.version() + " does not use");
            }
            if (old != null && !old.version().equals(spec.version())) {
                deleteQuietly(module, places.version(spec.name(), old.version()));
            }
            save();
        }
    }

    /** {@code install} (when asked), {@code configure} and {@code health} of the module's service. */
    private void run(Managed module, ModuleSpec spec, ServiceReference<Module> service, boolean install) throws InterruptedException {
        ModuleContext context;
        try {
            context = context(module, spec);
        } catch (IOException e) {
            module.failed(spec.version(), "cannot create its data directory " + places.data(spec.name()) + ": " + e.getMessage());
            return;
        }
        String step = install ? "install" : "configure";
        try {
            if (install) {
                bundles.call(service, m -> {
                    m.install(context);
                    return null;
                });
                step = "configure";
            }
            module.status(spec.version(), State.CONFIGURING, null);
            bundles.call(service, m -> {
                m.configure(spec.parameters(), context);
                return null;
            });
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            module.configured = false;
            module.failed(spec.version(), step + " failed: " + ModuleLogFile.causes(e));
            return;
        }
        module.configured = true;
        Health health = health(module, service, context);
        module.status = new ModuleStatus(spec.version(), State.READY, health, null, clock.instant());
        changed.run();
        module.log.info(spec.title() + " is ready; health " + health.status() + (health.message().isEmpty() ? "" : ": " + health.message()));
    }

    /** Parameters changed, nothing else: {@code configure} again (and {@code health}). */
    private void reconfigure(Managed module, ModuleSpec spec) throws InterruptedException {
        module.log.info("configuring " + spec.title() + " with new parameters");
        ServiceReference<Module> service = bundles.find(spec.name(), module.bundles());
        module.spec = spec;
        module.configured = false;
        if (service == null) {
            module.failed(spec.version(), "its Module service is not registered any more (did a bundle of it stop?)");
        } else {
            run(module, spec, service, false);
        }
        save();
    }

    private void removeOne(Managed module) throws InterruptedException {
        ModuleSpec spec = module.spec;
        module.removing = true;
        module.status(spec.version(), State.REMOVING, null);
        save();
        module.log.info("removing " + spec.title());
        if (!module.intact()) {
            try {
                module.loaded = load(module, spec, module.loaded, false);
            } catch (ModuleFailure e) {
                module.log.warn("its bundles cannot be loaded (" + e.getMessage() + "): remove is not called");
            }
        }
        if (module.intact()) {
            try {
                ServiceReference<Module> service = bundles.awaitService(spec.name(), module.bundles(), settings.serviceTimeout());
                ModuleContext context = context(module, spec);
                bundles.call(service, m -> {
                    m.remove(context);
                    return null;
                });
            } catch (InterruptedException e) {
                throw e;
            } catch (ModuleFailure e) {
                module.log.warn(e.getMessage() + ": remove is not called");
            } catch (Exception e) {
                module.failed(spec.version(), "remove failed: " + ModuleLogFile.causes(e));
                save();
                return;
            }
        }
        bundles.uninstall(module.bundles());
        module.loaded = List.of();
        try {
            places.deleteAllButLog(spec.name());
        } catch (IOException e) {
            module.log.warn("cannot delete all of " + places.module(spec.name()) + ": " + e.getMessage());
        }
        module.log.info("removed " + spec.title() + "; its bundles are uninstalled and its data directory deleted");
        synchronized (this) {
            modules.remove(module.name, module);
            List<String> names = new ArrayList<>(order);
            names.remove(module.name);
            order = List.copyOf(names);
        }
        save();
        module.worker.shutdown();
    }

    private void healthOne(Managed module) {
        ModuleStatus status = module.status;
        ModuleSpec spec = module.spec;
        if (status == null || status.state() != State.READY || spec == null) {
            return;
        }
        ServiceReference<Module> service = bundles.find(spec.name(), module.bundles());
        Health health;
        if (service == null) {
            health = Health.failed("its Module service is not registered any more (did a bundle of it stop?)");
        } else {
            try {
                health = health(module, service, context(module, spec));
            } catch (IOException e) {
                health = Health.failed("cannot create its data directory: " + e.getMessage());
            }
        }
        ModuleStatus now = module.status;
        if (now != null && now.state() == State.READY) {
            module.status = now.withHealth(health);
            if (now.health() == null || now.health().status() != health.status()) {
                changed.run(); // healthy to degraded, or back: labd hears it at once
            }
        }
    }

    /** The module's health; an exception (or no answer) counts as failed with its message. */
    private Health health(Managed module, ServiceReference<Module> service, ModuleContext context) {
        try {
            Health health = bundles.call(service, m -> m.health(context));
            return health == null ? Health.failed("health() answered nothing") : health;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.failed("interrupted");
        } catch (Exception e) {
            module.log.warn("health failed: " + ModuleLogFile.causes(e));
            return Health.failed(ModuleLogFile.causes(e));
        }
    }

    /**
     * The module's bundles for {@code spec}, installed and started: files verified (downloaded when
     * missing or refused, if {@code mayDownload}); a bundle of {@code reusable} with the same SHA-256 is
     * kept instead of installed again. On failure the bundles this call installed are uninstalled again.
     */
    private List<Loaded> load(Managed module, ModuleSpec spec, List<Loaded> reusable, boolean mayDownload)
            throws ModuleFailure, InterruptedException {
        if (spec.bundles().isEmpty()) {
            throw new ModuleFailure(spec.title() + " has no agent bundles: nothing on this server can register its Module service");
        }
        List<Path> files = new ArrayList<>();
        for (ModuleFile file : spec.bundles()) {
            files.add(file(module, spec, file, mayDownload));
        }
        List<Loaded> loaded = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                ModuleFile file = spec.bundles().get(i);
                Loaded kept = reusable.stream().filter(l -> l.sha256().equals(file.sha256()) && l.bundle().getState() != Bundle.UNINSTALLED)
                        .findFirst().orElse(null);
                if (kept != null) {
                    loaded.add(new Loaded(file.file(), file.sha256(), kept.bundle()));
                } else {
                    Bundle bundle = bundles.install(ModuleBundles.location(spec, file), file, files.get(i));
                    installed.add(bundle);
                    loaded.add(new Loaded(file.file(), file.sha256(), bundle));
                }
            }
            for (Loaded bundle : loaded) {
                bundles.start(bundle);
            }
            module.log.info("bundles of " + spec.title() + " verified and started: "
                    + loaded.stream().map(l -> l.file() + " (" + l.bundle().getSymbolicName() + " " + l.bundle().getVersion() + ")").toList());
            return List.copyOf(loaded);
        } catch (ModuleFailure | RuntimeException e) {
            bundles.uninstall(installed);
            throw e;
        }
    }

    /** A verified file of the module: downloaded when missing; one on disk that is not the pinned file refused. */
    private Path file(Managed module, ModuleSpec spec, ModuleFile file, boolean mayDownload) throws ModuleFailure, InterruptedException {
        Path path = places.file(spec.name(), spec.version(), file.file());
        if (Files.exists(path)) {
            String actual;
            try {
                actual = org.labctl.api.module.ArtifactDigest.sha256(path);
            } catch (IOException e) {
                throw new ModuleFailure(file.file() + " cannot be read from " + path + ": " + e.getMessage(), e);
            }
            if (actual.equals(file.sha256())) {
                return path;
            }
            String refused = file.file() + " at " + path + " is not the file labd pinned: its SHA-256 is " + actual + ", expected "
                    + file.sha256() + "; refused";
            if (!mayDownload) {
                throw new ModuleFailure(refused);
            }
            module.log.warn(refused + "; fetching it again from labd");
        } else if (!mayDownload) {
            throw new ModuleFailure(file.file() + " is missing from " + path.getParent() + "; refused");
        }
        module.log.info("downloading " + file.file() + " (" + file.size() + " bytes, SHA-256 " + file.sha256() + ")");
        try {
            downloads.download(file, path);
        } catch (IOException | RuntimeException e) {
            throw new ModuleFailure("cannot download " + file.file() + " of " + spec.title() + ": " + ModuleLogFile.causes(e), e);
        }
        return path;
    }

    private ModuleContext context(Managed module, ModuleSpec spec) throws IOException {
        Path data = places.data(spec.name());
        Files.createDirectories(data);
        return new AgentModuleContext(spec.name(), spec.version(), data, serverName, serverRole, serverLabels, module.log);
    }

    /** The bundles of {@code these} that {@code those} does not hold. */
    private static List<Bundle> added(List<Loaded> these, List<Loaded> those) {
        Set<Bundle> kept = new HashSet<>();
        those.forEach(l -> kept.add(l.bundle()));
        return these.stream().map(Loaded::bundle).filter(b -> !kept.contains(b)).distinct().toList();
    }

    private void deleteQuietly(Managed module, Path path) {
        try {
            ModulePlaces.delete(path);
        } catch (IOException e) {
            module.log.warn("cannot delete " + path + ": " + e.getMessage());
        }
    }

    /** A step of one module on its worker, awaited up to the step timeout. */
    private void await(Managed module, String what, Step step) throws InterruptedException {
        Future<?> done;
        try {
            done = module.worker.submit(() -> {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    module.failed(module.spec == null ? "" : module.spec.version(), what + " failed unexpectedly: " + ModuleLogFile.causes(e));
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            if (!closed) {
                agentLog.accept("modules: " + module.name + " is shutting down; " + what + " skipped");
            }
            return;
        }
        try {
            done.get(settings.stepTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            module.log.warn(what + " " + module.name + " takes longer than " + settings.stepTimeout().toMinutes()
                    + " min: the agent carries on with the other modules meanwhile");
        } catch (ExecutionException e) {
            agentLog.accept("modules: " + what + " " + module.name + ": " + ModuleLogFile.causes(e.getCause()));
        }
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    /** Records the modules managed, in order, for the next start. */
    private synchronized void save() {
        List<StateFile.Entry> entries = new ArrayList<>();
        for (String name : order) {
            Managed module = modules.get(name);
            if (module != null && module.spec != null) {
                entries.add(new StateFile.Entry(module.spec, module.removing));
            }
        }
        for (Managed module : modules.values()) {
            if (!order.contains(module.name) && module.spec != null) {
                entries.add(new StateFile.Entry(module.spec, module.removing));
            }
        }
        try {
            stateFile.write(entries);
        } catch (IOException e) {
            agentLog.accept("modules: cannot write " + stateFile.path() + ": " + e.getMessage());
        }
    }
}
