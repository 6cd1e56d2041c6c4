package org.labctl.cli.command;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.CreatedToken;
import org.labctl.api.TokenInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.DurationConverter;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code labctl create token}: a join token for lab-agent enrollment, printed alone on stdout. */
@Command(name = "token", aliases = "tokens",
        description = {
            "Create a join token for lab-agent enroll.",
            "Only the token goes to stdout, so that TOKEN=$(labctl create token) works;",
            "a summary goes to stderr. The token is shown this once: labd keeps only a",
            "hash. It admits one agent unless --reusable is given. -o json or -o yaml",
            "prints the token with its details and the fingerprint of labd's CA."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create token                        # one agent, cloud baremetal",
            "  TOKEN=$(labctl create token --env lab --label rack=r1 --ttl 2h)",
            "  labctl create token --reusable --uses 10 --ttl 7d --description 'rack r2'",
            "  labctl create token --mac 52:54:00:12:34:56   # only the agent with this NIC"})
public final class CreateTokenCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Spec
    private CommandSpec spec;

    @Option(names = "--reusable", description = "Admit several agents, not just one.")
    private boolean reusable;

    @Option(names = "--uses", paramLabel = "N", description = "With --reusable, how many agents it admits. Default: no limit.")
    private Integer uses;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the token is valid, such as 2h or 7d. Default: labd's (24h unless configured).")
    private Duration ttl;

    @Option(names = {"--env", "--environment"}, paramLabel = "ENV",
            description = "The environment enrolled servers are placed in.")
    private String environment;

    @Option(names = "--cloud", paramLabel = "CLOUD",
            description = "The cloud enrolled servers are placed in. Default: baremetal.")
    private String cloud;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "A label for enrolled servers, such as rack=r1; repeat it for more.")
    private List<String> labels;

    @Option(names = "--mac", paramLabel = "MAC", description = "Admit only the agent that reports this MAC address.")
    private String mac;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
    private String description;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public CreateTokenCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        CreateTokenRequest request = new CreateTokenRequest(reusable, uses, Lifetime.seconds(ttl, spec), cloud, environment,
                labelMap(), mac, description);
        CreatedToken created = connection.connect().createToken(request);
        if (format.human()) {
            printer.line(created.token());
        } else {
            printer.document(created, format);
        }
        printer.progress(summary(created.info()));
        return ExitCode.OK;
    }

    /** {@code one-time token 9f2c1e0a… for cloud baremetal, expires in 24h; it is shown only this once}. */
    private String summary(TokenInfo token) {
        String uses = "reusable".equals(token.kind()) ? " (" + TokenText.usesLeft(token) + " uses)" : "";
        String scope = TokenText.cloudOnly(token) ? "cloud " + token.cloud() : TokenText.scope(token);
        String expiry = token.expiresAt() == null ? "never expires" : "expires " + Times.relative(token.expiresAt(), clock.instant());
        return token.kind() + " token " + TokenText.shortId(token.id()) + uses + " for " + scope + ", " + expiry
                + "; it is shown only this once";
    }

    private Map<String, String> labelMap() {
        Map<String, String> map = new TreeMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new ParameterException(spec.commandLine(), "--label takes KEY=VALUE, such as rack=r1, not '" + label + "'");
            }
            String key = label.substring(0, equals);
            if (map.put(key, label.substring(equals + 1)) != null) {
                throw new ParameterException(spec.commandLine(), "--label " + key + " is given twice: give each key once");
            }
        }
        return map;
    }
}
