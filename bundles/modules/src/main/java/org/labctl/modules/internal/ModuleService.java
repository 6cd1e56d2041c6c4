package org.labctl.modules.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.ModuleDetail;
import org.labctl.api.ModuleFile;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;
import org.labctl.api.NotFoundException;
import org.labctl.api.Permission;
import org.labctl.api.ServerInfo;
import org.labctl.ca.SecretBox;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.labctl.core.Labd;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.ModuleGraph;
import org.labctl.modules.Parameters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * labd's module manager: adds, upgrades, rolls back and removes modules (each change one transaction that locks the
 * modules' generation, checks the dependency graph and the caller's rights against the state it leads to, stores the
 * version with its files and moves the generation), and answers what is installed, what each server should run and
 * what agents report. The database is the source of truth: every instance polls the generation every
 * {@value #POLL_MS} ms and reloads its {@link ModuleCatalog} when it moved, then tells its listeners (the agents'
 * topic, the labd features).
 */
@Component(service = ModuleService.class, immediate = true)
public class ModuleService {

    static final long POLL_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(ModuleService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,64}");
    private static final int MAX_SOURCE = 2048;

    private final Database database;
    private final Inventory inventory;
    private final AuditLog audit;
    private final SqlSessionFactory sessions;
    private final FileCache files;
    private final SecretBox secrets;
    private final ScheduledExecutorService poller;
    private final Map<String, ModuleDescriptor> descriptors = new ConcurrentHashMap<>();
    private final List<Consumer<ModuleCatalog>> listeners = new CopyOnWriteArrayList<>();
    private volatile ModuleCatalog catalog = ModuleCatalog.EMPTY;
    private final SharedRead<ModuleCatalog> fresh = new SharedRead<>(this::readCurrent);
    private final ServerLookup serverLookup;

    @Activate
    public ModuleService(@Reference Database database, @Reference Inventory inventory, @Reference AuditLog audit,
                         @Reference Labd labd, @Reference SecretBox secrets) {
        this.database = database;
        this.secrets = secrets;
        this.inventory = inventory;
        this.audit = audit;
        this.serverLookup = new ServerLookup(inventory::serverWithId, this::servers);
        this.sessions = database.sessionFactory(ModuleMapper.class);
        this.files = new FileCache(labd.dataDirectory().resolve("modules").resolve("files"), this::storedContent);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labd-modules-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    /** Tells {@code listener} of every new catalog, starting with the one now when there is one. */
    public void listen(Consumer<ModuleCatalog> listener) {
        listeners.add(listener);
        ModuleCatalog now = catalog;
        if (now != ModuleCatalog.EMPTY) {
            listener.accept(now);
        }
    }

    public void unlisten(Consumer<ModuleCatalog> listener) {
        listeners.remove(listener);
    }

    /** The catalog as last read (at most one poll old): for what every heartbeat asks. */
    public ModuleCatalog catalog() {
        return catalog;
    }

    /**
     * The catalog as the database has it now, at least as new as when this was called (one query when nothing changed,
     * shared by the callers that ask at the same time: every agent of a rollout asks at once).
     */
    public ModuleCatalog current() {
        return fresh.get();
    }

    private ModuleCatalog readCurrent() {
        String generation = database.transaction(sessions, s -> s.getMapper(ModuleMapper.class).generation());
        ModuleCatalog known = catalog;
        return generation.equals(known.generation()) ? known : database.transaction(sessions, this::reload);
    }

    private void poll() {
        try {
            current();
        } catch (RuntimeException e) {
            LOG.debug("modules not polled: {}", e.getMessage());
        }
    }

    /** Reads the whole catalog in {@code session}, makes it this instance's and tells the listeners when it is new. */
    private ModuleCatalog reload(SqlSession session) {
        ModuleCatalog read = read(session);
        publish(read);
        return read;
    }

    private synchronized void publish(ModuleCatalog read) {
        if (read.generation().equals(catalog.generation())) {
            return;
        }
        catalog = read;
        // off the request that made the change: telling every agent takes a while with many connected
        try {
            poller.execute(() -> {
                for (Consumer<ModuleCatalog> listener : listeners) {
                    try {
                        listener.accept(read);
                    } catch (RuntimeException e) {
                        LOG.warn("a listener of the modules' changes failed: {}", e.toString());
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.debug("modules changed while this component stops");
        }
    }

    private ModuleCatalog read(SqlSession session) {
        ModuleMapper mapper = session.getMapper(ModuleMapper.class);
        String generation = mapper.generation();
        Map<String, ModuleMapper.VersionRow> versions = new HashMap<>();
        mapper.keptVersions().forEach(row -> versions.put(row.id(), row));
        Map<String, List<ModuleCatalog.File>> filesOf = new HashMap<>();
        for (ModuleMapper.FileRow file : mapper.keptFiles()) {
            filesOf.computeIfAbsent(file.versionId(), id -> new ArrayList<>())
                    .add(new ModuleCatalog.File(file.file(), file.sha256(), file.size()));
        }
        List<ModuleCatalog.Installed> installed = new ArrayList<>();
        for (ModuleMapper.InstalledRow row : mapper.installed()) {
            ModuleCatalog.Version current = version(mapper, versions.get(row.currentId()), filesOf);
            ModuleCatalog.Version previous = row.previousId() == null ? null
                    : version(mapper, versions.get(row.previousId()), filesOf);
            installed.add(new ModuleCatalog.Installed(current, previous));
        }
        descriptors.keySet().retainAll(versions.keySet());
        return ModuleCatalog.of(generation, installed);
    }

    private ModuleCatalog.Version version(ModuleMapper mapper, ModuleMapper.VersionRow row,
                                          Map<String, List<ModuleCatalog.File>> filesOf) {
        List<ModuleCatalog.File> versionFiles = filesOf.getOrDefault(row.id(), List.of());
        ModuleDescriptor descriptor = descriptors.computeIfAbsent(row.id(), id -> {
            ModuleCatalog.File yaml = versionFiles.stream().filter(f -> f.name().equals(ModuleDescriptor.FILE)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("module " + row.name() + " " + row.version() + " has no module.yaml"));
            byte[] content = mapper.content(id, ModuleDescriptor.FILE).bytes();
            org.labctl.api.module.ArtifactDigest.verify(row.name() + " " + row.version() + "/" + ModuleDescriptor.FILE,
                    yaml.sha256(), org.labctl.api.module.ArtifactDigest.sha256(content));
            return ModuleDescriptor.parse(content);
        });
        Map<String, Object> parameters = SealedParameters.open(readMap(row.parameters()), Parameters.of(descriptor), row.id(),
                descriptor.id(), secrets);
        return new ModuleCatalog.Version(row.id(), descriptor, parameters, versionFiles, row.source(),
                row.commitId(), row.addedBy(), row.addedAt());
    }

    // ---- changes

    /**
     * What a caller sends with a module's archive.
     *
     * @param source  where it came from ({@code upload:dir}, {@code git+file:///srv/m.git@v1}), or null
     * @param commit  the git commit its files are from, or null
     * @param values  parameter values by name, or null
     * @param sets    {@code NAME=VALUE} assignments over them, or null
     * @param digests the SHA-256 the sender computed of each file it sent, by name, or null
     */
    public record Upload(String source, String commit, Map<String, Object> values, List<String> sets,
                         Map<String, String> digests) {
    }

    /**
     * Adds a module, or upgrades one to a newer version (keeping the version in force for a rollback). Everything is
     * checked before anything is stored: the archive, module.yaml, the files' digests, the parameters, the dependency
     * graph of the state it leads to and the caller's rights on the servers it targets.
     *
     * @param archive the module's directory as a zip
     * @param limit   the most bytes the archive may have
     * @return the module as now installed
     */
    public ModuleInfo add(InputStream archive, long limit, Upload upload, Access access) throws IOException {
        return add(archive, limit, upload, null, access);
    }

    /**
     * {@link #add(InputStream, long, Upload, Access)} of an archive labd fetched itself (a Maven source), recording the
     * archive's own SHA-256 with the version.
     *
     * @param artifactSha256 the SHA-256 of the archive's bytes, or null when there is none to record (an upload)
     */
    public ModuleInfo add(InputStream archive, long limit, Upload upload, String artifactSha256, Access access)
            throws IOException {
        ModuleContent content = ModuleContent.of(ModuleArchive.read(archive, limit));
        ModuleDescriptor module = content.descriptor();
        // what was tried, also when it is refused
        audit.details(Map.of("module", module.name(), "version", module.version().toString(), "files", content.digests()));
        if (upload.digests() != null) {
            content.verify(upload.digests());
        }
        String source = source(upload.source());
        String commit = commit(upload.commit());
        Map<String, Object> parameters = Parameters.of(module).resolve(upload.values(), upload.sets());
        String caller = access.caller().name();
        String versionId = UUID.randomUUID().toString();
        ModuleCatalog after = database.transaction(sessions, s -> {
            ModuleMapper mapper = s.getMapper(ModuleMapper.class);
            mapper.lockGeneration();
            ModuleCatalog before = read(s);
            ModuleCatalog.Installed existing = before.module(module.name());
            ModuleGraph graph = new ModuleGraph(before.descriptors());
            if (existing == null) {
                graph.installOrder(List.of(module));
            } else {
                ModuleCatalog.Version current = existing.current();
                int order = module.version().compareTo(current.descriptor().version());
                if (order == 0) {
                    boolean same = content.digests().equals(digests(current)) && Objects.equals(JSON.valueToTree(parameters),
                            JSON.valueToTree(current.parameters()));
                    throw new Conflict("module " + module.id() + " is installed already" + (same ? "" : " with other files or "
                            + "parameters; a version's files are pinned and never change: give the module a new version"));
                }
                if (order < 0) {
                    throw new Conflict("module " + module.name() + " is installed at " + current.descriptor().version()
                            + ", newer than " + module.version() + "; labctl modules rollback " + module.name()
                            + " returns to the previous version" + (existing.previous() == null ? " (it has none)"
                            : " (" + existing.previous().descriptor().version() + ")"));
                }
                graph.upgradeOrder(List.of(module));
            }
            // the version a rollback left as the previous one comes back in force (with these parameters) only with the
            // files it was pinned with
            ModuleCatalog.Version kept = existing == null || existing.previous() == null
                    || !existing.previous().descriptor().version().equals(module.version()) ? null : existing.previous();
            if (kept != null && !content.digests().equals(digests(kept))) {
                throw new Conflict("module " + module.id() + " is kept for a rollback with other files; a version's files "
                        + "are pinned and never change: give the module a new version");
            }
            List<ServerInfo> targeted = targeted(module);
            ModulePolicy.mayApply(module, targeted, access);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("module", module.name());
            details.put("version", module.version().toString());
            details.put("change", existing == null ? "add" : "upgrade");
            if (existing != null) {
                details.put("from", existing.current().descriptor().version().toString());
            }
            details.put("source", source);
            if (commit != null) {
                details.put("commit", commit);
            }
            details.put("files", content.digests());
            if (artifactSha256 != null) {
                details.put("artifactSha256", artifactSha256);
            }
            details.put("servers", names(targeted));
            audit.details(details);
            if (kept != null) {
                mapper.setVersions(module.name(), existing.current().id(), null);
                mapper.deleteUnkept(module.name());
            }
            mapper.insertVersion(versionId, module.name(), module.version().toString(), module.tier().toString(),
                    module.description(), json(DescriptorJson.of(module)),
                    json(SealedParameters.seal(parameters, Parameters.of(module), versionId, secrets)), source, commit, caller);
            if (artifactSha256 != null) {
                mapper.setArtifact(versionId, artifactSha256);
            }
            int position = 0;
            for (Map.Entry<String, byte[]> file : content.files().entrySet()) {
                mapper.insertFile(versionId, file.getKey(), position++, content.digests().get(file.getKey()),
                        file.getValue().length, file.getValue());
            }
            if (existing == null) {
                mapper.insertModule(module.name(), versionId);
            } else {
                mapper.setVersions(module.name(), versionId, existing.current().id());
                mapper.deleteUnkept(module.name());
            }
            mapper.moveGeneration(UUID.randomUUID().toString());
            return read(s);
        });
        publish(after);
        LOG.info("module {} {} by {} from {}", module.id(), after.module(module.name()).previous() == null ? "added" : "upgraded",
                caller, source);
        return info(after.module(module.name()), access, servers(), statusByModule(module.name()));
    }

    /**
     * Returns a module to its previous version (which then becomes the one a second rollback returns to), checked as
     * an upgrade is: the modules that need it must accept that version, and the caller must be allowed to apply it where it goes.
     */
    public ModuleInfo rollback(String name, Access access) {
        String caller = access.caller().name();
        audit.details(Map.of("module", name, "change", "rollback"));
        ModuleCatalog after = database.transaction(sessions, s -> {
            ModuleMapper mapper = s.getMapper(ModuleMapper.class);
            mapper.lockGeneration();
            ModuleCatalog before = read(s);
            ModuleCatalog.Installed existing = installed(before, name);
            if (existing.previous() == null) {
                throw new Conflict("module " + existing.current().descriptor().id() + " has no previous version to roll back "
                        + "to: labd keeps the version an upgrade replaced");
            }
            ModuleDescriptor target = existing.previous().descriptor();
            new ModuleGraph(before.descriptors()).upgradeOrder(List.of(target));
            List<ServerInfo> targeted = targeted(target);
            ModulePolicy.mayApply(target, targeted, access);
            audit.details(Map.of("module", name, "change", "rollback", "from", existing.current().descriptor().version().toString(),
                    "version", target.version().toString(), "servers", names(targeted)));
            mapper.setVersions(name, existing.previous().id(), existing.current().id());
            mapper.moveGeneration(UUID.randomUUID().toString());
            return read(s);
        });
        publish(after);
        LOG.info("module {} rolled back to {} by {}", name, after.module(name).current().descriptor().version(), caller);
        return info(after.module(name), access, servers(), statusByModule(name));
    }

    /**
     * Removes a module with every version labd keeps of it; refused while an installed module needs it. Agents take
     * it off their servers when they learn of the change.
     */
    public ModuleInfo remove(String name, Access access) {
        ModuleCatalog.Installed[] removed = new ModuleCatalog.Installed[1];
        audit.details(Map.of("module", name, "change", "remove"));
        ModuleCatalog after = database.transaction(sessions, s -> {
            ModuleMapper mapper = s.getMapper(ModuleMapper.class);
            mapper.lockGeneration();
            ModuleCatalog before = read(s);
            removed[0] = installed(before, name);
            new ModuleGraph(before.descriptors()).removalOrder(List.of(name));
            audit.details(Map.of("module", name, "change", "remove", "version",
                    removed[0].current().descriptor().version().toString()));
            mapper.deleteModule(name);
            mapper.deleteUnkept(name);
            mapper.moveGeneration(UUID.randomUUID().toString());
            return read(s);
        });
        publish(after);
        LOG.info("module {} removed by {}", removed[0].current().descriptor().id(), access.caller().name());
        return info(removed[0], access, servers(), Map.of());
    }

    // ---- reads

    /** The modules installed, in dependency order, with the servers the caller may read. */
    public List<ModuleInfo> list(Access access) {
        ModuleCatalog now = current();
        List<ServerInfo> servers = servers();
        Map<String, Map<String, ModuleMapper.StatusRow>> status = statusByModule();
        List<ModuleInfo> infos = new ArrayList<>();
        for (ModuleCatalog.Installed module : now.modules().values()) {
            infos.add(info(module, access, servers, status.getOrDefault(module.name(), Map.of())));
        }
        return infos;
    }

    /** One module with its files, parameters, previous version and servers. */
    public ModuleDetail describe(String name, Access access) {
        ModuleCatalog.Installed module = installed(current(), name);
        List<ServerInfo> servers = servers();
        Map<String, ModuleMapper.StatusRow> status = statusByModule(name);
        ModuleDescriptor descriptor = module.current().descriptor();
        Map<String, String> dependencies = new LinkedHashMap<>();
        descriptor.dependencies().forEach((dependency, range) -> dependencies.put(dependency, range.toString()));
        List<ModuleFile> files = module.current().files().stream().map(f -> new ModuleFile(f.name(), f.sha256(), f.size())).toList();
        ModuleInfo previous = module.previous() == null ? null
                : info(new ModuleCatalog.Installed(module.previous(), null), access, servers, Map.of());
        return new ModuleDetail(info(module, access, servers, status), dependencies,
                descriptor.permissions().stream().map(Permission::toString).toList(),
                Parameters.of(descriptor).redact(module.current().parameters()), files,
                previous, states(module, readable(servers, access), status), database.transaction(sessions,
                s -> s.getMapper(ModuleMapper.class).artifactSha256(module.current().id())));
    }

    /** Each server the caller may read with the module (or every module, for null), as its agent reported it. */
    public List<ModuleServerState> status(String name, Access access) {
        ModuleCatalog now = current();
        if (name != null) {
            installed(now, name);
        }
        List<ServerInfo> readable = readable(servers(), access);
        Map<String, Map<String, ModuleMapper.StatusRow>> status = statusByModule();
        List<ModuleServerState> states = new ArrayList<>();
        for (ModuleCatalog.Installed module : now.modules().values()) {
            if (name == null || module.name().equals(name)) {
                states.addAll(states(module, readable, status.getOrDefault(module.name(), Map.of())));
            }
        }
        if (name == null) {
            // modules removed from labd that agents are still taking off their servers
            Map<String, ServerInfo> byId = byId(readable);
            status.forEach((module, rows) -> {
                if (now.module(module) == null) {
                    rows.values().stream().filter(row -> byId.containsKey(row.serverId()))
                            .forEach(row -> states.add(state(byId.get(row.serverId()).name(), module, null, row)));
                }
            });
        }
        return states;
    }

    // ---- agents

    /** What a server's agent is to run, and its generation; the server as labd knows it (its role and labels). */
    public record Desired(String generation, List<ModuleCatalog.Version> modules, ServerInfo server) {
    }

    /**
     * The modules the server of this agent is to run.
     *
     * @param fresh whether to read the database's generation first (the agent's request) or use the catalog as last
     *              polled (a heartbeat's ack)
     * @throws NotFoundException when no server has that id (it was deleted)
     */
    public Desired desired(String serverId, boolean fresh) {
        ServerInfo server = serverLookup.withId(serverId)
                .orElseThrow(() -> new NotFoundException("this agent's server is not enrolled (any more)"));
        List<ModuleCatalog.Version> modules = (fresh ? current() : catalog).desired(server.role(), server.labels());
        return new Desired(ModuleCatalog.generation(modules), modules, server);
    }

    /** The generation of what each of these servers is to run, by server id (from the catalog as last polled). */
    public Map<String, String> generations(Set<String> serverIds) {
        Map<String, String> generations = new HashMap<>();
        ModuleCatalog now = catalog;
        for (ServerInfo server : servers()) {
            if (serverIds.contains(server.id())) {
                generations.put(server.id(), ModuleCatalog.generation(now.desired(server.role(), server.labels())));
            }
        }
        return generations;
    }

    /**
     * A file of an agent bundle of a module the agent's server runs, verified against its pinned digest.
     *
     * @throws NotFoundException unless the module, in that version, targets the server and has that agent bundle
     */
    public byte[] agentFile(String serverId, String name, String version, String file) {
        Desired desired = desired(serverId, true);
        for (ModuleCatalog.Version module : desired.modules()) {
            if (module.descriptor().name().equals(name) && module.descriptor().version().toString().equals(version)) {
                for (ModuleCatalog.File bundle : module.agentBundles()) {
                    if (bundle.name().equals(file)) {
                        return files.read(module.id(), bundle);
                    }
                }
            }
        }
        throw new NotFoundException("module " + name + " " + version + " has no agent bundle " + file + " for this server");
    }

    /** A file of a version kept, verified (for labd's own features). */
    public byte[] file(ModuleCatalog.Version version, ModuleCatalog.File file) {
        return files.read(version.id(), file);
    }

    /**
     * Records what a server's agent reported of its modules, in the heartbeat's transaction: each well-formed entry
     * replaces the module's row, and the rows of modules the agent no longer names go (it has removed them).
     */
    public void reported(String serverId, Object report, SqlSession transaction) {
        StatusReport read = StatusReport.read(report);
        if (!read.refused().isEmpty()) {
            LOG.warn("server {} reported {} malformed module entries, not recorded: {}", serverId, read.refused().size(),
                    String.join("; ", read.refused()));
        }
        Set<String> named = StatusReport.named(report);
        database.join(transaction, sessions, s -> {
            ModuleMapper mapper = s.getMapper(ModuleMapper.class);
            Map<String, ModuleMapper.StatusRow> rows = new HashMap<>();
            mapper.statusOfServer(serverId).forEach(row -> rows.put(row.module(), row));
            for (StatusReport.Entry entry : read.entries()) {
                ModuleMapper.StatusRow row = rows.get(entry.name());
                if (row == null || !Objects.equals(row.version(), entry.version()) || !Objects.equals(row.state(), entry.state())
                        || !sameJson(row.health(), entry.health()) || !Objects.equals(row.error(), entry.error())
                        || !sameInstant(row.since(), entry.since())) {
                    mapper.putStatus(serverId, entry.name(), entry.version(), entry.state(), entry.health(), entry.error(),
                            entry.since());
                }
            }
            for (String module : rows.keySet()) {
                if (!named.contains(module)) {
                    mapper.deleteStatus(serverId, module);
                }
            }
            return null;
        });
    }

    // ---- helpers

    private static ModuleCatalog.Installed installed(ModuleCatalog catalog, String name) {
        ModuleCatalog.Installed module = catalog.module(name);
        if (module == null) {
            throw new NotFoundException("module " + name + " is not installed (labctl modules list shows those that are)");
        }
        return module;
    }

    private List<ServerInfo> servers() {
        return inventory.servers(null, null, Map.of());
    }

    private List<ServerInfo> targeted(ModuleDescriptor module) {
        return module.targets() == null ? List.of() : module.targets().select(servers());
    }

    private static List<String> names(List<ServerInfo> servers) {
        return servers.stream().map(ServerInfo::name).sorted().toList();
    }

    private static List<ServerInfo> readable(List<ServerInfo> servers, Access access) {
        return servers.stream().filter(s -> access.allows("read", s.cloud(),
                s.environment() == null ? Permission.NO_ENVIRONMENT : s.environment(), s.name())).toList();
    }

    private static Map<String, ServerInfo> byId(List<ServerInfo> servers) {
        Map<String, ServerInfo> byId = new HashMap<>();
        servers.forEach(s -> byId.put(s.id(), s));
        return byId;
    }

    /** Status rows by module, then by server id. */
    private Map<String, Map<String, ModuleMapper.StatusRow>> statusByModule() {
        Map<String, Map<String, ModuleMapper.StatusRow>> byModule = new TreeMap<>();
        database.transaction(sessions, s -> s.getMapper(ModuleMapper.class).allStatus())
                .forEach(row -> byModule.computeIfAbsent(row.module(), m -> new HashMap<>()).put(row.serverId(), row));
        return byModule;
    }

    private Map<String, ModuleMapper.StatusRow> statusByModule(String module) {
        Map<String, ModuleMapper.StatusRow> rows = new HashMap<>();
        database.transaction(sessions, s -> s.getMapper(ModuleMapper.class).statusOfModule(module))
                .forEach(row -> rows.put(row.serverId(), row));
        return rows;
    }

    private ModuleInfo info(ModuleCatalog.Installed module, Access access, List<ServerInfo> servers,
                            Map<String, ModuleMapper.StatusRow> status) {
        ModuleCatalog.Version current = module.current();
        ModuleDescriptor descriptor = current.descriptor();
        int targeted = 0;
        int ready = 0;
        if (descriptor.targets() != null) {
            for (ServerInfo server : descriptor.targets().select(readable(servers, access))) {
                targeted++;
                ModuleMapper.StatusRow row = status.get(server.id());
                if (row != null && "ready".equals(row.state()) && descriptor.version().toString().equals(row.version())) {
                    ready++;
                }
            }
        }
        return new ModuleInfo(descriptor.name(), descriptor.version().toString(), descriptor.tier().toString(),
                descriptor.description(), descriptor.targets() == null ? null : descriptor.targets().toString(),
                descriptor.labdFeature(), current.source(), current.commit(), current.addedBy(),
                current.addedAt() == null ? null : current.addedAt().toInstant().toString(),
                module.previous() == null ? null : module.previous().descriptor().version().toString(), targeted, ready);
    }

    private static List<ModuleServerState> states(ModuleCatalog.Installed module, List<ServerInfo> readable,
                                                  Map<String, ModuleMapper.StatusRow> status) {
        ModuleDescriptor descriptor = module.current().descriptor();
        List<ModuleServerState> states = new ArrayList<>();
        List<ServerInfo> targeted = descriptor.targets() == null ? List.of() : descriptor.targets().select(readable);
        Set<String> seen = new java.util.HashSet<>();
        for (ServerInfo server : targeted) {
            seen.add(server.id());
            states.add(state(server.name(), descriptor.name(), descriptor.version().toString(), status.get(server.id())));
        }
        for (ServerInfo server : readable) {
            ModuleMapper.StatusRow row = status.get(server.id());
            if (row != null && !seen.contains(server.id())) {
                states.add(state(server.name(), descriptor.name(), null, row)); // no longer targeted: being removed
            }
        }
        return states;
    }

    private static ModuleServerState state(String server, String module, String desired, ModuleMapper.StatusRow row) {
        if (row == null) {
            return new ModuleServerState(server, module, null, desired, "pending", null, null, null, null);
        }
        return new ModuleServerState(server, module, row.version(), desired, row.state(), readMap(row.health()), row.error(),
                row.since() == null ? null : row.since().toInstant().toString(),
                row.reportedAt() == null ? null : row.reportedAt().toInstant().toString());
    }

    private static Map<String, String> digests(ModuleCatalog.Version version) {
        Map<String, String> digests = new LinkedHashMap<>();
        version.files().forEach(f -> digests.put(f.name(), f.sha256()));
        return digests;
    }

    private byte[] storedContent(String versionId, String file) {
        ModuleMapper.Content content = database.transaction(sessions, s -> s.getMapper(ModuleMapper.class).content(versionId, file));
        return content == null ? null : content.bytes();
    }

    static String source(String source) {
        if (source == null || source.isBlank()) {
            return "upload";
        }
        if (source.length() > MAX_SOURCE || source.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgument("source: at most " + MAX_SOURCE + " characters on one line, such as upload:dir or "
                    + "git+file:///srv/modules/chrony.git@v1");
        }
        return source;
    }

    static String commit(String commit) {
        if (commit == null || commit.isBlank()) {
            return null;
        }
        if (!COMMIT.matcher(commit).matches()) {
            throw new InvalidArgument("commit: " + Text.quote(commit) + " is not a git commit id (7 to 64 lower-case hex digits)");
        }
        return commit;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> readMap(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException("unreadable JSON in the modules' tables: " + e.getMessage(), e);
        }
    }

    private static boolean sameJson(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameInstant(java.time.OffsetDateTime a, java.time.OffsetDateTime b) {
        return a == null || b == null ? a == b : a.toInstant().equals(b.toInstant());
    }
}
