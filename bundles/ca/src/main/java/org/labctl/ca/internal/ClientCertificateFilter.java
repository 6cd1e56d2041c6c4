package org.labctl.ca.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.ErrorBody;
import org.labctl.api.Failure;
import org.labctl.ca.CertificateAuthority;
import org.labctl.core.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request to labd needs a client certificate from labd's CA, except enrollment (which
 * carries a join token). The TLS handshake has already checked the chain against the CA; this filter
 * refuses requests without a certificate, with a revoked one (revocations reach every instance
 * within seconds, including connections opened before), or with one that names no labctl identity,
 * and hands the caller on to the resources.
 */
@Component(service = Filter.class, property = "osgi.http.whiteboard.filter.name=labd-client-certificate")
@HttpWhiteboardFilterPattern("/*")
public class ClientCertificateFilter implements Filter {

    static final String ENROLL_PATH = "/api/v1/enroll";
    static final String AGENT_SOCKET = "/agent";
    static final String AGENT_API = "/api/v1/agent/";
    /** The only path a labd instance's peer certificate opens: exec relayed from another instance. */
    static final String PEER_PATH = "/api/v1/exec/stream";
    private static final String CERTIFICATES = "javax.servlet.request.X509Certificate";
    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificateFilter.class);

    private final CertificateAuthority ca;
    private final AuditLog audit;

    @Activate
    public ClientCertificateFilter(@Reference CertificateAuthority ca, @Reference AuditLog audit) {
        this.ca = ca;
        this.audit = audit;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (!request.isSecure()) {
            refuse(request, response, null, "labd only answers HTTPS with a client certificate");
            return;
        }
        if (ENROLL_PATH.equals(request.getRequestURI())) {
            chain.doFilter(req, res);
            return;
        }
        X509Certificate[] certificates = (X509Certificate[]) request.getAttribute(CERTIFICATES);
        if (certificates == null || certificates.length == 0) {
            refuse(request, response, null, "labd requires a client certificate issued by its CA: use a labctl config from labd "
                    + "(./lab up prints the LABCTL_CONFIG line; admins create users with 'labctl create user')");
            return;
        }
        X509Certificate certificate = certificates[0];
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            refuse(request, response, certificate, "the client certificate is not valid now (expired or not yet valid): ask an admin for a new config");
            return;
        }
        if (ca.isRevoked(certificate.getSerialNumber())) {
            LOG.info("Refused revoked certificate {} ({})", certificate.getSerialNumber().toString(16),
                    certificate.getSubjectX500Principal().getName());
            refuse(request, response, certificate, "the client certificate has been revoked: ask an admin for a new config");
            return;
        }
        Optional<Caller> caller = caller(certificate);
        if (caller.isEmpty()) {
            refuse(request, response, certificate, "the client certificate names no labctl user or server");
            return;
        }
        if (caller.get().kind() == Caller.Kind.AGENT && !agentPath(request.getRequestURI())) {
            forbid(request, response, certificate, "an agent certificate only opens the agent socket (/agent) and the agent API; people use labctl with a user config");
            return;
        }
        if (caller.get().kind() == Caller.Kind.LABD && !PEER_PATH.equals(request.getRequestURI())) {
            forbid(request, response, certificate, "a labd peer certificate only relays exec sessions (" + PEER_PATH + ")");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(req, res);
    }

    /** The identity a certificate of labd's CA carries in its SAN URI. */
    static Optional<Caller> caller(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return Optional.empty();
            }
            String serial = certificate.getSerialNumber().toString(16);
            for (List<?> san : sans) {
                if (!Integer.valueOf(6).equals(san.get(0))) {
                    continue;
                }
                String uri = String.valueOf(san.get(1));
                if (uri.startsWith("labctl://user/") && uri.length() > "labctl://user/".length()) {
                    return Optional.of(new Caller(Caller.Kind.USER, uri.substring("labctl://user/".length()), serial));
                }
                if (uri.startsWith("labctl://server/") && uri.length() > "labctl://server/".length()) {
                    return Optional.of(new Caller(Caller.Kind.AGENT, uri.substring("labctl://server/".length()), serial));
                }
                if (uri.startsWith(PeerIdentityService.URI_PREFIX) && uri.length() > PeerIdentityService.URI_PREFIX.length()) {
                    return Optional.of(new Caller(Caller.Kind.LABD, uri.substring(PeerIdentityService.URI_PREFIX.length()), serial));
                }
            }
        } catch (CertificateParsingException e) {
            LOG.debug("unreadable SANs: {}", e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * A registered standalone bastion's calls: /api/v1/bastions/ENV/tokens, /assignments and
     * /tokens/MAC (its colons as they are or percent-encoded).
     */
    private static final java.util.regex.Pattern BASTION_API = java.util.regex.Pattern.compile(
            "/api/v1/bastions/[a-z0-9-]{1,63}/(tokens|assignments|tokens/[0-9A-Fa-f]{2}((:|%3[Aa]|-)[0-9A-Fa-f]{2}){5})");

    /**
     * What an agent certificate may reach: its socket, the agent API (renewal), and the calls of a
     * standalone bastion registered with labd (which checks that the agent's server is a bastion).
     */
    static boolean agentPath(String path) {
        return AGENT_SOCKET.equals(path) || path.startsWith(AGENT_API) || BASTION_API.matcher(path).matches();
    }

    private void forbid(HttpServletRequest request, HttpServletResponse response, X509Certificate certificate, String message)
            throws IOException {
        answer(request, response, certificate, Failure.PERMISSION_DENIED, message);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, X509Certificate certificate, String message)
            throws IOException {
        answer(request, response, certificate, Failure.UNAUTHENTICATED, message);
    }

    /** Refuses the request, and records the refusal in the audit log first (denials included). */
    private void answer(HttpServletRequest request, HttpServletResponse response, X509Certificate certificate, Failure failure,
                        String message) throws IOException {
        String who = certificate == null ? null : caller(certificate)
                .map(c -> switch (c.kind()) {
                    case AGENT -> "agent:" + c.name();
                    case LABD -> "labd:" + c.name();
                    case USER -> c.name();
                })
                .orElse("certificate:" + certificate.getSerialNumber().toString(16));
        try {
            audit.record(new AuditRecord(null, null, who, null, null, request.getMethod(), request.getRequestURI(), null, null,
                    "denied", failure.status(), 0, request.getRemoteAddr(), "{\"reason\":\"" + failure.code() + "\"}"));
        } catch (RuntimeException e) {
            LOG.warn("Cannot audit the refusal of {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), e.toString());
        }
        response.setStatus(failure.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(new ErrorBody(failure.status(), failure.code(), message).toJson());
    }
}
