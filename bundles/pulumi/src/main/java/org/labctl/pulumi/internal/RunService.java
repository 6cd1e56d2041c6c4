package org.labctl.pulumi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.PermissionDenied;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunLog;
import org.labctl.api.PulumiRunRequest;
import org.labctl.api.PulumiStack;
import org.labctl.api.Unavailable;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.SecretBox;
import org.labctl.core.Access;
import org.labctl.core.Database;
import org.labctl.core.Gate;
import org.labctl.core.Inventory;
import org.labctl.core.Labd;
import org.labctl.core.Listener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Pulumi programs on stacks and records every run. A run is started by one request and goes on in labd whatever
 * becomes of its caller: its output is kept line by line ({@link #log}), any instance answers for it, and one run at a
 * time holds a stack (the database's unique index decides; the refused caller is told which run holds it). The instance
 * that runs the engine keeps the run alive in the database every second and reads there whether it is to be cancelled;
 * a run whose instance stopped is ended by the next start on its stack.
 */
@Component(service = RunService.class, configurationPid = "org.labctl.pulumi")
@Designate(ocd = PulumiConfiguration.class)
public class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** Pulumi's project names: letters, digits, '-', '_' and '.'. */
    private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern CONFIG_KEY = Pattern.compile("([A-Za-z0-9_.-]{1,100}:)?[A-Za-z0-9_.-]{1,100}");
    private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{16}");
    static final int MAX_CONFIG = 200;
    static final int MAX_VALUE = 64 * 1024;
    /** The largest program jar labd keeps. */
    public static final int MAX_PROGRAM = 64 * 1024 * 1024;
    static final int MAX_LINES = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private final Database database;
    private final SqlSessionFactory sessions;
    private final SecretBox secrets;
    private final Inventory inventory;
    private final Labd labd;
    private final Path root;
    private final PulumiEngine engine;
    private final PulumiConfiguration config;
    private final ProgramStore programs;
    private final Gate gate;
    private final CertificateAuthority ca;
    /** How the engine, on this host, reaches labd's listener (its kubectl proxy). */
    private final String labdUrl;
    private final ExecutorService runner = Executors.newCachedThreadPool(daemon("labd-pulumi-run"));
    /** The engines this instance runs, by run id. */
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();
    /** One local workspace per stack at a time: first runs initialise it. */
    private final Map<String, Object> workspaceLocks = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /** Notified when a run of this instance records a line or its end: what {@link #log(String, long, int)} waits on. */
    private final Object lineSignal = new Object();

    @Activate
    public RunService(@Reference Database database, @Reference SecretBox secrets, @Reference Inventory inventory,
                      @Reference Labd labd, @Reference Gate gate, @Reference CertificateAuthority ca,
                      @Reference ConfigurationAdmin configurations, PulumiConfiguration config) {
        if (config.run_timeout_seconds() < 10) {
            throw new IllegalArgumentException("run.timeout.seconds must be at least 10, got " + config.run_timeout_seconds());
        }
        if (config.abandon_after_seconds() < 5) {
            throw new IllegalArgumentException("abandon.after.seconds must be at least 5, got " + config.abandon_after_seconds());
        }
        this.database = database;
        this.sessions = database.sessionFactory(PulumiMapper.class);
        this.secrets = secrets;
        this.inventory = inventory;
        this.labd = labd;
        this.config = config;
        this.gate = gate;
        this.ca = ca;
        this.labdUrl = listenerUrl(configurations);
        this.root = labd.dataDirectory().resolve("pulumi");
        this.programs = new ProgramStore(database, sessions, root.resolve("programs"));
        Path bin = PulumiEngine.locate(config.engine_bin());
        this.engine = bin == null ? null : new PulumiEngine(bin, root);
        if (engine != null) {
            engine.install();
        }
        if (bin == null) {
            LOG.warn("no Pulumi engine: set engine.bin in org.labctl.pulumi.cfg (or LABCTL_PULUMI_BIN) to the directory of "
                    + "pulumi, pulumi-language-java and the providers; runs are refused until then");
        } else {
            LOG.info("Pulumi engine in {}", bin);
        }
    }

    @Deactivate
    void stop() {
        stopping = true;
        executions.values().forEach(Execution::interrupt);
        runner.shutdown();
        try {
            if (!runner.awaitTermination(30, TimeUnit.SECONDS)) {
                executions.values().forEach(Execution::kill);
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // programs

    /** Whether labd has the program with this SHA-256. */
    public boolean hasProgram(String sha256) {
        checkSha(sha256);
        return programs.has(sha256);
    }

    /** Keeps a program's jar, checked against the SHA-256 it is named by; true when it was new. */
    public boolean putProgram(String sha256, InputStream body, Access access) throws IOException {
        checkSha(sha256);
        return programs.put(sha256, body, MAX_PROGRAM, access.caller().name());
    }

    /** The program's jar on this host (read from the database when another instance received it). */
    public Path program(String sha256) throws IOException {
        checkSha(sha256);
        return programs.local(sha256);
    }

    /** What a refusal of the gate answers. */
    static RuntimeException refusal(Gate.Decision decision) {
        return switch (decision.failure()) {
            case NOT_FOUND -> new NotFoundException(decision.reason());
            case PERMISSION_DENIED -> new PermissionDenied(decision.reason());
            case INVALID_ARGUMENT -> new InvalidArgument(decision.reason());
            default -> new Unavailable(decision.reason());
        };
    }

    // runs

    /** Starts {@code kind} (plan, apply, destroy) of a program on the stack {@code cloud/environment/stack}. */
    public PulumiRun start(String cloud, String environment, String stack, String kind, PulumiRunRequest request,
                           Access access) {
        return start(cloud, environment, stack, kind, request, access, Start.RUN);
    }

    /**
     * How a run starts beyond its request.
     *
     * @param app           the run is an app's (its release's stack): plain runs are refused on such a stack
     * @param replaceConfig the run's config is the request's alone (an app's values), not the request's over the stack's
     * @param hidden        values the run's output and error never show beside the request's secrets
     * @param recorded      done in the transaction that records the run (the run's id given), before the engine starts:
     *                      what it writes stands or falls with the run
     */
    public record Start(boolean app, boolean replaceConfig, List<String> hidden,
                        java.util.function.BiConsumer<PulumiMapper, String> recorded) {
        static final Start RUN = new Start(false, false, List.of(), (mapper, id) -> { });
    }

    /** {@link #start(String, String, String, String, PulumiRunRequest, Access)}, as {@code how} says. */
    public PulumiRun start(String cloud, String environment, String stack, String kind, PulumiRunRequest request,
                           Access access, Start how) {
        checkName(stack, "stack");
        checkName(cloud, "cloud");
        checkName(environment, "environment");
        check(request);
        if (!inventory.placeExists(cloud, environment)) {
            throw new NotFoundException("environment " + cloud + "/" + environment + " not found (labctl get environments "
                    + "lists them)");
        }
        if (request.cluster() != null) {
            checkName(request.cluster(), "cluster");
        }
        PulumiMapper.Stack stored = database.transaction(sessions, s -> {
            PulumiMapper mapper = s.getMapper(PulumiMapper.class);
            mapper.abandon(config.abandon_after_seconds());
            if (!mapper.hasProgram(request.program())) {
                throw new NotFoundException("program " + request.program() + " is not uploaded (labctl sends it first)");
            }
            if (!how.app() && mapper.isRelease(cloud, environment, stack)) {
                throw new Conflict("stack " + cloud + "/" + environment + "/" + stack + " is app release " + stack
                        + ": change it with labctl apps upgrade|rollback|uninstall " + stack + " (its history and "
                        + "values stay whole), or give this program a stack of its own (--stack NAME)");
            }
            return mapper.stack(cloud, environment, stack);
        });
        if (engine == null) {
            throw new Unavailable("labd has no Pulumi engine: set engine.bin in org.labctl.pulumi.cfg to the directory of "
                    + "pulumi, pulumi-language-java and the providers");
        }
        if (stopping) {
            throw new Unavailable("labd is stopping: start the run again");
        }
        String cluster = request.cluster() != null ? request.cluster() : stored == null ? null : stored.cluster();
        if (cluster != null) {
            // the program reaches the cluster as the caller, through the proxy, which asks the same of each request
            Gate.Decision decision = gate.decide(access.caller(), new Gate.Request("cluster", "kubectl", cluster));
            if (!decision.allowed()) {
                throw refusal(decision);
            }
        }
        if (stored == null) {
            if ("destroy".equals(kind)) {
                throw new NotFoundException("stack " + cloud + "/" + environment + "/" + stack + " not found: nothing to "
                        + "destroy");
            }
            stored = create(cloud, environment, stack, request.project(), access);
        }
        if (!stored.project().equals(request.project())) {
            throw new Conflict("stack " + cloud + "/" + environment + "/" + stack + " holds project " + stored.project()
                    + ", not " + request.project() + ": give this program a stack of its own ("
                    + (how.app() ? "labctl apps install --release NAME" : "--stack NAME") + ")");
        }
        String id = HexFormat.of().formatHex(randomBytes(8));
        PulumiMapper.Run run = new PulumiMapper.Run(id, cloud, environment, stack, kind, "running", access.caller().name(),
                request.project(), request.version(), request.program(), cluster, labd.instanceId(), null, null,
                null, false, null, null, null);
        try {
            database.transaction(sessions, s -> {
                PulumiMapper mapper = s.getMapper(PulumiMapper.class);
                mapper.insertRun(run);
                how.recorded().accept(mapper, id);
                return null;
            });
        } catch (RuntimeException e) {
            if (!uniqueViolation(e)) {
                throw e;
            }
            PulumiMapper.Run holder = database.transaction(sessions,
                    s -> s.getMapper(PulumiMapper.class).holder(cloud, environment, stack));
            throw new Conflict("stack " + cloud + "/" + environment + "/" + stack + " is busy: "
                    + (holder == null ? "another run holds it" : "run " + holder.id() + " (" + holder.kind() + " by "
                    + holder.userName() + ", started " + time(holder.startedAt()) + ") holds it; follow it with labctl "
                    + "logs pulumi/" + holder.id() + " -f"));
        }
        Execution execution = new Execution(id, kind, stored, request, access.caller().name(), how.replaceConfig(),
                how.hidden());
        executions.put(id, execution);
        try {
            runner.execute(execution);
        } catch (RuntimeException e) {
            executions.remove(id);
            end(id, "failed", Map.of(), null, "labd could not start the engine: " + e.getMessage());
            throw new Unavailable("labd is stopping: start the run again");
        }
        return run(id);
    }

    /** One run as recorded. */
    public PulumiRun run(String id) {
        PulumiMapper.Run row = row(id);
        if (row == null) {
            throw new NotFoundException("pulumi/" + id + " not found");
        }
        return info(row);
    }

    /** Where a run is: its stack's address; null when there is no such run. */
    public PulumiMapper.Run row(String id) {
        if (id == null || !RUN_ID.matcher(id).matches()) {
            return null;
        }
        return database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).run(id));
    }

    /** The longest a request for a run's output waits for a line ({@code wait}). */
    public static final int MAX_WAIT_MILLIS = 2000;

    /**
     * The run's output after line {@code after}, with the run as it is now; when there is none yet and the run goes on,
     * waits up to {@code waitMillis} (at most {@value #MAX_WAIT_MILLIS}) for a line or the run's end, so that a follower
     * learns of either at once without asking again and again (each request is audited). A run of this instance
     * signals its lines ({@link #lineSignal}); another instance's is read again every 100 ms.
     */
    public PulumiRunLog log(String id, long after, int waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(waitMillis, MAX_WAIT_MILLIS)));
        while (true) {
            PulumiRunLog log = log(id, after);
            if (!log.lines().isEmpty() || log.run().ended() || System.nanoTime() > deadline || stopping) {
                return log;
            }
            try {
                synchronized (lineSignal) {
                    // this instance's runs signal each line and their end; another's are read again every 100 ms
                    lineSignal.wait(executions.containsKey(id) ? 250 : 100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return log;
            }
        }
    }

    /** The run's output after line {@code after}, with the run as it is now. */
    public PulumiRunLog log(String id, long after) {
        return database.transaction(sessions, s -> {
            PulumiMapper mapper = s.getMapper(PulumiMapper.class);
            // the lines first: a run seen ended has all its lines in what the next request reads
            List<PulumiMapper.Line> lines = mapper.lines(id, Math.max(0, after), MAX_LINES);
            PulumiMapper.Run row = mapper.run(id);
            if (row == null) {
                throw new NotFoundException("pulumi/" + id + " not found");
            }
            List<PulumiRunLog.Line> shown = new ArrayList<>();
            long next = Math.max(0, after);
            for (PulumiMapper.Line line : lines) {
                shown.add(new PulumiRunLog.Line(line.seq(), time(line.at()), line.text()));
                next = line.seq();
            }
            PulumiRun run = info(row);
            // more lines than one answer carries: the run is shown as still going until they are read
            if (lines.size() == MAX_LINES && run.ended()) {
                run = new PulumiRun(run.id(), run.stack(), run.cloud(), run.environment(), run.kind(), "running",
                        run.user(), run.project(), run.version(), run.program(), run.cluster(), run.startedAt(), null,
                        run.changes(), run.outputs(), null);
            }
            return new PulumiRunLog(run, shown, next);
        });
    }

    /** Asks the run's engine to stop: it finishes the steps under way, records them, and the run ends cancelled. */
    public PulumiRun cancel(String id) {
        int changed = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).requestCancel(id));
        Execution local = executions.get(id);
        if (local != null) {
            local.cancel();
        }
        PulumiRun run = run(id);
        if (changed == 0 && run.ended()) {
            throw new Conflict("run " + id + " has ended already (" + run.state() + ")");
        }
        return run;
    }

    // stacks

    /** The stacks the caller may read. */
    public List<PulumiStack> stacks(Access access) {
        List<PulumiMapper.Stack> all = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).stacks());
        List<PulumiStack> shown = new ArrayList<>();
        for (PulumiMapper.Stack stack : all) {
            if (access.allows("read", stack.cloud(), stack.environment(), stack.name())) {
                shown.add(stack(stack));
            }
        }
        return shown;
    }

    public PulumiStack stack(String cloud, String environment, String name) {
        PulumiMapper.Stack stack = database.transaction(sessions,
                s -> s.getMapper(PulumiMapper.class).stack(cloud, environment, name));
        if (stack == null) {
            throw new NotFoundException("stack " + cloud + "/" + environment + "/" + name + " not found");
        }
        return stack(stack);
    }

    /** The stack's runs, newest first. */
    public List<PulumiRun> runs(String cloud, String environment, String name, int limit) {
        return database.transaction(sessions, s -> s.getMapper(PulumiMapper.class)
                .runs(cloud, environment, name, Math.max(1, Math.min(limit, 1000)))).stream().map(RunService::info).toList();
    }

    private PulumiStack stack(PulumiMapper.Stack stack) {
        List<PulumiMapper.Run> last = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class)
                .runs(stack.cloud(), stack.environment(), stack.name(), 1));
        return new PulumiStack(stack.name(), stack.cloud(), stack.environment(), stack.project(), stack.cluster(),
                StackSettings.shown(stack.settings()), EngineOutput.outputs(stack.state()),
                last.isEmpty() ? null : info(last.get(0)), time(stack.createdAt()));
    }

    /** A new stack: a passphrase of its own, sealed; the engine initialises its settings and checkpoint. */
    private PulumiMapper.Stack create(String cloud, String environment, String name, String project, Access access) {
        String passphrase = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        StackWorkspace workspace = StackWorkspace.at(root, cloud, environment, name, project);
        synchronized (workspaceLock(cloud, environment, name)) {
            try {
                StackWorkspace.deleteTree(workspace.project().getParent());
                Files.createDirectories(workspace.project());
                Files.createDirectories(workspace.backend());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the stack's directory", e);
            }
            writeMinimalProject(workspace);
            engine.runShort(engine.command(workspace, passphrase, null,
                    List.of("stack", "init", workspace.stackName(), "--non-interactive")), null, "create the stack");
            SecretBox.Sealed sealed = secrets.seal(passphrase.getBytes(StandardCharsets.UTF_8),
                    associatedData(cloud, environment, name));
            PulumiMapper.Stack stack = new PulumiMapper.Stack(cloud, environment, name, project, null, sealed.nonce(),
                    sealed.ciphertext(), workspace.settings(), workspace.state(), access.caller().name(), null);
            return database.transaction(sessions, s -> {
                PulumiMapper mapper = s.getMapper(PulumiMapper.class);
                mapper.insertStack(stack);
                // another start created it first: theirs stands
                return mapper.stack(cloud, environment, name);
            });
        }
    }

    private static void writeMinimalProject(StackWorkspace workspace) {
        try {
            Files.writeString(workspace.project().resolve("Pulumi.yaml"), "name: " + workspace.projectName()
                    + "\nruntime: java\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object workspaceLock(String cloud, String environment, String name) {
        return workspaceLocks.computeIfAbsent(cloud + "/" + environment + "/" + name, k -> new Object());
    }

    static String associatedData(String cloud, String environment, String name) {
        return "pulumi-stack:" + cloud + ":" + environment + ":" + name;
    }

    // one run's engine

    /** A run this instance executes: the engine's process, its output into the database, its end recorded. */
    private final class Execution implements Runnable {

        private final String id;
        private final String kind;
        private final PulumiMapper.Stack stack;
        private final PulumiRunRequest request;
        private final AtomicLong seq = new AtomicLong();
        private final List<String> hidden = new ArrayList<>();
        private final String user;
        private volatile Process process;
        private volatile boolean cancelled;
        private RunKubeconfig kubeconfig;
        private volatile long signalledAt;
        private final boolean replaceConfig;

        Execution(String id, String kind, PulumiMapper.Stack stack, PulumiRunRequest request, String user,
                  boolean replaceConfig, List<String> alsoHidden) {
            this.id = id;
            this.replaceConfig = replaceConfig;
            this.user = user;
            this.kind = kind;
            this.stack = stack;
            this.request = request;
            if (request.secrets() != null) {
                request.secrets().values().stream().filter(v -> v != null && v.length() >= 3).forEach(hidden::add);
            }
            alsoHidden.stream().filter(v -> v != null && v.length() >= 3).forEach(hidden::add);
        }

        @Override
        public void run() {
            Thread.currentThread().setName("labd-pulumi-run-" + id);
            StackWorkspace workspace = StackWorkspace.at(root, stack.cloud(), stack.environment(), stack.name(),
                    stack.project());
            String state = null;
            String settings = null;
            try {
                synchronized (workspaceLock(stack.cloud(), stack.environment(), stack.name())) {
                    // the stack as stored now: a run of another instance may have changed it since the start read it
                    PulumiMapper.Stack current = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class)
                            .stack(stack.cloud(), stack.environment(), stack.name()));
                    String passphrase = new String(secrets.open(new SecretBox.Sealed(current.passphraseNonce(),
                            current.passphraseSealed()), associatedData(stack.cloud(), stack.environment(), stack.name())),
                            StandardCharsets.UTF_8);
                    workspace.prepare(engine.bin(), programs.local(request.program()));
                    Files.createDirectories(workspace.archives());
                    workspace.restore(StackSettings.with(current.settings(), current.project(), request.config(),
                            replaceConfig),
                            current.state());
                    if (request.secrets() != null) {
                        for (Map.Entry<String, String> secret : request.secrets().entrySet()) {
                            engine.runShort(engine.command(workspace, passphrase, null, List.of("config", "set", "--secret",
                                    "--stack", workspace.stackName(), "--non-interactive",
                                    StackSettings.qualified(current.project(), secret.getKey()))),
                                    secret.getValue(), "encrypt secret " + secret.getKey());
                        }
                    }
                    String cluster = request.cluster() != null ? request.cluster() : current.cluster();
                    if (cluster != null) {
                        kubeconfig = RunKubeconfig.issue(ca, user, cluster, labdUrl,
                                Duration.ofSeconds(config.run_timeout_seconds() + 600L),
                                workspace.project().resolveSibling("kubeconfig-" + id));
                        line("labd: the program reaches cluster " + cluster + " as " + user + ", through labd's kubectl proxy");
                    }
                    Path events = workspace.project().resolveSibling("events-" + id + ".json");
                    Files.deleteIfExists(events);
                    List<String> args = new ArrayList<>(switch (kind) {
                        case "plan" -> List.of("preview", "--diff");
                        case "apply" -> List.of("up", "--yes", "--skip-preview");
                        default -> List.of("destroy", "--yes", "--skip-preview");
                    });
                    args.addAll(List.of("--stack", workspace.stackName(), "--non-interactive", "--color", "never",
                            "--event-log", events.toString()));
                    process = engine.command(workspace, passphrase, kubeconfig == null ? null : kubeconfig.file(),
                            request.program(), args).redirectInput(ProcessBuilder.Redirect.from(
                            new java.io.File("/dev/null"))).start();
                    if (cancelled) {
                        PulumiEngine.interrupt(process);
                    }
                    Thread reader = new Thread(this::copyOutput, "labd-pulumi-output-" + id);
                    reader.setDaemon(true);
                    reader.start();
                    int exit = await();
                    reader.join(TimeUnit.SECONDS.toMillis(30));
                    EngineOutput.Summary summary = EngineOutput.summary(events);
                    Files.deleteIfExists(events);
                    state = workspace.state();
                    // the config an apply or destroy was given is kept when it succeeded: a value that broke the
                    // program does not stay to break the next run
                    settings = "plan".equals(kind) || exit != 0 ? null : workspace.settings();
                    String outcome = exit == 0 ? "succeeded" : cancelled ? "cancelled" : "failed";
                    String error = exit == 0 ? null : failure(exit, summary);
                    finish(outcome, summary.changes(), state, settings, error);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("pulumi run {} failed in labd", id, e);
                if (process != null) {
                    process.destroyForcibly();
                }
                String error = scrub(stopping ? "labd stopped during the run" : "labd could not run the engine: "
                        + e.getMessage());
                line(error);
                String read = state == null ? safeState(workspace) : state;
                finish(cancelled ? "cancelled" : "failed", Map.of(), read, settings, error);
            } finally {
                if (kubeconfig != null) {
                    try {
                        kubeconfig.close();
                    } catch (RuntimeException e) {
                        LOG.warn("pulumi run {}: its certificate could not be revoked: {}", id, e.getMessage());
                    }
                }
                executions.remove(id);
            }
        }

        /** Waits for the engine, keeping the run alive and passing on a cancellation; the engine's exit code. */
        private int await() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.run_timeout_seconds());
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                Boolean cancel;
                try {
                    cancel = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).alive(id));
                } catch (RuntimeException e) {
                    cancel = null; // the database is away for a moment: the engine goes on
                }
                if (Boolean.TRUE.equals(cancel) || stopping) {
                    cancel();
                }
                if (System.nanoTime() > deadline && signalledAt == 0) {
                    line("labd: the run has lasted " + config.run_timeout_seconds() + " s (run.timeout.seconds): cancelling");
                    cancel();
                }
                if (signalledAt != 0 && System.nanoTime() - signalledAt > TimeUnit.SECONDS.toNanos(60)) {
                    line("labd: the engine did not stop within 60 s of being cancelled: killed");
                    process.destroyForcibly();
                }
            }
            return process.exitValue();
        }

        void cancel() {
            cancelled = true;
            Process running = process;
            if (running != null && signalledAt == 0) {
                signalledAt = System.nanoTime();
                line("labd: cancelling: the engine finishes the steps under way and records them");
                PulumiEngine.interrupt(running);
            }
        }

        void interrupt() {
            Process running = process;
            if (running != null) {
                PulumiEngine.interrupt(running);
            }
        }

        void kill() {
            Process running = process;
            if (running != null) {
                running.destroyForcibly();
            }
        }

        private void copyOutput() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String text;
                boolean blank = false;
                while ((text = reader.readLine()) != null) {
                    if (!EngineOutput.keep(text)) {
                        continue;
                    }
                    if (text.isBlank()) {
                        if (blank) {
                            continue;
                        }
                        blank = true;
                    } else {
                        blank = false;
                    }
                    line(text);
                }
            } catch (IOException e) {
                line("labd: the engine's output could not be read: " + e.getMessage());
            }
        }

        private void line(String text) {
            String shown = scrub(text.length() > 8192 ? text.substring(0, 8192) + "…" : text);
            long n = seq.incrementAndGet();
            try {
                database.transaction(sessions, s -> {
                    s.getMapper(PulumiMapper.class).insertLine(id, n, shown);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("pulumi run {}: a line of output was lost: {}", id, e.getMessage());
            }
            signal();
        }

        private String scrub(String text) {
            String scrubbed = text;
            for (String secret : hidden) {
                scrubbed = scrubbed.replace(secret, EngineOutput.SECRET);
            }
            return scrubbed;
        }

        private String failure(int exit, EngineOutput.Summary summary) {
            if (cancelled) {
                return "cancelled" + (summary.errors().isEmpty() ? "" : ": " + String.join("; ", summary.errors()));
            }
            String errors = summary.errors().isEmpty() ? "the engine exited with " + exit + " (its output says why)"
                    : String.join("\n", summary.errors());
            return scrub(errors.length() > 4000 ? errors.substring(0, 4000) + "…" : errors);
        }

        private void finish(String outcome, Map<String, Integer> changes, String state, String settings, String error) {
            String outputs = state == null ? null : json(EngineOutput.outputs(state));
            try {
                database.transaction(sessions, s -> {
                    PulumiMapper mapper = s.getMapper(PulumiMapper.class);
                    if (state != null) {
                        // the cluster an apply reached stays the stack's, as its config does
                        String cluster = settings != null && request.cluster() != null ? request.cluster() : null;
                        mapper.saveStack(stack.cloud(), stack.environment(), stack.name(), settings, state, cluster);
                    }
                    mapper.end(id, outcome, json(changes), outputs, error);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.error("pulumi run {}: its end could not be recorded", id, e);
            }
            signal();
        }
    }

    private void signal() {
        synchronized (lineSignal) {
            lineSignal.notifyAll();
        }
    }

    private static String safeState(StackWorkspace workspace) {
        try {
            return workspace.state();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void end(String id, String state, Map<String, Integer> changes, String outputs, String error) {
        database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).end(id, state, json(changes), outputs, error));
    }

    private static PulumiRun info(PulumiMapper.Run row) {
        return new PulumiRun(row.id(), row.stack(), row.cloud(), row.environment(), row.kind(), row.state(), row.userName(),
                row.project(), row.version(), row.program(), row.cluster(), time(row.startedAt()), time(row.endedAt()),
                read(row.changes(), new TypeReference<Map<String, Integer>>() { }),
                read(row.outputs(), new TypeReference<Map<String, Object>>() { }), row.error());
    }

    private static void check(PulumiRunRequest request) {
        if (request == null) {
            throw new InvalidArgument("the body is missing: {\"program\": SHA-256, \"project\": NAME, …}");
        }
        checkSha(request.program());
        if (request.project() == null || !PROJECT.matcher(request.project()).matches()) {
            throw new InvalidArgument("'" + shorten(request.project()) + "' is not a Pulumi project name: letters, digits, "
                    + "'-', '_' and '.', at most 100");
        }
        if (request.version() != null && (request.version().length() > 100 || request.version().isBlank()
                || request.version().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidArgument("the program's version is at most 100 printable characters");
        }
        int count = (request.config() == null ? 0 : request.config().size())
                + (request.secrets() == null ? 0 : request.secrets().size());
        if (count > MAX_CONFIG) {
            throw new InvalidArgument(count + " config values; at most " + MAX_CONFIG);
        }
        checkConfig(request.config(), false);
        checkConfig(request.secrets(), true);
        if (request.config() != null && request.secrets() != null) {
            for (String key : request.secrets().keySet()) {
                if (request.config().containsKey(key)) {
                    throw new InvalidArgument("config " + key + " is given both as a plain value and as a secret");
                }
            }
        }
    }

    private static void checkConfig(Map<String, String> values, boolean secret) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getKey() == null || !CONFIG_KEY.matcher(entry.getKey()).matches()) {
                throw new InvalidArgument("'" + shorten(entry.getKey()) + "' is not a config key: [PROJECT:]KEY of letters, "
                        + "digits, '-', '_' and '.'");
            }
            if (entry.getValue() == null || entry.getValue().length() > MAX_VALUE) {
                throw new InvalidArgument("config " + entry.getKey() + ": a value of at most " + MAX_VALUE + " characters"
                        + (secret ? "" : " is needed"));
            }
        }
    }

    private static void checkSha(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidArgument("'" + shorten(sha256) + "' is not a program's SHA-256 (64 lower-case hexadecimal digits)");
        }
    }

    static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument("'" + shorten(name) + "' is not a " + what + " name: lower-case letters, digits and "
                    + "'-', at most 63, starting and ending with a letter or digit");
        }
    }

    private static String shorten(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static String time(OffsetDateTime time) {
        return time == null ? null : TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static String json(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            return null;
        }
    }

    /** labd's listener as the engine on this host reaches it: its address, or loopback when it listens on all. */
    private static String listenerUrl(ConfigurationAdmin configurations) {
        try {
            return Listener.url(configurations.getConfiguration(Listener.PID, "?").getProperties(), "127.0.0.1");
        } catch (IOException e) {
            LOG.debug("no Pax Web configuration: {}", e.getMessage());
            return Listener.url(null, "127.0.0.1");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
