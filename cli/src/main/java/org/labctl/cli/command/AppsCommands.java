package org.labctl.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import org.labctl.api.AppInfo;
import org.labctl.api.AppRelease;
import org.labctl.api.AppRequest;
import org.labctl.api.AppRevision;
import org.labctl.api.PulumiRun;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.Mappers;
import org.labctl.cli.MissingCommandException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labctl apps …}: apps (packaged Pulumi programs) published to labd's catalog, installed in environments as
 * releases whose every change is a revision labd runs, records and can roll back.
 */
public final class AppsCommands {

    private AppsCommands() {
    }

    /** Groups the commands of apps. */
    @Command(name = "apps",
            description = {
                "Install apps (packaged Pulumi programs) and keep their history.",
                "An app is a jar carrying META-INF/labctl/app.yaml (name, version, the inputs'",
                "JSON Schema, the permissions it needs) and values.yaml (defaults): publish it",
                "to labd's catalog, then install it in an environment. Each install, upgrade,",
                "rollback and uninstall is a revision: a run of the real Pulumi engine that",
                "labd records with the values it ran with (secret ones sealed)."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apps publish apps/labd/target/labd-app.jar",
                "  labctl apps install labd --env lab --cluster lab -f labd-values.yaml",
                "  labctl apps upgrade labd --env lab --set replicas=2",
                "  labctl apps history labd --env lab",
                "  labctl apps rollback labd 1 --env lab"})
    public static final class Group implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private HelpMixin help;

        @Override
        public Integer call() {
            throw new MissingCommandException(spec.commandLine());
        }
    }

    /** What the commands on one release share: labd, the environment, output, following a run. */
    abstract static class ReleaseCommand implements Callable<Integer> {

        final Printer printer;
        final ConfigMixin connection;
        final ExecIo io;

        @Option(names = "--env", required = true, paramLabel = "[CLOUD/]ENV",
                description = "The environment the app is installed in (CLOUD/ENV, or ENV when its name is unique).")
        String environment;

        @Option(names = "--cloud", paramLabel = "CLOUD", description = "The environment's cloud (or write --env CLOUD/ENV).")
        String cloud;

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        ReleaseCommand(Printer printer, ConfigMixin connection, ExecIo io) {
            this.printer = printer;
            this.connection = connection;
            this.io = io;
        }

        /** Follows a run to its end; null when the user stopped following. */
        PulumiRun follow(LabdClient labd, String id) {
            return PulumiCommands.follow(labd, id, printer, io, output.format(), true, false);
        }

        /** Follows a revision's run and shows the release as it ended; the exit code. */
        int finish(LabdClient labd, String[] where, String name, AppRevision revision) {
            printer.progress(revision.kind() + " of " + revision.app() + " " + revision.version() + " as " + name + " in "
                    + where[0] + "/" + where[1] + ": revision " + revision.revision() + ", run " + revision.run()
                    + " (labctl logs pulumi/" + revision.run() + " -f follows it from anywhere)");
            PulumiRun ended = follow(labd, revision.run());
            if (ended == null) {
                return ExitCode.INTERRUPTED;
            }
            AppRelease release = labd.appRelease(where[0], where[1], name);
            OutputFormat format = output.format();
            if (!format.human()) {
                printer.document(release, format);
            } else if (!"uninstalled".equals(release.status())) {
                printOutputs(printer, release.outputs());
            }
            return PulumiCommands.exitOf(ended);
        }

        /**
         * Shows what a change would do (a plan run) and asks; true to go on. Without a terminal it refuses, naming
         * {@code --yes}.
         */
        boolean planAndAsk(LabdClient labd, String[] where, String name, AppRequest request, String question) {
            if (!io.stdinIsTerminal()) {
                throw new LabctlException(ExitCode.USAGE, "labctl shows the plan and asks before it changes app " + name
                        + ", and there is no terminal to ask on: pass --yes (--dry-run shows the plan alone)");
            }
            PulumiRun planned = follow(labd, labd.planApp(where[0], where[1], name, request).id());
            if (planned == null) {
                throw new LabctlException(ExitCode.INTERRUPTED, "no longer following the plan; nothing changed");
            }
            if (PulumiCommands.exitOf(planned) != ExitCode.OK) {
                return false;
            }
            if (!PulumiCommands.confirm(printer, io, question)) {
                printer.progress("nothing changed");
                return false;
            }
            return true;
        }

        /** Only the plan of a change: the exit code. */
        int dryRun(LabdClient labd, String[] where, String name, AppRequest request) {
            PulumiRun planned = follow(labd, labd.planApp(where[0], where[1], name, request).id());
            if (planned != null && !output.format().human()) {
                printer.document(planned, output.format());
            }
            return planned == null ? ExitCode.INTERRUPTED : PulumiCommands.exitOf(planned);
        }
    }

    /** Values from files and {@code --set}, as an install or upgrade takes them. */
    abstract static class ValuesCommand extends ReleaseCommand {

        @Option(names = {"-f", "--values"}, paramLabel = "FILE", description = "A YAML file of values (repeat it: later "
                + "files win), over the app's values.yaml.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A value (repeat it), over the files: "
                + "a.b=1 sets b in a; numbers and true/false are typed, as in JSON; KEY=null removes it.")
        List<String> sets = new ArrayList<>();

        @Option(names = "--set-string", paramLabel = "KEY=VALUE", description = "A value kept as a string (repeat it).")
        List<String> strings = new ArrayList<>();

        @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster the app deploys to (its KUBECONFIG, "
                + "through labd's kubectl proxy as you); an upgrade keeps the release's.")
        String cluster;

        @Option(names = "--version", paramLabel = "VERSION", description = "The app's version (default: the newest "
                + "published).")
        String version;

        @Option(names = "--dry-run", description = "Only show what would change (a plan run); nothing is recorded.")
        boolean dryRun;

        ValuesCommand(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        /** The values given: the files in order, then every --set. */
        Map<String, Object> values() {
            ObjectNode values = JsonNodeFactory.instance.objectNode();
            for (Path file : files) {
                JsonNode read;
                try {
                    read = Mappers.yaml().readTree(Files.readString(file));
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new LabctlException(ExitCode.ERROR, file + " does not exist (-f takes a values file)");
                } catch (IOException e) {
                    throw new LabctlException(ExitCode.USAGE, file + " is not a YAML map of values: "
                            + e.getMessage().lines().findFirst().orElse(""), e);
                }
                if (read == null || read.isMissingNode() || read.isNull()) {
                    continue;
                }
                if (!(read instanceof ObjectNode map)) {
                    throw new LabctlException(ExitCode.USAGE, file + " is not a YAML map of values");
                }
                merge(values, map);
            }
            for (String set : sets) {
                assign(values, set, "--set", false);
            }
            for (String set : strings) {
                assign(values, set, "--set-string", true);
            }
            return Mappers.json().convertValue(values, Mappers.json().getTypeFactory()
                    .constructMapType(LinkedHashMap.class, String.class, Object.class));
        }

        private static void assign(ObjectNode values, String assignment, String option, boolean string) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new LabctlException(ExitCode.USAGE, option + " takes KEY=VALUE, not " + assignment);
            }
            String[] path = assignment.substring(0, equals).split("\\.", -1);
            String text = assignment.substring(equals + 1);
            JsonNode value;
            if (string) {
                value = JsonNodeFactory.instance.textNode(text);
            } else {
                // a JSON number, true, false or null is typed; anything else (yes, off, ~, a quote…) is the text
                try {
                    JsonNode parsed = text.isEmpty() ? null : Mappers.json().readTree(text);
                    value = parsed == null || parsed.isMissingNode() || parsed.isContainerNode() || parsed.isTextual()
                            ? JsonNodeFactory.instance.textNode(text) : parsed;
                } catch (IOException e) {
                    value = JsonNodeFactory.instance.textNode(text);
                }
            }
            ObjectNode into = values;
            for (int i = 0; i < path.length - 1; i++) {
                if (path[i].isEmpty()) {
                    throw new LabctlException(ExitCode.USAGE, option + ": " + assignment.substring(0, equals)
                            + " is not a key path (a.b.c)");
                }
                JsonNode next = into.get(path[i]);
                into = next instanceof ObjectNode nested ? nested : into.putObject(path[i]);
            }
            String last = path[path.length - 1];
            if (last.isEmpty()) {
                throw new LabctlException(ExitCode.USAGE, option + ": " + assignment.substring(0, equals)
                        + " is not a key path (a.b.c)");
            }
            into.set(last, value);
        }

        private static void merge(ObjectNode into, ObjectNode over) {
            over.fields().forEachRemaining(entry -> {
                JsonNode existing = into.get(entry.getKey());
                if (existing instanceof ObjectNode nested && entry.getValue() instanceof ObjectNode overNested) {
                    merge(nested, overNested);
                } else {
                    into.set(entry.getKey(), entry.getValue());
                }
            });
        }
    }

    /** {@code labctl apps install NAME}. */
    @Command(name = "install", sortOptions = false,
            description = {
                "Install an app from labd's catalog in an environment as a release.",
                "The values (the app's values.yaml, then -f files, then --set) are checked against",
                "the app's inputs and you against the permissions it declares before anything",
                "runs. Needs apply on the release's stack (CLOUD/ENV/NAME)."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apps install labd --env lab --cluster lab -f labd-values.yaml",
                "  labctl apps install bastion --env lab --cluster lab --set port=2222",
                "  labctl apps install labd --env lab --cluster lab --release labd-2 --dry-run"})
    public static final class Install extends ValuesCommand {

        @Parameters(paramLabel = "APP", description = "The app, as labctl apps catalog names it.")
        String app;

        @Option(names = "--release", paramLabel = "NAME", description = "The release's name (default: the app's): "
                + "install an app twice in one environment under two names.")
        String release;

        public Install(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            Map<String, Object> values = values();
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            String name = release != null ? release : app;
            AppRequest request = new AppRequest(app, version, values, cluster, false, null);
            if (dryRun) {
                return dryRun(labd, where, name, request);
            }
            return finish(labd, where, name, labd.changeApp(where[0], where[1], name, "install", request));
        }
    }

    /** {@code labctl apps upgrade NAME}. */
    @Command(name = "upgrade", sortOptions = false,
            description = {
                "Upgrade a release: another version of its app, or other values.",
                "The values given go over the release's (--reset-values starts from the app's",
                "defaults). labctl shows the plan first and asks, unless --yes."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apps upgrade labd --env lab --set replicas=3",
                "  labctl apps upgrade labd --env lab --version 0.2.0 --yes",
                "  labctl apps upgrade labd --env lab -f prod.yaml --dry-run"})
    public static final class Upgrade extends ValuesCommand {

        @Parameters(paramLabel = "NAME", description = "The release (labctl apps list).")
        String name;

        @Option(names = "--reset-values", description = "Start from the app's defaults, not the release's values.")
        boolean reset;

        @Option(names = {"-y", "--yes"}, description = "Upgrade without showing the plan and asking.")
        boolean yes;

        public Upgrade(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            Map<String, Object> values = values();
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            AppRequest request = new AppRequest(null, version, values, cluster, reset, null);
            if (dryRun) {
                return dryRun(labd, where, name, request);
            }
            if (!yes && !planAndAsk(labd, where, name, request, "Upgrade " + name + " in " + String.join("/", where)
                    + " with these changes?")) {
                return ExitCode.ERROR;
            }
            return finish(labd, where, name, labd.changeApp(where[0], where[1], name, "upgrade", request));
        }
    }

    /** {@code labctl apps rollback NAME REVISION}. */
    @Command(name = "rollback", sortOptions = false,
            description = {
                "Roll a release back to a revision: its app version and values, applied again.",
                "The rollback is a new revision. labctl shows the plan first and asks, unless",
                "--yes."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apps rollback labd 1 --env lab",
                "  labctl apps rollback labd 3 --env aws/prod --yes"})
    public static final class Rollback extends ReleaseCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The release.")
        String name;

        @Parameters(index = "1", paramLabel = "REVISION", description = "The revision to go back to (labctl apps history).")
        int revision;

        @Option(names = {"-y", "--yes"}, description = "Roll back without showing the plan and asking.")
        boolean yes;

        public Rollback(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            AppRequest request = new AppRequest(null, null, null, null, false, revision);
            if (!yes && !planAndAsk(labd, where, name, request, "Roll " + name + " back to revision " + revision + "?")) {
                return ExitCode.ERROR;
            }
            return finish(labd, where, name, labd.changeApp(where[0], where[1], name, "rollback", request));
        }
    }

    /** {@code labctl apps uninstall NAME}. */
    @Command(name = "uninstall", sortOptions = false,
            description = {
                "Uninstall a release: destroy everything it made, as its last revision.",
                "Its history stays. Needs destroy on its stack. Asks first, unless --yes."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apps uninstall labd --env lab",
                "  labctl apps uninstall bastion --env lab --yes"})
    public static final class Uninstall extends ReleaseCommand {

        @Parameters(paramLabel = "NAME", description = "The release.")
        String name;

        @Option(names = {"-y", "--yes"}, description = "Uninstall without asking.")
        boolean yes;

        public Uninstall(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            if (!yes) {
                if (!io.stdinIsTerminal()) {
                    throw new LabctlException(ExitCode.USAGE, "uninstall asks before it destroys anything, and there is "
                            + "no terminal to ask on: pass --yes");
                }
                AppRelease release = labd.appRelease(where[0], where[1], name);
                printer.progress("release " + name + " (" + release.current().app() + " " + release.current().version()
                        + ", revision " + release.current().revision() + ") holds outputs " + release.outputs());
                if (!PulumiCommands.confirm(printer, io, "Destroy everything " + name + " made in "
                        + String.join("/", where) + "?")) {
                    printer.progress("nothing destroyed");
                    return ExitCode.ERROR;
                }
            }
            return finish(labd, where, name, labd.changeApp(where[0], where[1], name, "uninstall",
                    new AppRequest(null, null, null, null, false, null)));
        }
    }

    /** {@code labctl apps status NAME}. */
    @Command(name = "status", description = {"Show a release: its app, revision, values (secrets as [secret]), "
            + "outputs and last run."},
            footerHeading = "%nExamples:%n", footer = {"  labctl apps status labd --env lab",
                "  labctl apps status labd --env lab -o json | jq .outputs"})
    public static final class Status extends ReleaseCommand {

        @Parameters(paramLabel = "NAME", description = "The release.")
        String name;

        public Status(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            AppRelease release = labd.appRelease(where[0], where[1], name);
            OutputFormat format = output.format();
            if (!format.human()) {
                printer.document(release, format);
                return ExitCode.OK;
            }
            AppRevision current = release.current();
            printer.line("Release:    " + name + " in " + where[0] + "/" + where[1]);
            printer.line("App:        " + current.app() + " " + current.version());
            printer.line("Status:     " + release.status());
            printer.line("Revision:   " + current.revision() + " (" + current.kind() + " by " + current.user() + " at "
                    + current.createdAt() + ", run " + current.run() + ")");
            printer.line("Cluster:    " + (current.cluster() == null ? "-" : current.cluster()));
            printer.line("Values:");
            current.values().forEach((key, value) -> printer.line("  " + key + ": " + Printer.printable(render(value))));
            printOutputs(printer, release.outputs());
            PulumiRun last = release.lastRun();
            printer.line("Last run:   " + (last == null ? "(none)" : last.kind() + " " + last.id() + " " + last.state()
                    + " by " + last.user() + " at " + last.startedAt()));
            return ExitCode.OK;
        }
    }

    /** {@code labctl apps history NAME}. */
    @Command(name = "history", description = {"List a release's revisions, newest first: what ran, with which values, "
            + "by whom and how it ended."},
            footerHeading = "%nExamples:%n", footer = {"  labctl apps history labd --env lab",
                "  labctl apps history labd --env lab -o json"})
    public static final class History extends ReleaseCommand {

        private final Clock clock;

        @Parameters(paramLabel = "NAME", description = "The release.")
        String name;

        public History(Printer printer, ConfigMixin connection, ExecIo io, Clock clock) {
            super(printer, connection, io);
            this.clock = clock;
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            String[] where = PulumiCommands.environment(labd, environment, cloud);
            printer.list(labd.appRevisions(where[0], where[1], name), output.format(), "revisions", (revisions, wide) -> {
                List<List<String>> rows = new ArrayList<>();
                for (AppRevision revision : revisions) {
                    rows.add(List.of(String.valueOf(revision.revision()), revision.kind()
                            + (revision.rollbackOf() == null ? "" : " to " + revision.rollbackOf()),
                            revision.app() + " " + revision.version(), revision.state(), revision.user(),
                            Times.age(revision.createdAt(), clock.instant()), Printer.printable(render(revision.values()))));
                }
                printer.table(List.of("revision", "kind", "app", "state", "by", "age", "values"), rows);
            });
            return ExitCode.OK;
        }
    }

    /** {@code labctl apps list}. */
    @Command(name = "list", aliases = "ls", description = {"List the apps installed in the environments you may read."},
            footerHeading = "%nExamples:%n", footer = {"  labctl apps list", "  labctl apps list --env lab -o json"})
    public static final class Listing implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Option(names = "--env", paramLabel = "[CLOUD/]ENV", description = "Only this environment's.")
        String environment;

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        public Listing(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            List<AppRelease> releases = labd.appReleases();
            if (environment != null) {
                String[] where = PulumiCommands.environment(labd, environment, null);
                releases = releases.stream().filter(r -> r.cloud().equals(where[0]) && r.environment().equals(where[1]))
                        .toList();
            }
            printer.list(releases, output.format(), "apps", (shown, wide) -> {
                List<List<String>> rows = new ArrayList<>();
                for (AppRelease release : shown) {
                    AppRevision current = release.current();
                    rows.add(List.of(release.name(), release.cloud() + "/" + release.environment(),
                            current.app() + " " + current.version(), String.valueOf(current.revision()), release.status(),
                            current.user(), Times.age(current.createdAt(), clock.instant())));
                }
                printer.table(List.of("name", "environment", "app", "revision", "status", "by", "age"), rows);
            });
            return ExitCode.OK;
        }
    }

    /** {@code labctl apps catalog [APP]}. */
    @Command(name = "catalog", description = {"List the apps published to labd, or show one: its inputs, defaults and "
            + "the permissions it needs."},
            footerHeading = "%nExamples:%n", footer = {"  labctl apps catalog", "  labctl apps catalog labd",
                "  labctl apps catalog labd --version 0.1.0 -o yaml"})
    public static final class Catalog implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Parameters(paramLabel = "APP", arity = "0..1", description = "One app (its newest version, or --version).")
        String app;

        @Option(names = "--version", paramLabel = "VERSION", description = "The version to show.")
        String version;

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        public Catalog(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            if (app == null) {
                printer.list(labd.appCatalog(), output.format(), "apps", (apps, wide) -> {
                    List<List<String>> rows = new ArrayList<>();
                    for (AppInfo info : apps) {
                        rows.add(List.of(info.name(), info.version(), info.description() == null ? "-"
                                : Printer.printable(info.description()), info.publishedBy(),
                                Times.age(info.publishedAt(), clock.instant())));
                    }
                    printer.table(List.of("app", "version", "description", "published by", "age"), rows);
                });
                return ExitCode.OK;
            }
            AppInfo info = labd.app(app, version);
            OutputFormat format = output.format();
            if (!format.human()) {
                printer.document(info, format);
                return ExitCode.OK;
            }
            printer.line("App:          " + info.name() + " " + info.version());
            printer.line("Description:  " + (info.description() == null ? "-" : Printer.printable(info.description())));
            printer.line("Program:      " + info.program());
            printer.line("Published:    " + info.publishedAt() + " by " + info.publishedBy());
            printer.line("Permissions:" + (info.permissions().isEmpty() ? "  (none)" : ""));
            for (AppInfo.AppPermission permission : info.permissions()) {
                printer.line("  " + permission.action() + " on " + permission.kind() + " " + (permission.name() == null
                        ? "(the one it is installed on)" : permission.name()));
            }
            printer.line("Inputs:");
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = info.inputs().get("properties") instanceof Map<?, ?> map
                    ? (Map<String, Object>) map : Map.of();
            List<?> required = info.inputs().get("required") instanceof List<?> list ? list : List.of();
            List<List<String>> rows = new ArrayList<>();
            properties.forEach((key, schema) -> {
                Map<?, ?> property = schema instanceof Map<?, ?> p ? p : Map.of();
                Object fallback = info.defaults().get(key);
                rows.add(List.of(key, String.valueOf(property.get("type") == null ? "-" : property.get("type"))
                        + (Boolean.TRUE.equals(property.get("secret")) ? " (secret)" : ""),
                        required.contains(key) ? "yes" : "no", fallback == null ? "-" : Printer.printable(render(fallback)),
                        property.get("description") == null ? "" : Printer.printable(property.get("description").toString())));
            });
            printer.table(List.of("input", "type", "required", "default", "description"), rows);
            return ExitCode.OK;
        }
    }

    /** {@code labctl apps publish JAR}. */
    @Command(name = "publish", description = {
        "Publish an app's jar to labd's catalog.",
        "The jar carries META-INF/labctl/app.yaml and values.yaml: labd checks them (the",
        "inputs a JSON Schema 2020-12, permissions it knows) and keeps the jar. A version",
        "is published once. Needs manage on apps (manage:*:*:apps)."},
            footerHeading = "%nExamples:%n", footer = {"  labctl apps publish apps/labd/target/labd-app.jar",
                "  labctl apps publish target/web-app.jar -o json"})
    public static final class Publish implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "JAR", description = "The app's jar.")
        Path jar;

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        public Publish(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            if (!Files.isRegularFile(jar)) {
                throw new LabctlException(ExitCode.ERROR, jar + " does not exist: publish takes the app's jar");
            }
            byte[] content;
            try {
                if (Files.size(jar) > PulumiProgram.MAX_JAR) {
                    throw new LabctlException(ExitCode.USAGE, jar + " is larger than labd takes ("
                            + (PulumiProgram.MAX_JAR >> 20) + " MiB)");
                }
                try (JarFile file = new JarFile(jar.toFile())) {
                    if (file.getEntry("META-INF/labctl/app.yaml") == null) {
                        throw new LabctlException(ExitCode.USAGE, jar + " carries no META-INF/labctl/app.yaml: an app's jar "
                                + "describes the app there (labctl apply -f runs a plain program)");
                    }
                } catch (IOException e) {
                    throw new LabctlException(ExitCode.USAGE, jar + " is not a jar: " + e.getMessage(), e);
                }
                content = Files.readAllBytes(jar);
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot read " + jar + ": " + e.getMessage(), e);
            }
            String sha256;
            try {
                sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] sent = content;
            AppInfo info = connection.connect().publishApp(sha256, () -> {
                printer.progress("sending " + jar + " (" + (sent.length + 1023) / 1024 + " KiB) to labd …");
                return sent;
            });
            printer.outcome(info, output.format(), i -> "app " + i.name() + " " + i.version() + " published ("
                    + i.program().substring(0, 12) + "…)");
            return ExitCode.OK;
        }
    }

    static void printOutputs(Printer printer, Map<String, Object> outputs) {
        printer.line("Outputs:" + (outputs == null || outputs.isEmpty() ? "    (none)" : ""));
        if (outputs != null) {
            outputs.forEach((key, value) -> printer.line("  " + key + ": " + Printer.printable(render(value))));
        }
    }

    private static String render(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return Mappers.json().writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}
