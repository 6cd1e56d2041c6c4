package org.labctl.clusters.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgraded requests of the kubectl proxy ({@code exec}, {@code attach}, {@code port-forward}): labd opens its own
 * TLS connection to the API server, sends the upgrade request with labd's credential, and when the server switches
 * protocols, hands Jetty a connection that copies bytes both ways until either side closes. Whatever the client and
 * the server agreed (WebSocket with {@code v5.channel.k8s.io}, or SPDY/3.1) passes through untouched, so every
 * protocol the API server offers works, and the client's handshake key is answered by the server itself.
 */
final class KubeUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(KubeUpgrade.class);
    /** The longest response head labd reads from an API server. */
    private static final int MAX_HEAD = 64 * 1024;
    /** The longest refusal body passed back to the client. */
    private static final int MAX_REFUSAL = 1 << 20;
    private static final int BUFFER = 64 * 1024;
    /** An interactive session sits idle while its user thinks; the API server ends idle streams itself. */
    static final long IDLE_TIMEOUT_MS = 4 * 3_600_000L;

    private KubeUpgrade() {
    }

    /** A longer idle timeout for one streamed answer, given back when it ends. */
    interface Idle extends AutoCloseable {
        Idle NONE = () -> { };

        @Override
        void close();
    }

    /**
     * Lets the connection of {@code request} sit idle as long as an upgraded stream may, until the returned
     * {@link Idle} is closed: Jetty's idle timeout (60 s) would cut a watch that sees no change for a minute.
     */
    static Idle longIdle(HttpServletRequest request) {
        Request base = Request.getBaseRequest(request);
        if (base == null) {
            return Idle.NONE;
        }
        EndPoint endPoint = base.getHttpChannel().getEndPoint();
        long previous = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(IDLE_TIMEOUT_MS);
        return () -> endPoint.setIdleTimeout(previous);
    }

    /** Called once when an upgraded stream ends, with the bytes the client sent and received. */
    interface Ended {
        void ended(long bytesIn, long bytesOut);
    }

    /**
     * Sends the upgrade request on; on a 101 hands the client's connection over to a byte relay and returns 101, else
     * passes the server's answer on and returns its status.
     *
     * @throws IOException when the API server cannot be reached (nothing was sent to the client)
     */
    static int relay(HttpServletRequest request, HttpServletResponse response, KubeTarget target, String pathAndQuery,
                     Map<String, List<String>> headers, Ended ended) throws IOException {
        Request base = Request.getBaseRequest(request);
        if (base == null || !"HTTP/1.1".equals(request.getProtocol())) {
            return -1;
        }
        URI server = URI.create(target.server());
        int port = server.getPort() > 0 ? server.getPort() : 443;
        Socket plain = new Socket();
        SSLSocket upstream;
        try {
            plain.connect(new InetSocketAddress(server.getHost(), port), (int) KubeTarget.CONNECT_TIMEOUT.toMillis());
            upstream = (SSLSocket) target.client().sslContext().getSocketFactory().createSocket(plain, server.getHost(), port, true);
            SSLParameters parameters = upstream.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            upstream.setSSLParameters(parameters);
            upstream.setSoTimeout((int) KubeTarget.CONNECT_TIMEOUT.toMillis());
            upstream.startHandshake();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        boolean handedOver = false;
        try {
            OutputStream out = upstream.getOutputStream();
            out.write(head(request.getMethod(), pathAndQuery, server.getHost() + ":" + port, headers, target.bearer()));
            out.flush();
            InputStream in = new BufferedInputStream(upstream.getInputStream(), BUFFER);
            Answer answer = Answer.read(in);
            if (answer.status() != 101) {
                response.setStatus(answer.status());
                answer.headers().forEach((name, value) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!lower.equals("connection") && !lower.equals("transfer-encoding") && !lower.equals("content-length")
                            && !lower.equals("upgrade")) {
                        response.addHeader(name, value);
                    }
                });
                byte[] body = answer.body(in);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
                return answer.status();
            }
            upstream.setSoTimeout(0);
            response.setStatus(101);
            answer.headers().forEach(response::addHeader);
            EndPoint client = base.getHttpChannel().getEndPoint();
            client.setIdleTimeout(IDLE_TIMEOUT_MS);
            Splice splice = new Splice(client, base.getHttpChannel().getConnector().getExecutor(), upstream, in, ended);
            request.setAttribute(HttpConnection.UPGRADE_CONNECTION_ATTRIBUTE, splice);
            response.flushBuffer();
            handedOver = true;
            return 101;
        } finally {
            if (!handedOver) {
                upstream.close();
            }
        }
    }

    /** The upgrade request as the API server gets it. */
    private static byte[] head(String method, String pathAndQuery, String host, Map<String, List<String>> headers, String bearer) {
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
        if (bearer != null) {
            head.append("Authorization: ").append(bearer).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The API server's answer to the upgrade request: its status line and headers, read byte by byte. */
    record Answer(int status, List<Map.Entry<String, String>> fields) {

        static Answer read(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int total = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the API server closed the connection before it answered");
                }
                if (++total > MAX_HEAD) {
                    throw new IOException("the API server's answer has a head over " + MAX_HEAD + " bytes");
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    line.reset();
                    if (text.endsWith("\r")) {
                        text = text.substring(0, text.length() - 1);
                    }
                    if (text.isEmpty()) {
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(b);
                }
            }
            String[] statusLine = lines.get(0).split(" ", 3);
            int status;
            try {
                status = statusLine.length >= 2 && statusLine[0].startsWith("HTTP/1.") ? Integer.parseInt(statusLine[1]) : -1;
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100 || status > 599) {
                throw new IOException("the API server's answer is not HTTP/1.1");
            }
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (String field : lines.subList(1, lines.size())) {
                int colon = field.indexOf(':');
                if (colon > 0) {
                    fields.add(Map.entry(field.substring(0, colon).strip(), field.substring(colon + 1).strip()));
                }
            }
            return new Answer(status, fields);
        }

        Map<String, String> headers() {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            fields.forEach(field -> headers.merge(field.getKey(), field.getValue(), (a, b) -> a + ", " + b));
            return headers;
        }

        /** A refusal's body: up to its Content-Length, or what arrives before the server closes, at most 1 MiB. */
        byte[] body(InputStream in) throws IOException {
            try {
                return bodyOf(in);
            } catch (NumberFormatException e) {
                throw new IOException("the API server's answer has a malformed length");
            }
        }

        private byte[] bodyOf(InputStream in) throws IOException {
            if (fields.stream().anyMatch(f -> f.getKey().equalsIgnoreCase("transfer-encoding"))) {
                return chunked(in);
            }
            long length = fields.stream().filter(f -> f.getKey().equalsIgnoreCase("content-length")).findFirst()
                    .map(f -> Long.parseLong(f.getValue().strip())).orElse(-1L);
            return in.readNBytes((int) (length < 0 ? MAX_REFUSAL : Math.min(length, MAX_REFUSAL)));
        }

        private static byte[] chunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (body.size() < MAX_REFUSAL) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (length == 0) {
                    break;
                }
                body.write(in.readNBytes(Math.min(length, MAX_REFUSAL - body.size())));
                line(in);
            }
            return body.toByteArray();
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n' && line.size() < 1024; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }

    /**
     * The client's connection after the switch: what it sends is written to the API server from Jetty's reads, and a
     * thread of its own copies what the server sends back. Either side's end closes both.
     */
    static final class Splice extends AbstractConnection implements Connection.UpgradeTo {

        private final SSLSocket upstream;
        private final InputStream fromServer;
        private final OutputStream toServer;
        private final Ended ended;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final ByteBuffer buffer = BufferUtil.allocate(BUFFER);
        private volatile long bytesIn;
        private volatile long bytesOut;

        Splice(EndPoint endPoint, java.util.concurrent.Executor executor, SSLSocket upstream, InputStream fromServer, Ended ended)
                throws IOException {
            super(endPoint, executor);
            this.upstream = upstream;
            this.fromServer = fromServer;
            this.toServer = upstream.getOutputStream();
            this.ended = ended;
        }

        @Override
        public void onUpgradeTo(ByteBuffer prefilled) {
            if (BufferUtil.hasContent(prefilled)) {
                byte[] early = new byte[prefilled.remaining()];
                prefilled.get(early);
                try {
                    toServer.write(early);
                    toServer.flush();
                    bytesIn += early.length;
                } catch (IOException e) {
                    end(e);
                }
            }
        }

        @Override
        public void onOpen() {
            super.onOpen();
            Thread back = new Thread(this::copyBack, "kube-upgrade-" + upstream.getPort());
            back.setDaemon(true);
            back.start();
            fillInterested();
        }

        @Override
        public void onFillable() {
            try {
                while (true) {
                    BufferUtil.clear(buffer);
                    int read = getEndPoint().fill(buffer);
                    if (read > 0) {
                        toServer.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                        toServer.flush();
                        bytesIn += read;
                    } else if (read == 0) {
                        fillInterested();
                        return;
                    } else {
                        end(null);
                        return;
                    }
                }
            } catch (IOException e) {
                end(e);
            }
        }

        private void copyBack() {
            byte[] chunk = new byte[BUFFER];
            try {
                for (int read = fromServer.read(chunk); read >= 0; read = fromServer.read(chunk)) {
                    // at least what was read, and whatever else is already waiting, in one write
                    int length = read;
                    int more = Math.min(fromServer.available(), chunk.length - length);
                    if (more > 0) {
                        length += fromServer.read(chunk, length, more);
                    }
                    FutureCallback written = new FutureCallback();
                    getEndPoint().write(written, ByteBuffer.wrap(chunk, 0, length));
                    written.get();
                    bytesOut += length;
                }
                end(null);
            } catch (IOException | ExecutionException e) {
                end(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(e);
            }
        }

        @Override
        protected boolean onReadTimeout(Throwable timeout) {
            end(null);
            return true;
        }

        @Override
        public void onClose() {
            super.onClose();
            end(null);
        }

        private void end(Throwable cause) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (cause != null) {
                LOG.debug("an upgraded kubectl stream ended: {}", cause.toString());
            }
            try {
                upstream.close();
            } catch (IOException e) {
                LOG.debug("closing the API server's side: {}", e.toString());
            }
            getEndPoint().close();
            try {
                ended.ended(bytesIn, bytesOut);
            } catch (RuntimeException e) {
                LOG.warn("an upgraded kubectl stream's end was not recorded: {}", e.toString());
            }
        }
    }
}
