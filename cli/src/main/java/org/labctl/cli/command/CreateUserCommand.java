package org.labctl.cli.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.labctl.api.CreateUserRequest;
import org.labctl.api.CreatedUser;
import org.labctl.cli.ClientConfig;
import org.labctl.cli.ClientConfigLoader;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.DurationConverter;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.NewUserKeys;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.UserConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labctl create user NAME}: makes the user's key pair here, has labd certify it, and writes
 * the user's labctl config. The private key exists only in that file (DESIGN.md §4).
 */
@Command(name = "user", aliases = "users",
        description = {
            "Create a user and write its labctl config.",
            "The key pair is made here: only a certificate signing request goes to labd,",
            "and the private key goes into FILE alone, created 0600. Hand FILE to the",
            "user privately. Prints one line by default; -o json or -o yaml prints the",
            "new user as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create user dave --description 'on-call SRE'   # ./dave.labctl.yaml",
            "  labctl create user ci --ttl 30d --out ~/ci.labctl.yaml --force",
            "  LABCTL_CONFIG=./dave.labctl.yaml labctl version      # labd answers as dave"})
public final class CreateUserCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The user name: lower-case letters, digits, '.', '_' and '-', "
            + "starting with a letter, at most 63 characters.")
    private String name;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the user's certificate is valid, such as 30d. Default: labd's (90d unless configured).")
    private Duration ttl;

    @Option(names = "--out", paramLabel = "FILE", description = "Config file to write; default ./NAME.labctl.yaml")
    private Path out;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    private boolean force;

    @Option(names = "--description", paramLabel = "TEXT", description = "Who the user is, for people reading the list.")
    private String description;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public CreateUserCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        long ttlSeconds = Lifetime.seconds(ttl, spec);
        ClientConfig config = connection.config();
        LabdClient labd = connection.connect(config);
        Path file = out != null ? out : Path.of(name + ".labctl.yaml");
        CreatedUser created;
        try (UserConfigFile target = UserConfigFile.create(file, force)) {
            NewUserKeys keys = NewUserKeys.generate(name);
            created = labd.createUser(new CreateUserRequest(name, keys.csr(), ttlSeconds, description));
            try {
                if (!keys.certifiedBy(created.certificate())) {
                    throw new LabctlException(ExitCode.ERROR, "labd's answer holds no certificate for the key labctl sent");
                }
                if (created.ca() == null) {
                    throw new LabctlException(ExitCode.ERROR, "labd's answer holds no CA certificate");
                }
                target.commit(UserConfigFile.yaml(config.server(), name, created.ca(), created.certificate(),
                        keys.privateKeyPem(), file));
            } catch (LabctlException e) {
                throw new LabctlException(e.exitCode(), "user " + name + " was created, but its config was not written: "
                        + e.getMessage() + ". Without it the new key is lost: labctl delete user/" + name
                        + ", then create the user again", e);
            }
        }
        if (format.human()) {
            printer.line("user " + name + " created; config written to " + file + " (0600)");
        } else {
            printer.document(created.user(), format);
        }
        printer.progress("export " + ClientConfigLoader.CONFIG_ENV + "=" + shellWord(file.toAbsolutePath().normalize().toString())
                + "    # " + name + "'s config: it holds their private key, hand it over privately");
        return ExitCode.OK;
    }

    /** The path as one shell word, quoted only when it needs to be. */
    private static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
