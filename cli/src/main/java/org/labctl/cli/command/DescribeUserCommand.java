package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.CertificateInfo;
import org.labctl.api.UserInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl describe user/NAME}: one user with all its certificates. */
@Command(name = "user", aliases = "users",
        description = {
            "Show a user and its certificates.",
            "Shows the description, who created the user and when, and each",
            "certificate's serial, end of validity and revocation. -o json or -o yaml",
            "prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe user/dave",
            "  labctl describe user dave -o json | jq '.certificates | length'"})
public final class DescribeUserCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", description = "The user.")
    private String name;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeUserCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        UserInfo user = connection.connect().user(name);
        if (!format.human()) {
            printer.document(user, format);
            return ExitCode.OK;
        }
        Instant now = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", user.name());
        fields.put("Description", UserText.orNone(user.description()));
        fields.put("Created by", UserText.orNone(user.createdBy()));
        fields.put("Created", user.createdAt() == null ? Times.UNKNOWN
                : user.createdAt() + " (" + Times.relative(user.createdAt(), now) + ")");
        printer.fields(fields);
        printer.blankLine();
        List<CertificateInfo> certificates = UserText.certificates(user);
        if (certificates.isEmpty()) {
            printer.line("Certificates: " + UserText.NONE);
            return ExitCode.OK;
        }
        printer.line("Certificates:");
        printer.table(List.of("serial", "expires", "revoked"), certificates.stream()
                .map(certificate -> List.of(certificate.serial(), expires(certificate, now),
                        certificate.revokedAt() == null ? "-" : certificate.revokedAt()))
                .toList());
        return ExitCode.OK;
    }

    private static String expires(CertificateInfo certificate, Instant now) {
        return certificate.notAfter() == null ? Times.UNKNOWN
                : certificate.notAfter() + " (" + Times.relative(certificate.notAfter(), now) + ")";
    }
}
