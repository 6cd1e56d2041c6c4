package org.labctl.cli.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunLog;
import org.labctl.api.PulumiRunRequest;
import org.labctl.api.PulumiStack;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code labctl plan|apply|destroy -f PROGRAM --env ENV}: a Pulumi program run by labd on the stack it keeps for the
 * program in that environment. The run goes on in labd whatever becomes of labctl; labctl prints its output as it comes
 * and ends with the run's exit. Ctrl-C asks whether to cancel the run or only stop following it.
 */
public final class PulumiCommands {

    private PulumiCommands() {
    }

    /** What plan, apply and destroy share: the program, where it runs, its config, and following the run. */
    abstract static class RunCommand implements Callable<Integer> {

        final Printer printer;
        final ConfigMixin connection;
        final ExecIo io;

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "PROGRAM",
                description = "The program: a Pulumi project directory (Pulumi.yaml with runtime java and "
                        + "options.binary, the built jar) or the jar itself.")
        Path file;

        @Option(names = "--env", required = true, paramLabel = "[CLOUD/]ENV",
                description = "The environment the stack is in (CLOUD/ENV, or ENV when its name is unique).")
        String environment;

        @Option(names = "--cloud", paramLabel = "CLOUD", description = "The environment's cloud (or write --env CLOUD/ENV).")
        String cloud;

        @Option(names = "--stack", paramLabel = "NAME",
                description = "The stack's name (default: the program's project name).")
        String stack;

        @Option(names = "--cluster", paramLabel = "NAME", description = "A cluster labd keeps that the program "
                + "reaches (its KUBECONFIG): as you, through labd's kubectl proxy; needs kubectl on it. An apply keeps it "
                + "for the stack's next runs.")
        String cluster;

        @Option(names = "--project", paramLabel = "NAME", description = "The Pulumi project, for a jar given alone "
                + "(default: the jar's name without its version).")
        String project;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A config value for the program (repeat it); "
                + "KEY or PROJECT:KEY. An apply keeps it for the next runs, a plan does not.")
        List<String> sets = new java.util.ArrayList<>();

        @Option(names = "--set-secret", paramLabel = "KEY=VALUE", description = "A secret config value: encrypted with "
                + "the stack's key before labd stores it, shown only as [secret].")
        List<String> secrets = new java.util.ArrayList<>();

        @Mixin
        OutputMixin.TableJsonYaml output;

        @Mixin
        HelpMixin help;

        RunCommand(Printer printer, ConfigMixin connection, ExecIo io) {
            this.printer = printer;
            this.connection = connection;
            this.io = io;
        }

        /** The program, labd and where the stack is, for one run. */
        record Target(PulumiProgram program, LabdClient labd, String[] place) {
        }

        /**
         * Reads the program and finds its stack; {@code ask} (a command that asks before it changes anything) needs a
         * terminal to ask on.
         */
        Target target(boolean ask, String refusal) {
            PulumiProgram program = PulumiProgram.load(file, project);
            LabdClient labd = connection.connect();
            String[] place = place(labd, program);
            if (ask && !io.stdinIsTerminal()) {
                throw new LabctlException(ExitCode.USAGE, refusal);
            }
            return new Target(program, labd, place);
        }

        /** Where the stack is: {@code [cloud, environment, name]}. */
        String[] place(LabdClient labd, PulumiProgram program) {
            String[] where = environment(labd, environment, cloud);
            String name = stack != null ? stack : program.defaultStack();
            if (name.isEmpty()) {
                throw new LabctlException(ExitCode.USAGE, "the project name " + program.project() + " makes no stack name: "
                        + "give one with --stack NAME");
            }
            return new String[] {where[0], where[1], name};
        }

        PulumiRunRequest request(PulumiProgram program) {
            return new PulumiRunRequest(program.sha256(), program.project(), program.version(), cluster, assignments(sets,
                    "--set"), assignments(secrets, "--set-secret"));
        }

        private static Map<String, String> assignments(List<String> given, String option) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String assignment : given) {
                int equals = assignment.indexOf('=');
                if (equals <= 0) {
                    throw new LabctlException(ExitCode.USAGE, option + " takes KEY=VALUE, not " + (option.equals("--set")
                            ? assignment : assignment.substring(0, Math.max(0, equals)) + "=…"));
                }
                values.put(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
            return values;
        }

        /** Sends the program unless labd has it. */
        void upload(LabdClient labd, String[] place, PulumiProgram program) {
            if (!labd.hasProgram(place[0], place[1], place[2], program.sha256())) {
                printer.progress("sending " + program.jar() + " (" + (program.size() + 1023) / 1024 + " KiB) to labd …");
                labd.putProgram(place[0], place[1], place[2], program.sha256(), program.content());
            }
        }

        /** Starts a run and follows it to its end; the exit code for how it ended. */
        int run(LabdClient labd, String[] place, String kind, PulumiRunRequest request) {
            PulumiRun started = labd.startRun(place[0], place[1], place[2], kind, request);
            printer.progress(kind + " " + started.id() + " of stack " + place[0] + "/" + place[1] + "/" + place[2]
                    + " started (labctl logs pulumi/" + started.id() + " -f follows it from anywhere)");
            PulumiRun ended = follow(labd, started.id(), printer, io, output.format(), true);
            return ended == null ? ExitCode.INTERRUPTED : exitOf(ended);
        }

        boolean confirm(String question) {
            return PulumiCommands.confirm(printer, io, question);
        }
    }

    /** Asks a yes/no question on the terminal; false without one. */
    static boolean confirm(Printer printer, ExecIo io, String question) {
        if (!io.stdinIsTerminal()) {
            return false;
        }
        printer.progress(question + " [y/N] ");
        try {
            String answer = new BufferedReader(new InputStreamReader(io.stdin(), StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        }
    }

    /** How long labd holds a request for a run's output that has nothing new yet. */
    static final int WAIT_MILLIS = 1000;

    /**
     * The environment {@code --env [CLOUD/]ENV} (and {@code --cloud}) names: {@code [cloud, environment]}; an ENV alone
     * is looked up among the environments labd has and must be in one cloud.
     */
    static String[] environment(LabdClient labd, String environment, String cloud) {
        String env = environment;
        String cloudName = cloud;
        if (env.contains("/")) {
            String[] parts = env.split("/", -1);
            if (parts.length != 2 || cloudName != null && !cloudName.equals(parts[0])) {
                throw new LabctlException(ExitCode.USAGE, "--env takes CLOUD/ENV or ENV (with --cloud CLOUD), not " + env);
            }
            cloudName = parts[0];
            env = parts[1];
        }
        if (cloudName == null) {
            String wanted = env;
            List<EnvironmentInfo> matches = labd.environments(null).stream().filter(e -> e.name().equals(wanted)).toList();
            if (matches.isEmpty()) {
                throw new LabctlException(ExitCode.NOT_FOUND, "environment " + env + " not found (labctl get environments "
                        + "lists them)");
            }
            if (matches.size() > 1) {
                throw new LabctlException(ExitCode.USAGE, "environment " + env + " is in several clouds ("
                        + String.join(", ", matches.stream().map(EnvironmentInfo::cloud).toList()) + "): write --env "
                        + "CLOUD/" + env);
            }
            cloudName = matches.get(0).cloud();
        }
        return new String[] {cloudName, env};
    }

    /**
     * Prints a run's output from its start until it ends. With {@code cancellable}, Ctrl-C asks whether to cancel the run
     * (labd stops its engine cleanly) or to leave it running; a second Ctrl-C leaves at once.
     *
     * @return the run as it ended, or null when the user stopped following it
     */
    static PulumiRun follow(LabdClient labd, String id, Printer printer, ExecIo io, OutputFormat format, boolean cancellable) {
        return follow(labd, id, printer, io, format, cancellable, true);
    }

    /** {@link #follow(LabdClient, String, Printer, ExecIo, OutputFormat, boolean)}; the run's record printed or not. */
    static PulumiRun follow(LabdClient labd, String id, Printer printer, ExecIo io, OutputFormat format, boolean cancellable,
                            boolean printRecord) {
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread main = Thread.currentThread();
        long after = 0;
        boolean unreachable = false;
        boolean reached = false;
        try (ExecIo.Registration ignored = io.onInterrupt(() -> {
            if (interrupted.getAndSet(true)) {
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            }
            main.interrupt();
        })) {
            while (true) {
                PulumiRunLog log;
                long asked = System.nanoTime();
                try {
                    // labd holds the answer until a line or the run's end: no poll delay, few (audited) requests
                    log = labd.pulumiRunLog(id, after, WAIT_MILLIS);
                } catch (LabctlException e) {
                    if (Thread.interrupted() || interrupted.get()) {
                        log = null;
                    } else if (reached && (e.exitCode() == ExitCode.UNREACHABLE || e.exitCode() == ExitCode.TIMEOUT)) {
                        if (!unreachable) {
                            printer.error(e.getMessage() + " (a run goes on in labd without labctl: still following, "
                                    + "trying every second)");
                            unreachable = true;
                        }
                        if (!pause(1000)) {
                            Thread.interrupted();
                            return null;
                        }
                        continue;
                    } else {
                        throw e;
                    }
                }
                if (log != null) {
                    reached = true;
                    if (unreachable) {
                        printer.progress("labd answers again");
                        unreachable = false;
                    }
                    for (PulumiRunLog.Line line : log.lines()) {
                        // with -o json|yaml standard output is the run's record alone: the engine's lines go to stderr
                        if (format == null || format.human()) {
                            printer.line(Printer.printable(line.text()));
                        } else {
                            printer.progress(Printer.printable(line.text()));
                        }
                    }
                    after = log.next();
                    if (log.run().ended() && log.lines().isEmpty()) {
                        report(log.run(), printer, printRecord ? format : null);
                        return log.run();
                    }
                    if (!log.lines().isEmpty()) {
                        continue;
                    }
                }
                // an answer that did not wait (a labd without wait, or one stopping) is not asked again at once
                boolean waited = System.nanoTime() - asked > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS / 2);
                if (interrupted.get() || !waited && !pause(100)) {
                    Thread.interrupted();
                    if (!cancellable) {
                        return null;
                    }
                    interrupted.set(false);
                    if (askCancel(printer, io, id)) {
                        labd.cancelPulumiRun(id);
                        printer.progress("cancelling run " + id + ": the engine finishes the steps under way …");
                    } else {
                        printer.progress("no longer following run " + id + "; it goes on in labd (labctl logs pulumi/"
                                + id + " -f)");
                        return null;
                    }
                    cancellable = false;
                }
            }
        }
    }

    private static boolean askCancel(Printer printer, ExecIo io, String id) {
        if (!io.stdinIsTerminal()) {
            return false;
        }
        printer.progress("");
        printer.progress("Cancel run " + id + "? labd stops the engine cleanly; answer n to leave it running [y/N] ");
        try {
            String answer = new BufferedReader(new InputStreamReader(io.stdin(), StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sleeps; false when interrupted. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** How a run ended: a sentence on stderr, or the run as a document with -o json|yaml. */
    static void report(PulumiRun run, Printer printer, OutputFormat format) {
        if (format != null && !format.human()) {
            printer.document(run, format);
        }
        String changes = run.changes() == null || run.changes().isEmpty() ? "no changes"
                : String.join(", ", run.changes().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
        printer.progress(run.kind() + " " + run.id() + " " + run.state() + " (" + changes + ")"
                + (run.error() == null ? "" : ": " + Printer.printable(run.error())));
    }

    static int exitOf(PulumiRun run) {
        return switch (run.state()) {
            case "succeeded" -> ExitCode.OK;
            case "cancelled" -> ExitCode.INTERRUPTED;
            default -> ExitCode.ERROR;
        };
    }

    @Command(name = "plan", sortOptions = false,
            description = {
                "Preview what a Pulumi program would change on its stack, changing nothing.",
                "labd runs the program with the real engine on the stack it keeps for it in the",
                "environment (created by the first run) and prints the engine's plan. Needs",
                "apply on the stack (the program runs with the stack's config and secrets)."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl plan -f ./web --env lab",
                "  labctl plan -f target/web-1.0.jar --env aws/prod --set replicas=3"})
    public static final class Plan extends RunCommand {
        public Plan(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            Target target = target(false, null);
            upload(target.labd(), target.place(), target.program());
            return run(target.labd(), target.place(), "plan", request(target.program()));
        }
    }

    @Command(name = "apply", sortOptions = false,
            description = {
                "Apply a Pulumi program to its stack, recorded as a run.",
                "labd runs it with the real engine. Without --yes labctl shows the plan first",
                "and asks. A run goes on in labd if labctl is stopped (labctl logs pulumi/ID -f",
                "follows it); Ctrl-C asks whether to cancel it. One run at a time holds a stack."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl apply -f ./web --env lab",
                "  labctl apply -f ./web --env lab --yes --set replicas=3",
                "  labctl apply -f ./web --env lab --cluster lab --yes",
                "  labctl apply -f ./web --env lab --set-secret dbPassword=s3cret"})
    public static final class Apply extends RunCommand {

        @Option(names = {"-y", "--yes"}, description = "Apply without showing the plan and asking.")
        boolean yes;

        public Apply(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            Target target = target(!yes, "apply asks before it changes anything, and there is no terminal to ask on: "
                    + "pass --yes (labctl plan shows what would change)");
            LabdClient labd = target.labd();
            String[] place = target.place();
            PulumiProgram program = target.program();
            upload(labd, place, program);
            PulumiRunRequest request = request(program);
            if (!yes) {
                int planned = run(labd, place, "plan", request);
                if (planned != ExitCode.OK) {
                    return planned;
                }
                if (!confirm("Apply these changes to stack " + String.join("/", place) + "?")) {
                    printer.progress("nothing applied");
                    return ExitCode.ERROR;
                }
            }
            return run(labd, place, "apply", request);
        }
    }

    @Command(name = "destroy", sortOptions = false,
            description = {
                "Destroy every resource of a program's stack.",
                "Needs the destroy action on the stack, which a role that may only apply lacks.",
                "Without --yes labctl shows what the stack holds and asks."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl destroy -f ./web --env lab",
                "  labctl destroy -f ./web --env lab --yes"})
    public static final class Destroy extends RunCommand {

        @Option(names = {"-y", "--yes"}, description = "Destroy without asking.")
        boolean yes;

        public Destroy(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io);
        }

        @Override
        public Integer call() {
            Target target = target(!yes, "destroy asks before it removes anything, and there is no terminal to ask on: "
                    + "pass --yes");
            LabdClient labd = target.labd();
            String[] place = target.place();
            PulumiProgram program = target.program();
            if (!yes) {
                PulumiStack stack = labd.stack(place[0], place[1], place[2]);
                printer.progress("stack " + String.join("/", place) + " (project " + stack.project() + ") holds outputs "
                        + stack.outputs());
                if (!confirm("Destroy every resource of stack " + String.join("/", place) + "?")) {
                    printer.progress("nothing destroyed");
                    return ExitCode.ERROR;
                }
            }
            upload(labd, place, program);
            return run(labd, place, "destroy", request(program));
        }
    }
}
