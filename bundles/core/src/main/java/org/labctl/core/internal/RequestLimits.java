package org.labctl.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;
import org.labctl.api.ErrorBody;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The first filter every request to labd passes, before anything reads its body or looks it up:
 * a body larger than the caller may send is refused with 413 before it is read (by its declared
 * length, and by counting what is read, for chunked bodies), and requests without a client
 * certificate, which only enrollment answers with more than a 401, are held to a small body and a
 * few at a time (more get 503 at once, never a queue). Their connections close after the answer,
 * so that Jetty does not read on what labd did not take.
 */
@Component(name = "org.labctl.core.limits", service = Filter.class, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"osgi.http.whiteboard.filter.name=labd-request-limits", "service.ranking:Integer=1000"})
@HttpWhiteboardFilterPattern("/*")
@Designate(ocd = LimitsConfiguration.class)
public class RequestLimits implements Filter {

    private static final String CERTIFICATES = "javax.servlet.request.X509Certificate";

    private final long bodyMax;
    private final long uploadMax;
    private final long unauthenticatedBodyMax;
    private final Semaphore unauthenticated;

    @Activate
    public RequestLimits(LimitsConfiguration config) {
        if (config.body_max_bytes() < 1024) {
            throw new IllegalArgumentException("body.max.bytes must be at least 1024, got " + config.body_max_bytes());
        }
        if (config.unauthenticated_body_max_bytes() < 1024 || config.unauthenticated_body_max_bytes() > config.body_max_bytes()) {
            throw new IllegalArgumentException("unauthenticated.body.max.bytes must be between 1024 and body.max.bytes ("
                    + config.body_max_bytes() + "), got " + config.unauthenticated_body_max_bytes());
        }
        if (config.unauthenticated_concurrent() < 1) {
            throw new IllegalArgumentException("unauthenticated.concurrent must be at least 1, got " + config.unauthenticated_concurrent());
        }
        if (config.upload_max_bytes() < config.body_max_bytes()) {
            throw new IllegalArgumentException("upload.max.bytes must be at least body.max.bytes (" + config.body_max_bytes()
                    + "), got " + config.upload_max_bytes());
        }
        this.bodyMax = config.body_max_bytes();
        this.uploadMax = config.upload_max_bytes();
        this.unauthenticatedBodyMax = config.unauthenticated_body_max_bytes();
        this.unauthenticated = new Semaphore(config.unauthenticated_concurrent());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Object certificates = request.getAttribute(CERTIFICATES);
        boolean anonymous = !(certificates instanceof Object[] presented && presented.length > 0);
        if (!anonymous) {
            // an archive may be larger, up to what its endpoint declares (@BodyLimit): the JAX-RS filter holds
            // every other endpoint to body.max.bytes
            admit(request, response, chain, isUpload(request) ? uploadMax : bodyMax, bodyMax);
            return;
        }
        // what labd does not read of an anonymous body, nobody reads: the connection ends with the answer
        response.setHeader("Connection", "close");
        if (!unauthenticated.tryAcquire()) {
            response.setHeader("Retry-After", "1");
            answer(response, 503, "unavailable",
                    "labd is busy with other requests without a client certificate: try again in a moment");
            return;
        }
        try {
            admit(request, response, chain, unauthenticatedBodyMax, unauthenticatedBodyMax);
        } finally {
            unauthenticated.release();
        }
    }

    /** Whether the request says it brings an archive (only those get past body.max.bytes, when their endpoint takes them). */
    static boolean isUpload(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/zip") || media.equals("application/octet-stream");
    }

    /**
     * @param limit    the most the request may bring at all
     * @param standard the most an endpoint that declares no {@link org.labctl.core.BodyLimit} takes
     */
    private static void admit(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long limit,
                              long standard) throws IOException, ServletException {
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            answer(response, 413, "payload_too_large", BodyTooLarge.message(limit));
            return;
        }
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response); // no body (WebSocket upgrades among them): nothing to count
            return;
        }
        BodyBudget budget = new BodyBudget(limit, standard);
        request.setAttribute(BodyBudget.ATTRIBUTE, budget);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream body;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (body == null) {
                    body = budget.wrap(super.getInputStream());
                }
                return body;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                Charset charset = StandardCharsets.UTF_8;
                try {
                    if (getCharacterEncoding() != null) {
                        charset = Charset.forName(getCharacterEncoding());
                    }
                } catch (IllegalArgumentException unknown) {
                    throw new UnsupportedEncodingException("unknown charset " + getCharacterEncoding());
                }
                return new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
        }, response);
    }

    static void answer(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(new ErrorBody(status, code, message).toJson());
    }
}
