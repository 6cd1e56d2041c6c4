package org.labctl.pulumi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.AppInfo;
import org.labctl.api.AppRelease;
import org.labctl.api.AppRequest;
import org.labctl.api.AppRevision;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunRequest;
import org.labctl.api.PulumiStack;
import org.labctl.ca.SecretBox;
import org.labctl.core.Access;
import org.labctl.core.Database;
import org.labctl.core.Gate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Apps: packaged Pulumi programs in labd's catalog, and their releases. A release is the stack of its name in an
 * environment; each install, upgrade, rollback and uninstall is a run on it recorded as a revision, with the values it
 * ran with (its secret ones sealed with labd's master key). Before any run the values are checked against the app's
 * input schema and the caller against the permissions the app declares.
 */
@Component(service = AppService.class)
public class AppService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    /** A top-level value's key: a Pulumi config key of the program's own project. */
    private static final java.util.regex.Pattern VALUE_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    /** The largest values a release is given, as JSON. */
    static final int MAX_VALUES = 64 * 1024;

    private final Database database;
    private final SqlSessionFactory sessions;
    private final RunService runs;
    private final SecretBox secrets;
    private final Gate gate;

    @Activate
    public AppService(@Reference Database database, @Reference RunService runs, @Reference SecretBox secrets,
                      @Reference Gate gate) {
        this.database = database;
        this.sessions = database.sessionFactory(PulumiMapper.class);
        this.runs = runs;
        this.secrets = secrets;
        this.gate = gate;
    }

    // the catalog

    /** Publishes the app the jar {@code sha256} (uploaded) carries; publishing the same jar again changes nothing. */
    public AppInfo publish(org.labctl.api.PublishAppRequest request, Access access) {
        if (request == null) {
            throw new InvalidArgument("the body is missing: {\"program\": SHA-256 of the app's jar}");
        }
        String sha256 = request.program();
        if (!runs.hasProgram(sha256)) {
            throw new NotFoundException("program " + sha256 + " is not uploaded (labctl apps publish sends it first)");
        }
        AppManifest manifest;
        try {
            manifest = AppManifest.read(runs.program(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("the program cannot be read", e);
        }
        PulumiMapper.App app = new PulumiMapper.App(manifest.name(), manifest.version(), manifest.description(), sha256,
                manifest.manifestJson(), manifest.defaults().toString(), access.caller().name(), null);
        PulumiMapper.App stored = database.transaction(sessions, s -> {
            PulumiMapper mapper = s.getMapper(PulumiMapper.class);
            mapper.insertApp(app);
            return mapper.app(app.name(), app.version());
        });
        if (!stored.program().equals(sha256)) {
            throw new Conflict("app " + app.name() + " " + app.version() + " is published already, with another jar ("
                    + stored.program().substring(0, 12) + "…): give this one a new version in its app.yaml");
        }
        return info(stored);
    }

    /** Every version of every app, the newest of each first. */
    public List<AppInfo> catalog() {
        return database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).apps()).stream().map(AppService::info)
                .toList();
    }

    /** One version of an app; its newest when {@code version} is null. */
    public AppInfo app(String name, String version) {
        return info(catalogued(name, version));
    }

    private PulumiMapper.App catalogued(String name, String version) {
        if (name == null || !AppManifest.NAME.matcher(name).matches()) {
            throw new InvalidArgument("'" + AppManifest.shorten(name) + "' is not an app name: lower-case letters, digits "
                    + "and '-'");
        }
        if (version != null && !AppManifest.VERSION.matcher(version).matches()) {
            throw new InvalidArgument("'" + AppManifest.shorten(version) + "' is not an app version");
        }
        PulumiMapper.App app = database.transaction(sessions, s -> version == null
                ? s.getMapper(PulumiMapper.class).appVersions(name).stream().max(AppService::byVersion).orElse(null)
                : s.getMapper(PulumiMapper.class).app(name, version));
        if (app == null) {
            throw new NotFoundException("app " + name + (version == null ? "" : " " + version) + " is not in the catalog "
                    + "(labctl apps catalog lists it; labctl apps publish adds one)");
        }
        return app;
    }

    // releases

    /** The releases the caller may read, each as its newest revision says. */
    public List<AppRelease> releases(Access access) {
        List<PulumiMapper.Revision> all = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).releases());
        List<AppRelease> shown = new ArrayList<>();
        for (PulumiMapper.Revision revision : all) {
            if (access.allows("read", revision.cloud(), revision.environment(), revision.name())) {
                shown.add(new AppRelease(revision.name(), revision.cloud(), revision.environment(), status(revision),
                        revision(revision), null, null));
            }
        }
        return shown;
    }

    /** A release: its newest revision, its stack's outputs and latest run. */
    public AppRelease release(String cloud, String environment, String name) {
        PulumiMapper.Revision newest = newest(cloud, environment, name);
        PulumiStack stack = runs.stack(cloud, environment, name);
        return new AppRelease(name, cloud, environment, status(newest), revision(newest), stack.outputs(),
                stack.lastRun());
    }

    /** Every revision of a release, newest first. */
    public List<AppRevision> history(String cloud, String environment, String name) {
        List<PulumiMapper.Revision> all = database.transaction(sessions,
                s -> s.getMapper(PulumiMapper.class).revisions(cloud, environment, name));
        if (all.isEmpty()) {
            throw notInstalled(cloud, environment, name);
        }
        return all.stream().map(AppService::revision).toList();
    }

    /** A plan of an install or upgrade: what it would change, nothing recorded as a revision. */
    public PulumiRun plan(String cloud, String environment, String name, AppRequest request, Access access) {
        PulumiMapper.Revision newest = newestOrNull(cloud, environment, name);
        if (request != null && request.app() != null && newest != null && !uninstalled(newest)) {
            throw installedAlready(cloud, environment, name, newest);
        }
        Prepared prepared = request != null && request.revision() != null
                ? rollbackTo(cloud, environment, name, request.revision(), access)
                : prepare(cloud, environment, name, request, newest, access);
        return runs.start(cloud, environment, name, "plan", prepared.run(), access, new RunService.Start(true, true,
                List.of(), (mapper, id) -> { }));
    }

    /** Installs an app as the release {@code name}: revision 1, or the next after an uninstall. */
    public AppRevision install(String cloud, String environment, String name, AppRequest request, Access access) {
        PulumiMapper.Revision newest = newestOrNull(cloud, environment, name);
        if (newest != null && !uninstalled(newest)) {
            throw installedAlready(cloud, environment, name, newest);
        }
        if (request == null || request.app() == null) {
            throw new InvalidArgument("install names the app: {\"app\": NAME, …}");
        }
        return apply(cloud, environment, name, "install", prepare(cloud, environment, name, request, null, access), null,
                newest, access);
    }

    private static Conflict installedAlready(String cloud, String environment, String name, PulumiMapper.Revision newest) {
        return new Conflict("app " + name + " is installed in " + cloud + "/" + environment + " (revision "
                + newest.revision() + ", " + newest.app() + " " + newest.appVersion() + "): labctl apps upgrade "
                + name + " changes it");
    }

    /** Upgrades a release to another version of its app or other values. */
    public AppRevision upgrade(String cloud, String environment, String name, AppRequest request, Access access) {
        PulumiMapper.Revision newest = installed(cloud, environment, name);
        return apply(cloud, environment, name, "upgrade", prepare(cloud, environment, name, request, newest, access),
                null, newest, access);
    }

    /** Applies a revision's app version and values again, as a new revision. */
    public AppRevision rollback(String cloud, String environment, String name, AppRequest request, Access access) {
        if (request == null || request.revision() == null) {
            throw new InvalidArgument("a rollback names the revision: {\"revision\": N}");
        }
        int to = request.revision();
        PulumiMapper.Revision newest = installed(cloud, environment, name);
        return apply(cloud, environment, name, "rollback", rollbackTo(cloud, environment, name, to, access), to, newest,
                access);
    }

    private Prepared rollbackTo(String cloud, String environment, String name, int to, Access access) {
        installed(cloud, environment, name);
        PulumiMapper.Revision target = database.transaction(sessions,
                s -> s.getMapper(PulumiMapper.class).revision(cloud, environment, name, to));
        if (target == null) {
            throw new NotFoundException("app " + name + " in " + cloud + "/" + environment + " has no revision " + to
                    + " to roll back to (labctl apps history " + name + " lists them)");
        }
        if ("uninstall".equals(target.kind())) {
            throw new InvalidArgument("revision " + to + " of " + name + " is an uninstall: roll back to a revision that "
                    + "installed, upgraded or rolled back");
        }
        PulumiMapper.App app = catalogued(target.app(), target.appVersion());
        AppManifest manifest = AppManifest.stored(app.manifest(), app.defaults());
        ObjectNode given = object(target.given());
        ObjectNode sealed = opened(target);
        given.setAll(sealed);
        return prepared(cloud, environment, name, app, manifest, given, target.cluster(), keys(sealed), access);
    }

    /** Destroys what a release holds, as a last revision; its history stays. */
    public AppRevision uninstall(String cloud, String environment, String name, Access access) {
        PulumiMapper.Revision newest = installed(cloud, environment, name);
        PulumiMapper.App app = catalogued(newest.app(), newest.appVersion());
        AppManifest manifest = AppManifest.stored(app.manifest(), app.defaults());
        ObjectNode given = object(newest.given());
        ObjectNode sealed = opened(newest);
        given.setAll(sealed);
        Prepared checked = prepared(cloud, environment, name, app, manifest, given, newest.cluster(), keys(sealed), access);
        // a destroy runs no program: the stack's config as the last apply kept it serves its providers, and no secret
        // needs setting again (the secrets are only kept out of the run's output)
        PulumiRunRequest run = checked.run();
        Prepared prepared = new Prepared(app, new PulumiRunRequest(run.program(), run.project(), run.version(),
                run.cluster(), null, null), checked.given(), checked.secretValues(), checked.effective(), checked.cluster());
        List<String> hidden = new ArrayList<>(run.secrets().values());
        return start(cloud, environment, name, "uninstall", "destroy", prepared, null, newest, access, false, hidden);
    }

    // how a revision is made

    /** What a run of an app is given: the request, the values as kept (secret ones apart) and shown. */
    private record Prepared(PulumiMapper.App app, PulumiRunRequest run, ObjectNode given, ObjectNode secretValues,
                            ObjectNode effective, String cluster) {
    }

    private Prepared prepare(String cloud, String environment, String name, AppRequest request,
                             PulumiMapper.Revision previous, Access access) {
        if (request == null) {
            throw new InvalidArgument("the body is missing: {\"app\": NAME, \"values\": {…}}");
        }
        String appName = request.app() != null ? request.app() : previous != null ? previous.app() : null;
        if (appName == null) {
            throw new InvalidArgument("app " + name + " is not installed in " + cloud + "/" + environment
                    + ": name the app to install");
        }
        if (previous != null && !uninstalled(previous) && !appName.equals(previous.app())) {
            throw new Conflict("release " + name + " holds app " + previous.app() + ", not " + appName + ": install "
                    + appName + " under another name");
        }
        PulumiMapper.App app = catalogued(appName, request.version());
        AppManifest manifest = AppManifest.stored(app.manifest(), app.defaults());
        ObjectNode given = JsonNodeFactory.instance.objectNode();
        Set<String> sealedBefore = Set.of();
        if (previous != null && !uninstalled(previous) && !request.reset()) {
            ObjectNode sealed = opened(previous);
            given.setAll(object(previous.given()));
            given.setAll(sealed);
            sealedBefore = keys(sealed);
        }
        if (request.values() != null) {
            if (json(request.values()).length() > MAX_VALUES) {
                throw new InvalidArgument("the values are larger than " + MAX_VALUES / 1024 + " KiB");
            }
            merge(given, JSON.valueToTree(request.values()));
        }
        String cluster = request.cluster() != null ? request.cluster()
                : previous != null && !uninstalled(previous) ? previous.cluster() : null;
        if (cluster != null) {
            RunService.checkName(cluster, "cluster");
        }
        return prepared(cloud, environment, name, app, manifest, given, cluster, sealedBefore, access);
    }

    /**
     * Checks values and permissions and makes the run's request; nothing runs on a value or permission refused. The
     * secret values are the app's secret inputs and those {@code sealedBefore} (a value sealed once stays sealed, even
     * under a version whose schema no longer says so).
     */
    private Prepared prepared(String cloud, String environment, String name, PulumiMapper.App app, AppManifest manifest,
                              ObjectNode given, String cluster, Set<String> sealedBefore, Access access) {
        ObjectNode effective = manifest.defaults().deepCopy();
        merge(effective, given);
        for (Iterator<String> keys = effective.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!VALUE_KEY.matcher(key).matches()) {
                throw new InvalidArgument("value '" + AppManifest.shorten(key) + "': a top-level key is letters, digits, "
                        + "'_', '.' and '-' (a ':' would set another package's config)");
            }
        }
        Set<String> secret = new java.util.LinkedHashSet<>(manifest.secretInputs());
        secret.addAll(sealedBefore);
        List<String> problems = manifest.problems(effective);
        if (!problems.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (String problem : problems) {
                String line = problem;
                for (String key : secret) {
                    JsonNode value = effective.get(key);
                    if (value != null && value.isValueNode() && value.asText().length() >= 3) {
                        line = line.replace(value.asText(), EngineOutput.SECRET);
                    }
                }
                shown.add(line);
            }
            throw new InvalidArgument("the values do not satisfy the inputs of " + app.name() + " " + app.version()
                    + " (nothing ran): " + String.join("; ", shown));
        }
        for (AppInfo.AppPermission permission : manifest.permissions()) {
            String resource = permission.name() != null ? permission.name() : cluster;
            if (resource == null) {
                throw new InvalidArgument("app " + app.name() + " needs " + permission.action() + " on the cluster it is "
                        + "installed on: give --cluster NAME");
            }
            Gate.Decision decision = gate.decide(access.caller(), new Gate.Request(permission.kind(), permission.action(),
                    resource));
            if (!decision.allowed()) {
                RuntimeException refused = RunService.refusal(decision);
                throw refused instanceof org.labctl.api.LabException lab ? withApp(lab, app) : refused;
            }
        }
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> secretConfig = new LinkedHashMap<>();
        ObjectNode secretValues = JsonNodeFactory.instance.objectNode();
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            (secret.contains(entry.getKey()) ? secretValues : kept).set(entry.getKey(), entry.getValue());
        }
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = effective.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getValue().isNull()) {
                continue;
            }
            String text = entry.getValue().isTextual() ? entry.getValue().asText() : entry.getValue().toString();
            if (secret.contains(entry.getKey())) {
                secretConfig.put(entry.getKey(), text);
                shown.put(entry.getKey(), EngineOutput.SECRET);
            } else {
                config.put(entry.getKey(), text);
                shown.set(entry.getKey(), entry.getValue());
            }
        }
        config.put("labctl:release", name);
        config.put("labctl:app", app.name());
        config.put("labctl:appVersion", app.version());
        config.put("labctl:cloud", cloud);
        config.put("labctl:environment", environment);
        PulumiRunRequest run = new PulumiRunRequest(app.program(), app.name(), app.version(), cluster, config,
                secretConfig);
        return new Prepared(app, run, kept, secretValues, shown, cluster);
    }

    private static RuntimeException withApp(org.labctl.api.LabException refused, PulumiMapper.App app) {
        String message = "app " + app.name() + " declares a permission you lack (nothing ran): " + refused.getMessage();
        return refused instanceof org.labctl.api.PermissionDenied ? new org.labctl.api.PermissionDenied(message)
                : refused instanceof NotFoundException ? new NotFoundException(message) : refused;
    }

    private AppRevision apply(String cloud, String environment, String name, String kind, Prepared prepared,
                              Integer rollbackOf, PulumiMapper.Revision previous, Access access) {
        return start(cloud, environment, name, kind, "apply", prepared, rollbackOf, previous, access, true, List.of());
    }

    /**
     * Starts the revision's run and records the revision with it, in its transaction. The revision follows
     * {@code previous}, which was read before: a revision recorded since (by a run that started and ended meanwhile)
     * refuses this one, which was made from what is no longer the newest.
     */
    private AppRevision start(String cloud, String environment, String name, String kind, String runKind,
                              Prepared prepared, Integer rollbackOf, PulumiMapper.Revision previous, Access access,
                              boolean replaceConfig, List<String> hidden) {
        int[] number = new int[1];
        int expected = previous == null ? 1 : previous.revision() + 1;
        PulumiRun run = runs.start(cloud, environment, name, runKind, prepared.run(), access, new RunService.Start(
                true, replaceConfig, hidden,
                (mapper, id) -> {
                    int revision = mapper.nextRevision(cloud, environment, name);
                    if (revision != expected) {
                        throw new Conflict("app " + name + " in " + cloud + "/" + environment + " changed meanwhile "
                                + "(revision " + (revision - 1) + " is new): look at labctl apps history " + name
                                + " and try again");
                    }
                    number[0] = revision;
                    byte[] nonce = null;
                    byte[] sealed = null;
                    if (!prepared.secretValues().isEmpty()) {
                        SecretBox.Sealed box = secrets.seal(prepared.secretValues().toString()
                                .getBytes(StandardCharsets.UTF_8), associatedData(cloud, environment, name, revision));
                        nonce = box.nonce();
                        sealed = box.ciphertext();
                    }
                    mapper.insertRevision(new PulumiMapper.Revision(cloud, environment, name, revision, kind,
                            prepared.app().name(), prepared.app().version(), prepared.given().toString(),
                            prepared.effective().toString(), nonce, sealed, prepared.cluster(), rollbackOf, id,
                            access.caller().name(), null, null));
                }));
        return new AppRevision(name, number[0], kind, prepared.app().name(), prepared.app().version(),
                read(prepared.effective().toString()), prepared.cluster(), rollbackOf, run.id(), run.state(),
                access.caller().name(), run.startedAt());
    }

    private PulumiMapper.Revision newestOrNull(String cloud, String environment, String name) {
        RunService.checkName(cloud, "cloud");
        RunService.checkName(environment, "environment");
        RunService.checkName(name, "release");
        List<PulumiMapper.Revision> all = database.transaction(sessions,
                s -> s.getMapper(PulumiMapper.class).revisions(cloud, environment, name));
        return all.isEmpty() ? null : all.get(0);
    }

    private PulumiMapper.Revision newest(String cloud, String environment, String name) {
        PulumiMapper.Revision newest = newestOrNull(cloud, environment, name);
        if (newest == null) {
            throw notInstalled(cloud, environment, name);
        }
        return newest;
    }

    private PulumiMapper.Revision installed(String cloud, String environment, String name) {
        PulumiMapper.Revision newest = newest(cloud, environment, name);
        if (uninstalled(newest)) {
            throw new NotFoundException("app " + name + " was uninstalled from " + cloud + "/" + environment
                    + " (revision " + newest.revision() + "): labctl apps install installs it again");
        }
        return newest;
    }

    private static NotFoundException notInstalled(String cloud, String environment, String name) {
        return new NotFoundException("app " + name + " is not installed in " + cloud + "/" + environment
                + " (labctl apps list shows what is)");
    }

    private static boolean uninstalled(PulumiMapper.Revision revision) {
        return "uninstall".equals(revision.kind()) && "succeeded".equals(revision.state());
    }

    private static String status(PulumiMapper.Revision revision) {
        return switch (revision.state()) {
            case "running" -> "pending";
            case "succeeded" -> "uninstall".equals(revision.kind()) ? "uninstalled" : "deployed";
            default -> revision.state();
        };
    }

    private ObjectNode opened(PulumiMapper.Revision revision) {
        if (revision.secretsSealed() == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        byte[] plain = secrets.open(new SecretBox.Sealed(revision.secretsNonce(), revision.secretsSealed()),
                associatedData(revision.cloud(), revision.environment(), revision.name(), revision.revision()));
        return object(new String(plain, StandardCharsets.UTF_8));
    }

    private static Set<String> keys(ObjectNode node) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    static String associatedData(String cloud, String environment, String name, int revision) {
        return "pulumi-app-revision:" + cloud + ":" + environment + ":" + name + ":" + revision;
    }

    /** {@code over} merged into {@code into}: maps key by key, anything else replaced; null removes a key. */
    static void merge(ObjectNode into, JsonNode over) {
        if (!(over instanceof ObjectNode overrides)) {
            throw new InvalidArgument("the values are a map, not " + over.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode existing = into.get(entry.getKey());
            if (entry.getValue().isNull()) {
                into.remove(entry.getKey());
            } else if (existing instanceof ObjectNode nested && entry.getValue().isObject()) {
                merge(nested, entry.getValue());
            } else {
                into.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    private static AppInfo info(PulumiMapper.App app) {
        AppManifest manifest = AppManifest.stored(app.manifest(), app.defaults());
        ObjectNode defaults = manifest.defaults().deepCopy();
        for (String key : manifest.secretInputs()) {
            if (defaults.has(key)) {
                defaults.put(key, EngineOutput.SECRET);
            }
        }
        return new AppInfo(app.name(), app.version(), app.description(), app.program(), read(manifest.inputs().toString()),
                read(defaults.toString()), manifest.permissions(), app.publishedBy(), time(app.publishedAt()));
    }

    /**
     * Versions in order: dot- and dash-separated parts compared as numbers when both are (0.10.0 after 0.9.1), else as
     * text; a version that is a prefix of another comes first.
     */
    static int byVersion(PulumiMapper.App a, PulumiMapper.App b) {
        return compareVersions(a.version(), b.version());
    }

    static int compareVersions(String a, String b) {
        String[] left = a.split("[.+_-]");
        String[] right = b.split("[.+_-]");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = left[i].matches("\\d{1,18}") && right[i].matches("\\d{1,18}")
                    ? Long.compare(Long.parseLong(left[i]), Long.parseLong(right[i])) : left[i].compareTo(right[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    private static AppRevision revision(PulumiMapper.Revision r) {
        return new AppRevision(r.name(), r.revision(), r.kind(), r.app(), r.appVersion(), read(r.effective()), r.cluster(),
                r.rollbackOf(), r.runId(), r.state(), r.userName(), time(r.createdAt()));
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored values cannot be read", e);
        }
    }

    private static Map<String, Object> read(String json) {
        try {
            return json == null ? null : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }
}
