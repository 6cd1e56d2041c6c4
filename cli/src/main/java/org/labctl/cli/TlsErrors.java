package org.labctl.cli;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Maps failed TLS handshakes to the messages and exit codes of DESIGN.md §3, as {@link LabdErrors}
 * does for labd's error answers. Who refused whom decides the exit code: labctl refusing labd's
 * certificate means the labd it reached is not the configured one (5, cannot reach labd); labd
 * refusing labctl's certificate is a matter of credentials (3, permission denied).
 */
final class TlsErrors {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private TlsErrors() {
    }

    /**
     * The error {@code failure} of one request stands for, or null when it is not a TLS failure
     * this class knows (labctl then reports labd as unreachable, with the JDK's reason).
     *
     * @param answered whether labd's status line had arrived when the request failed
     */
    static LabctlException of(IOException failure, boolean answered, ClientConfig config, ServerTrust serverTrust) {
        ServerTrust.Refusal refusal = serverTrust.refusal();
        if (refusal != null) {
            return new LabctlException(ExitCode.UNREACHABLE, serverRefused(refusal, serverTrust.refusedCertificate(),
                    config), failure);
        }
        if (serverTrust.accepted() && !answered && refusedUs(failure)) {
            return new LabctlException(ExitCode.PERMISSION_DENIED, "labd at " + config.server()
                    + " refused this client certificate (revoked, expired or from another CA): "
                    + "ask an admin for a new config", failure);
        }
        return null;
    }

    /**
     * In TLS 1.2 and 1.3 alike labctl checks labd's certificate before labd sees labctl's, so a
     * connection that breaks after labctl accepted labd's and before any answer is labd refusing
     * labctl's certificate: with an alert (bad_certificate, unknown_ca, certificate_revoked...),
     * which the JDK reports as an SSLHandshakeException, or as a plain SSLException once labctl's
     * side of a TLS 1.3 handshake is over; or by just closing, as the JDK's own server does, which
     * labctl sees as an end of stream, or as a reset when its request was still unread.
     */
    private static boolean refusedUs(IOException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof EOFException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }

    private static String serverRefused(ServerTrust.Refusal refusal, X509Certificate certificate, ClientConfig config) {
        String labd = "labd at " + config.server() + " presented a certificate ";
        return switch (refusal) {
            case UNTRUSTED -> labd + "that the CA in " + config.source()
                    + " does not trust (wrong server, or a config from another labd)";
            case WRONG_HOST -> labd + "for " + String.join(", ", names(certificate)) + ", not for "
                    + config.server().getHost() + ": use one of those names in 'server' of " + config.source();
            case EXPIRED -> labd + "valid from " + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant() + ", and it is " + Instant.now()
                    + " here: check this machine's clock, or ask an admin to renew labd's certificate";
        };
    }

    /** The DNS names and IP addresses the certificate is for, else its subject. */
    private static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            for (List<?> name : alternatives == null ? List.<List<?>>of() : alternatives) {
                Object type = name.get(0);
                if (type instanceof Integer kind && (kind == DNS_NAME || kind == IP_ADDRESS)) {
                    names.add(String.valueOf(name.get(1)));
                }
            }
        } catch (CertificateParsingException unreadable) {
            // fall back to the subject, which still tells the user what labd claims to be
        }
        if (names.isEmpty()) {
            names.add(certificate.getSubjectX500Principal().getName());
        }
        return names;
    }
}
