package org.labctl.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.AddModuleRepositoryRequest;
import org.labctl.api.ModuleRepository;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.MissingCommandException;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl modules repos add|list|remove}: the Maven repositories labd fetches {@code mvn:} modules from. */
public final class ModulesReposCommands {

    /** The most bytes of a password file or of a password on stdin. */
    static final int MAX_PASSWORD_BYTES = AddModuleRepositoryRequest.MAX_PASSWORD_LENGTH * 4;

    private ModulesReposCommands() {
    }

    /** Groups the commands of module repositories. */
    @Command(name = "repos",
            description = {
                "Manage the Maven repositories labd fetches mvn: modules from.",
                "labd asks them in the order they were added for",
                "mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]] (labctl modules add) and",
                "verifies what it fetches against the checksums the repository offers.",
                "A repository's password is sealed with labd's master key and never shown",
                "again. Adding and removing need manage:*:*:modules, listing read:*:*:modules."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules repos add https://nexus.example.org/repository/maven-public",
                "  labctl modules repos list"})
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

    /** {@code labctl modules repos add URL}. */
    @Command(name = "add",
            description = {
                "Add a Maven repository after the others.",
                "URL is http or https, without credentials in it; give the user with",
                "--username and the password with --password-file FILE (its first line) or",
                "--password-stdin. NAME defaults to the URL's host."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules repos add https://nexus.example.org/repository/modules \\",
                "      --name nexus --username deploy --password-file nexus-password.txt"})
    public static final class Add implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "URL", description = "The repository's http(s) URL, without credentials.")
        private String url;

        @Option(names = "--name", paramLabel = "NAME", description = "Its name (default: the URL's host).")
        private String name;

        @Option(names = "--username", paramLabel = "USER", description = "The user labd authenticates as (HTTP basic).")
        private String username;

        @ArgGroup(exclusive = true)
        private PasswordSource password;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        /** Where the password comes from. */
        static final class PasswordSource {
            @Option(names = "--password-file", paramLabel = "FILE", description = "A file whose first line is the password.")
            Path file;

            @Option(names = "--password-stdin", description = "Read the password from standard input (its first line).")
            boolean stdin;
        }

        public Add(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            if (password != null && username == null) {
                throw new LabctlException(ExitCode.USAGE, "a password needs a user: give --username too");
            }
            if (username != null && password == null) {
                throw new LabctlException(ExitCode.USAGE, "--username needs a password: give --password-file FILE or "
                        + "--password-stdin");
            }
            String secret = password == null ? null : password.stdin ? firstLine(System.in, "standard input")
                    : readFile(password.file);
            printer.outcome(connection.connect().addModuleRepository(new AddModuleRepositoryRequest(url, name, username, secret)),
                    output.format(), added -> "module repository " + added.name() + " (" + added.url() + ") added"
                            + (added.username() == null ? "" : " with user " + added.username()) + "; labd asks it "
                            + ordinal(added.position()));
            return ExitCode.OK;
        }

        private static String readFile(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new LabctlException(ExitCode.NOT_FOUND, file + ": no such password file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return firstLine(in, file.toString());
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        /** The first line of what {@code in} holds, without its line break; never echoed anywhere. */
        static String firstLine(InputStream in, String what) {
            try {
                byte[] bytes = in.readNBytes(MAX_PASSWORD_BYTES + 1);
                if (bytes.length > MAX_PASSWORD_BYTES) {
                    throw new LabctlException(ExitCode.USAGE, what + " holds more than a password (" + MAX_PASSWORD_BYTES
                            + " bytes at most)");
                }
                String line = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (line.isEmpty()) {
                    throw new LabctlException(ExitCode.USAGE, what + " holds no password");
                }
                return line;
            } catch (IOException e) {
                throw new LabctlException(ExitCode.ERROR, "cannot read the password from " + what + ": " + e.getMessage(), e);
            }
        }

        private static String ordinal(int position) {
            return position == 1 ? "first" : position == 2 ? "second" : position == 3 ? "third" : position + "th";
        }
    }

    /** {@code labctl modules repos list}. */
    @Command(name = "list", aliases = "ls",
            description = {
                "List the Maven repositories, in the order labd asks them.",
                "Shows each one's name, URL, user and whether labd keeps a password for it",
                "(never the password itself)."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules repos list",
                "  labctl modules repos list -o json | jq -r '.[].url'"})
    public static final class Listing implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Listing(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            printer.list(connection.connect().moduleRepositories(), output.format(), "module repositories", (repositories, wide) -> {
                List<List<String>> rows = new ArrayList<>();
                for (ModuleRepository repository : repositories) {
                    rows.add(List.of(Integer.toString(repository.position()), repository.name(), repository.url(),
                            UserText.orNone(repository.username()), repository.hasPassword() ? "sealed" : UserText.NONE,
                            UserText.orNone(repository.addedBy()), Times.age(repository.addedAt(), clock.instant())));
                }
                printer.table(List.of("order", "name", "url", "username", "password", "added-by", "age"), rows);
            });
            return ExitCode.OK;
        }
    }

    /** {@code labctl modules repos remove NAME|URL}. */
    @Command(name = "remove", aliases = "rm",
            description = {
                "Remove a Maven repository, with the password labd kept for it.",
                "The modules added from it stay: labd keeps their files."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules repos remove nexus",
                "  labctl modules repos remove https://nexus.example.org/repository/modules"})
    public static final class Remove implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME|URL", description = "The repository, by name or URL.")
        private String repository;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Remove(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            LabdClient labd = connection.connect();
            String name = repository;
            if (repository.contains("://")) {
                String url = strip(repository);
                name = labd.moduleRepositories().stream().filter(r -> strip(r.url()).equals(url)).map(ModuleRepository::name)
                        .findFirst().orElseThrow(() -> new LabctlException(ExitCode.NOT_FOUND, "no module repository has "
                                + "the URL " + repository + " (labctl modules repos list shows them)"));
            }
            printer.outcome(labd.removeModuleRepository(name), output.format(),
                    removed -> "module repository " + removed.name() + " (" + removed.url() + ") removed");
            return ExitCode.OK;
        }

        private static String strip(String url) {
            String stripped = url;
            while (stripped.endsWith("/")) {
                stripped = stripped.substring(0, stripped.length() - 1);
            }
            return stripped;
        }
    }
}
