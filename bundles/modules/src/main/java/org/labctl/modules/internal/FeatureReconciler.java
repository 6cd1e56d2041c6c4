package org.labctl.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.labctl.core.Labd;
import org.labctl.modules.ModuleDescriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the labd side of the modules installed into this labd instance: for each module whose module.yaml names a
 * {@code labd.feature}, its features.xml and the bundles it names are written under
 * {@code <labd data>/modules/labd/<name>-<version>/} from the database (each verified against the SHA-256 pinned when
 * the module was added), the features.xml pointing at those copies, and Karaf's features service installs the feature
 * from there, without refreshing labd's own bundles. The database is the source of truth: every instance reconciles
 * when it starts and whenever it learns that the modules changed (it polls their generation), installing what is new,
 * upgrading what changed version and uninstalling what was removed. What this instance installed is kept in
 * {@code installed.properties} beside the copies, so that a restart knows what to take away.
 */
@Component(immediate = true)
public final class FeatureReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureReconciler.class);
    private static final EnumSet<FeaturesService.Option> QUIET = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final String STATE = "installed.properties";

    private final ModuleService modules;
    private final FeaturesService features;
    private final Path directory;
    private final ExecutorService worker;
    private final Consumer<ModuleCatalog> changed;

    /** What this instance installed: the module, its version, its feature and the repository it came from. */
    record Installed(String module, String version, String feature, URI repository) {
    }

    @Activate
    public FeatureReconciler(@Reference ModuleService modules, @Reference FeaturesService features, @Reference Labd labd) {
        this.modules = modules;
        this.features = features;
        this.directory = labd.dataDirectory().resolve("modules").resolve("labd");
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "labd-modules-features");
            t.setDaemon(true);
            return t;
        });
        this.changed = catalog -> worker.execute(() -> reconcile(catalog));
        modules.listen(changed);
    }

    @Deactivate
    void deactivate() {
        modules.unlisten(changed);
        worker.shutdownNow();
    }

    /** Brings this instance's labd features to what {@code catalog} says. */
    synchronized void reconcile(ModuleCatalog catalog) {
        Map<String, ModuleCatalog.Version> desired = new LinkedHashMap<>();
        for (ModuleCatalog.Installed module : catalog.modules().values()) {
            if (module.current().descriptor().labdFeature() != null) {
                desired.put(module.name(), module.current());
            }
        }
        Map<String, Installed> installed = read();
        // removals first, those that need others before those they need (the catalog's order, reversed)
        List<Installed> going = new ArrayList<>();
        for (Installed present : installed.values()) {
            ModuleCatalog.Version wanted = desired.get(present.module());
            if (wanted == null || !wanted.descriptor().version().toString().equals(present.version())) {
                going.add(present);
            }
        }
        List<String> order = new ArrayList<>(catalog.modules().keySet());
        going.sort(Comparator.comparing((Installed i) -> order.indexOf(i.module())).reversed());
        for (Installed present : going) {
            uninstall(present);
            installed.remove(present.module());
            write(installed);
        }
        for (ModuleCatalog.Version version : desired.values()) {
            Installed present = installed.get(version.descriptor().name());
            if (present != null && isInstalled(present.feature())) {
                continue;
            }
            try {
                Installed done = install(version);
                installed.put(done.module(), done);
                write(installed);
            } catch (Exception e) {
                LOG.error("module {}: its labd feature {} could not be installed in this labd: {}", version.descriptor().id(),
                        version.descriptor().labdFeature(), String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            }
        }
    }

    private Installed install(ModuleCatalog.Version version) throws Exception {
        ModuleDescriptor descriptor = version.descriptor();
        Path target = directory.resolve(descriptor.name() + "-" + descriptor.version());
        delete(target);
        Files.createDirectories(target);
        byte[] xml = modules.file(version, version.file(ModuleDescriptor.FEATURES_FILE));
        LabdFeatures labd = LabdFeatures.parse(xml, descriptor.labdFeature());
        for (String bundle : labd.bundles()) {
            Files.write(target.resolve(bundle), modules.file(version, version.file(bundle)));
        }
        Path repository = target.resolve(ModuleDescriptor.FEATURES_FILE);
        Files.write(repository, LabdFeatures.materialized(xml, target));
        URI uri = repository.toUri();
        features.addRepository(uri);
        try {
            features.installFeature(descriptor.labdFeature(), QUIET);
        } catch (Exception e) {
            features.removeRepository(uri);
            throw e;
        }
        LOG.info("module {}: labd feature {} installed", descriptor.id(), descriptor.labdFeature());
        return new Installed(descriptor.name(), descriptor.version().toString(), descriptor.labdFeature(), uri);
    }

    private void uninstall(Installed present) {
        try {
            if (isInstalled(present.feature())) {
                features.uninstallFeature(present.feature(), QUIET);
            }
            features.removeRepository(present.repository());
            LOG.info("module {} {}: labd feature {} uninstalled", present.module(), present.version(), present.feature());
        } catch (Exception e) {
            LOG.error("module {} {}: its labd feature {} could not be uninstalled: {}", present.module(), present.version(),
                    present.feature(), String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        }
        delete(directory.resolve(present.module() + "-" + present.version()));
    }

    private boolean isInstalled(String feature) {
        try {
            Feature found = features.getFeature(feature);
            return found != null && features.isInstalled(found);
        } catch (Exception e) {
            return false;
        }
    }

    private Map<String, Installed> read() {
        Map<String, Installed> installed = new LinkedHashMap<>();
        Path file = directory.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return installed;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return installed;
        }
        for (String module : properties.stringPropertyNames()) {
            String[] parts = properties.getProperty(module).split(" ", 3);
            if (parts.length == 3) {
                installed.put(module, new Installed(module, parts[0], parts[1], URI.create(parts[2])));
            }
        }
        return installed;
    }

    private void write(Map<String, Installed> installed) {
        Properties properties = new Properties();
        installed.values().forEach(i -> properties.setProperty(i.module(), i.version() + " " + i.feature() + " " + i.repository()));
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(STATE + ".part");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "the labd features of modules this labd instance installed (module = version feature repository)");
            }
            Files.move(temporary, directory.resolve(STATE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot record the labd features installed in {}: {}", directory, e.toString());
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", path, e.toString());
        }
    }
}
