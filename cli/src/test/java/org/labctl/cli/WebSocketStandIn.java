package org.labctl.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Stands in for labd's exec stream in unit tests: a plain-HTTP server on 127.0.0.1 that upgrades
 * {@code GET /api/v1/exec/stream} to a WebSocket (RFC 6455, written here because the JDK has a
 * WebSocket client and no server) and answers other GETs with canned JSON. The test plays labd on
 * each {@link Connection}. Frames to labctl can be cut in parts, so that labctl's joining of
 * message parts is exercised.
 */
public final class WebSocketStandIn implements AutoCloseable {

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    private final ServerSocket server;
    private final String scheme;
    private final Thread acceptor;
    private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private volatile int refuseUpgradeWith;

    /** Over plain HTTP. */
    public WebSocketStandIn() throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http");
    }

    private WebSocketStandIn(ServerSocket server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        acceptor = new Thread(this::accept, "websocket-stand-in");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Over HTTPS with {@code tls}, refusing clients without a certificate {@code tls} trusts, as labd does. */
    public static WebSocketStandIn https(SSLContext tls) throws IOException {
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return new WebSocketStandIn(server, "https");
    }

    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort());
    }

    /** A labctl config file pointing at this stand-in. */
    public Path writeConfig(Path directory) throws IOException {
        Path config = directory.resolve("websocket.labctl.yaml");
        Files.writeString(config, "server: " + url() + "\n");
        return config;
    }

    /** Answers {@code GET path} (query aside) with 200 and {@code json}. */
    public WebSocketStandIn answer(String path, String json) {
        answers.put(path, json);
        return this;
    }

    /** Refuses the WebSocket upgrade with this HTTP status and an ErrorBody, as labd does for a request it refuses. */
    public WebSocketStandIn refuseUpgrade(int status) {
        refuseUpgradeWith = status;
        return this;
    }

    /** The request lines of plain requests and upgrades so far, oldest first, such as {@code GET /api/v1/exec/targets?…}. */
    public String nextRequest() throws InterruptedException {
        String request = requests.poll(20, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request came within 20s");
        }
        return request;
    }

    /** The request lines that came so far, without waiting: none when labctl refused its command line first. */
    public List<String> requestsSoFar() {
        return List.copyOf(requests);
    }

    /** The next upgraded connection, waiting for it. */
    public Connection accepted() throws InterruptedException {
        Connection connection = connections.poll(20, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("labctl opened no WebSocket within 20s");
        }
        return connection;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> handle(socket), "websocket-stand-in-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            requests.add(requestLine);
            String target = requestLine.split(" ")[1];
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                if (refuseUpgradeWith != 0) {
                    respond(out, refuseUpgradeWith, "{\"status\":" + refuseUpgradeWith + ",\"error\":\"refused\","
                            + "\"message\":\"refused by the stand-in\"}");
                    socket.close();
                    return;
                }
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((headers.get("sec-websocket-key") + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                connections.add(new Connection(socket, in, out, path, headers));
                return;
            }
            String json = answers.get(path);
            respond(out, json == null ? 404 : 200, json == null
                    ? "{\"status\":404,\"error\":\"not_found\",\"message\":\"no such path\"}" : json);
            socket.close();
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the test sees the connection fail
            }
        }
    }

    private static void respond(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Stand-in\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the request ended early");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection connection : connections) {
            connection.drop();
        }
    }

    /** One message from labctl: text or binary, or the close labctl sent. */
    public record Message(boolean text, byte[] payload, boolean close) {

        public String asText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** One upgraded connection, on which the test plays labd. */
    public static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String path;
        private final Map<String, String> headers;

        Connection(Socket socket, InputStream in, OutputStream out, String path, Map<String, String> headers) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.path = path;
            this.headers = headers;
        }

        public String path() {
            return path;
        }

        /** A header of the upgrade request, by its name in any case. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The next message labctl sends, its parts joined; pings are answered. */
        public Message receive() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int type = -1;
            while (true) {
                int first = in.read();
                if (first < 0) {
                    throw new EOFException("labctl closed the connection");
                }
                boolean last = (first & 0x80) != 0;
                int opcode = first & 0x0f;
                byte[] payload = payload(in);
                if (opcode == PING) {
                    frame(PONG, payload, true);
                    continue;
                }
                if (opcode == CLOSE) {
                    return new Message(false, payload, true);
                }
                if (opcode != 0) {
                    type = opcode;
                }
                message.write(payload);
                if (last) {
                    return new Message(type == TEXT, message.toByteArray(), false);
                }
            }
        }

        /** Sends a text message, in two frames when {@code inParts}. */
        public void sendText(String text, boolean inParts) throws IOException {
            send(TEXT, text.getBytes(StandardCharsets.UTF_8), inParts);
        }

        /** Sends a binary message, in two frames when {@code inParts}. */
        public void sendBinary(byte[] bytes, boolean inParts) throws IOException {
            send(BINARY, bytes, inParts);
        }

        /** Closes the WebSocket as labd would, with a close frame. */
        public void close() throws IOException {
            frame(CLOSE, new byte[] {0x03, (byte) 0xe8}, true);
            socket.close();
        }

        /** Drops the TCP connection without a word. */
        public void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }

        private void send(int opcode, byte[] bytes, boolean inParts) throws IOException {
            if (!inParts || bytes.length < 2) {
                frame(opcode, bytes, true);
                return;
            }
            int half = bytes.length / 2;
            frame(opcode, Arrays.copyOfRange(bytes, 0, half), false);
            frame(0, Arrays.copyOfRange(bytes, half, bytes.length), true);
        }

        private synchronized void frame(int opcode, byte[] payload, boolean last) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((last ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >>> shift));
                }
            }
            frame.write(payload);
            try {
                out.write(frame.toByteArray());
                out.flush();
            } catch (SocketException closed) {
                throw new EOFException("labctl closed the connection");
            }
        }

        private static byte[] payload(InputStream in) throws IOException {
            int second = read(in);
            boolean masked = (second & 0x80) != 0;
            long length = second & 0x7f;
            if (length == 126) {
                length = (read(in) << 8) | read(in);
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | read(in);
                }
            }
            byte[] mask = masked ? in.readNBytes(4) : new byte[4];
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                throw new EOFException("labctl closed the connection within a frame");
            }
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            return payload;
        }

        private static int read(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("labctl closed the connection within a frame");
            }
            return b;
        }
    }
}
