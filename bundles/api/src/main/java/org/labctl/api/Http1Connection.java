package org.labctl.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection to labd on a blocking socket ({@link #open}), for a WebSocket: a few GET
 * requests kept alive, then the upgrade (RFC 6455 §4), after which the caller reads and writes
 * {@link WebSocketFrames} on the {@link Upgraded} streams ({@link BlockingWebSocket}). labctl's exec
 * stream, the agent's socket and labd's links to other instances use it: a blocking socket decrypts
 * in the thread that reads, where the JDK's WebSocket client hands every TLS record between threads
 * (bench/exec). A fan-out asks labd for its targets and then runs them over the same connection:
 * one TLS handshake.
 */
public final class Http1Connection implements AutoCloseable {

    /** How much of a refusal's body labctl reads to show labd's message. */
    static final int MAX_REFUSAL_BODY = 64 * 1024;
    /** The largest answer to a GET labctl reads. */
    static final int MAX_BODY = 64 << 20;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    /** labd's answer to a GET. */
    public record Response(int status, byte[] body) {
    }

    /** labd answered the upgrade with another status than 101. */
    public static final class Refused extends IOException {

        private final int status;
        private final transient byte[] body;

        Refused(int status, byte[] body) {
            super("labd refused the WebSocket upgrade with HTTP " + status);
            this.status = status;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public byte[] body() {
            return body;
        }
    }

    /** The TCP connection itself failed: nothing answered, or not within the connect timeout (the cause). */
    public static final class Unreachable extends IOException {

        Unreachable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final Socket socket;
    private final String authority;
    private final Map<String, String> headers;
    private final DataInputStream in;
    private final OutputStream out;
    private boolean reusable = true;

    /**
     * @param socket    connected (and TLS-wrapped); its read timeout bounds each answer
     * @param authority the {@code Host} header: host, and port unless the scheme's default
     * @param headers   sent with every request
     */
    private Http1Connection(Socket socket, String authority, Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.authority = authority;
        this.headers = Map.copyOf(headers);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /**
     * Connects to {@code server}'s host and port, in TLS when {@code tls} is given: the server's
     * certificate is then checked by {@code tls}'s trust and its host name against the URL (the
     * handshake itself happens with the first request).
     *
     * @param server         an {@code https}, {@code wss}, {@code http} or {@code ws} URL; its path is not used
     * @param parameters     the TLS parameters, or null for {@code tls}'s defaults
     * @param connectTimeout bounds the TCP connection
     * @param readTimeout    bounds each answer until the upgrade ({@link Duration#ZERO}: no bound)
     * @param headers        sent with every request
     * @throws Unreachable when the TCP connection fails
     */
    public static Http1Connection open(URI server, SSLContext tls, SSLParameters parameters, Duration connectTimeout,
            Duration readTimeout, Map<String, String> headers) throws IOException {
        boolean secure = "https".equalsIgnoreCase(server.getScheme()) || "wss".equalsIgnoreCase(server.getScheme());
        String host = server.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = server.getPort() != -1 ? server.getPort() : secure ? 443 : 80;
        String authority = server.getPort() != -1 ? host + ":" + port : host;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bareHost, port), (int) connectTimeout.toMillis());
        } catch (IOException e) {
            close(socket);
            throw new Unreachable(e);
        }
        try {
            if (tls != null) {
                SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, bareHost, port, true);
                SSLParameters checked = parameters != null ? parameters : secured.getSSLParameters();
                checked.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(checked);
                socket = secured;
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new Http1Connection(socket, authority, headers);
        } catch (IOException | RuntimeException e) {
            close(socket);
            throw e;
        }
    }

    /** Whether another request may go on this connection (labd did not close it). */
    public boolean reusable() {
        return reusable && !socket.isClosed();
    }

    /** GET {@code path}: labd's status and body, whatever the status. */
    public Response get(String path) throws IOException {
        request("GET " + path + " HTTP/1.1\r\nAccept: application/json\r\n");
        int status = status();
        Map<String, String> answer = headers(in);
        if ("close".equalsIgnoreCase(answer.get("connection"))) {
            reusable = false;
        }
        byte[] body = body(in, answer, MAX_BODY, !reusable);
        return new Response(status, body);
    }

    /** A connection labd upgraded to a WebSocket: its streams, and the randomness its masks come from. */
    public record Upgraded(Socket socket, DataInputStream in, OutputStream out, SecureRandom random) {
    }

    /**
     * Asks labd to upgrade {@code path} to a WebSocket; the connection then belongs to the caller,
     * with no read timeout left.
     *
     * @throws Refused     when labd answers with another status (its body is labd's error)
     * @throws IOException when the connection, TLS or the upgrade fails
     */
    public Upgraded upgrade(String path) throws IOException {
        SecureRandom random = new SecureRandom();
        String key = WebSocketFrames.key(random);
        request("GET " + path + " HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n");
        int status = status();
        Map<String, String> answer = headers(in);
        if (status != 101) {
            reusable = false;
            throw new Refused(status, body(in, answer, MAX_REFUSAL_BODY, true));
        }
        if (!"websocket".equalsIgnoreCase(answer.get("upgrade"))
                || !WebSocketFrames.accept(key).equals(answer.get("sec-websocket-accept"))) {
            throw new IOException("labd's answer to the WebSocket upgrade is not a valid one (RFC 6455 §4.1)");
        }
        reusable = false;
        socket.setSoTimeout(0);
        return new Upgraded(socket, in, out, random);
    }

    @Override
    public void close() {
        reusable = false;
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing more to tell labd
        }
    }

    private void request(String head) throws IOException {
        if (!reusable()) {
            throw new IOException("labd closed the connection");
        }
        StringBuilder request = new StringBuilder(head).append("Host: ").append(authority).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private int status() throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("labd answered with '" + statusLine + "', which is not HTTP/1.1");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("labd answered with '" + statusLine + "'", e);
        }
    }

    /** One header line without its CRLF, in ISO-8859-1 as HTTP/1.1 has it. */
    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("labd closed the connection before it answered");
            }
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("labd's answer has a header line over " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) next);
        }
    }

    /** The headers up to the empty line, by lower-case name (a repeated header keeps its last value). */
    private static Map<String, String> headers(DataInputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; count <= MAX_HEADERS; count++) {
            String line = line(in);
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        throw new IOException("labd's answer has more than " + MAX_HEADERS + " headers");
    }

    /**
     * A body by Content-Length or chunks, or, when {@code toEnd}, up to the end of the connection;
     * at most {@code max} bytes of it are kept (a longer one ends the connection's reuse).
     */
    private byte[] body(DataInputStream in, Map<String, String> headers, int max, boolean toEnd) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                long chunk;
                try {
                    chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("labd sent a malformed chunk size '" + size + "'", e);
                }
                if (chunk == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers: none that labctl reads
                    }
                    break;
                }
                if (!copy(in, body, chunk, max)) {
                    reusable = false;
                    break;
                }
                line(in);
            }
        } else if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("labd sent a malformed Content-Length '" + length + "'", e);
            }
            if (!copy(in, body, bytes, max)) {
                reusable = false;
            }
        } else if (toEnd) {
            copy(in, body, max, max);
            reusable = false;
        }
        return body.toByteArray();
    }

    /** Copies {@code bytes}, keeping up to {@code max} in all; false when it stopped short (the rest is unread). */
    private static boolean copy(InputStream in, ByteArrayOutputStream to, long bytes, int max) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = bytes;
        while (left > 0) {
            if (to.size() >= max) {
                return false;
            }
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, max - to.size())));
            if (read < 0) {
                return false;
            }
            to.write(buffer, 0, read);
            left -= read;
        }
        return true;
    }
}
