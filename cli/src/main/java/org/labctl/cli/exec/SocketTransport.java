package org.labctl.cli.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ExecTransport} as a WebSocket client (RFC 6455) on a blocking socket, which
 * {@link org.labctl.cli.LabdClient#openExec} has connected (and wrapped in TLS). One thread reads
 * labd's messages and hands each to the receiver; one thread writes labctl's frames in the order
 * they were queued; nothing else runs.
 *
 * <p>Why not the JDK's {@link java.net.http.WebSocket}: labctl used it until bench/exec showed that
 * its non-blocking TLS reader copies and hands each record between threads, so that labctl spent 6
 * seconds of CPU to receive 1 GiB, more than labd and the agent together. A blocking
 * {@link javax.net.ssl.SSLSocket} decrypts in the thread that reads; this transport costs a fraction
 * of that (README, "Benchmarks").
 *
 * <p>labd's messages are read only as fast as the receiver asks for them ({@link #request}),
 * {@link #INITIAL_DEMAND} ahead: a slow reader of labctl's output stops this transport reading, and
 * TCP then slows labd down, instead of labctl's memory filling up. A ping goes out every
 * {@link #PING_INTERVAL}, which keeps a quiet connection open through firewalls and finds out when
 * it is gone.
 */
public final class SocketTransport implements ExecTransport {

    /** Messages labd may send before the receiver asks for more. */
    public static final int INITIAL_DEMAND = 8;
    /** How long {@link #close()} waits for queued frames, such as a last {@code abort}, to leave. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** How often labctl pings labd. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    /** The largest message labctl takes from labd; labd's data frames are at most 32 KiB and a header. */
    static final int MAX_MESSAGE = 4 << 20;
    /** How much of a refusal's body labctl reads to show labd's message. */
    private static final int MAX_REFUSAL_BODY = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    private static final byte[] NO_BYTES = new byte[0];
    /** Tells the writer to stop after what is queued before it. */
    private static final Outbound END = new Outbound(-1, NO_BYTES);

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

    private record Outbound(int opcode, byte[] payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Receiver receiver;
    private final SecureRandom random;
    private final BlockingQueue<Outbound> outbound = new LinkedBlockingQueue<>();
    private final Semaphore demand = new Semaphore(INITIAL_DEMAND);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "labctl-exec-ping");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread reader;
    private final Thread writer;

    private SocketTransport(Socket socket, DataInputStream in, OutputStream out, Receiver receiver, SecureRandom random) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.receiver = receiver;
        this.random = random;
        this.reader = new Thread(this::read, "labctl-exec-read");
        this.writer = new Thread(this::write, "labctl-exec-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /**
     * Asks labd to upgrade {@code path} to a WebSocket on the connected {@code socket} and, when it
     * does, starts reading and writing. The socket's read timeout bounds the wait for the answer;
     * the caller sets it, and this leaves none once open.
     *
     * @param authority the {@code Host} header: host, and port unless the scheme's default
     * @param headers   more request headers
     * @throws Refused     when labd answers with another status (its body is labd's error)
     * @throws IOException when the connection, TLS or the upgrade fails
     */
    public static SocketTransport open(Socket socket, String authority, String path, Map<String, String> headers,
            Receiver receiver) throws IOException {
        SecureRandom random = new SecureRandom();
        String key = WebSocketFrames.key(random);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("labd answered the WebSocket upgrade with '" + statusLine + "', which is not HTTP/1.1");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("labd answered the WebSocket upgrade with '" + statusLine + "'", e);
        }
        Map<String, String> answer = headers(in);
        if (status != 101) {
            throw new Refused(status, body(in, answer));
        }
        if (!"websocket".equalsIgnoreCase(answer.get("upgrade"))
                || !WebSocketFrames.accept(key).equals(answer.get("sec-websocket-accept"))) {
            throw new IOException("labd's answer to the WebSocket upgrade is not a valid one (RFC 6455 §4.1)");
        }
        socket.setSoTimeout(0);
        SocketTransport transport = new SocketTransport(socket, in, out, receiver, random);
        transport.reader.start();
        transport.writer.start();
        long every = PING_INTERVAL.toMillis();
        transport.pinger.scheduleWithFixedDelay(transport::ping, every, every, TimeUnit.MILLISECONDS);
        return transport;
    }

    @Override
    public void sendText(String json) {
        enqueue(WebSocketFrames.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        enqueue(WebSocketFrames.BINARY, bytes);
    }

    @Override
    public void request(long messages) {
        demand.release((int) Math.min(messages, Integer.MAX_VALUE / 2));
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        pinger.shutdownNow();
        // a normal closure (1000), then nothing more
        outbound.add(new Outbound(WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}));
        outbound.add(END);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSocket();
            // a reader waiting for demand goes on, finds the socket closed and ends
            demand.release(Integer.MAX_VALUE / 2);
        }
    }

    private void ping() {
        if (broken.get() || closing.get()) {
            pinger.shutdown();
            return;
        }
        enqueue(WebSocketFrames.PING, NO_BYTES);
    }

    private void enqueue(int opcode, byte[] payload) {
        if (!closing.get()) {
            outbound.add(new Outbound(opcode, payload));
        }
    }

    private void read() {
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        int messageType = -1;
        try {
            demand.acquire();
            while (true) {
                WebSocketFrames.Frame frame = WebSocketFrames.read(in, MAX_MESSAGE);
                if (frame.control()) {
                    if (!control(frame)) {
                        return;
                    }
                    continue;
                }
                if (frame.opcode() != WebSocketFrames.CONTINUATION) {
                    if (messageType != -1) {
                        throw new IOException("labd started a WebSocket message within another");
                    }
                    messageType = frame.opcode();
                } else if (messageType == -1) {
                    throw new IOException("labd sent a WebSocket continuation without a message");
                }
                byte[] message;
                if (frame.fin() && parts.size() == 0) {
                    message = frame.payload();
                } else {
                    if (parts.size() + frame.payload().length > MAX_MESSAGE) {
                        throw new IOException("labd sent a WebSocket message of more than " + MAX_MESSAGE + " bytes");
                    }
                    parts.write(frame.payload());
                    if (!frame.fin()) {
                        continue;
                    }
                    message = parts.toByteArray();
                    parts.reset();
                }
                int type = messageType;
                messageType = -1;
                if (closing.get()) {
                    return;
                }
                if (type == WebSocketFrames.TEXT) {
                    receiver.text(new String(message, StandardCharsets.UTF_8));
                } else if (type == WebSocketFrames.BINARY) {
                    receiver.binary(ByteBuffer.wrap(message));
                } else {
                    throw new IOException("labd sent a WebSocket message of unknown type " + type);
                }
                demand.acquire();
            }
        } catch (IOException failure) {
            fail(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers a control frame; false once the connection is closed. */
    private boolean control(WebSocketFrames.Frame frame) throws IOException {
        byte[] payload = frame.payload();
        if (!frame.fin() || payload.length > 125) {
            throw new IOException("labd sent a fragmented or oversized WebSocket control frame");
        }
        switch (frame.opcode()) {
            case WebSocketFrames.PING -> enqueue(WebSocketFrames.PONG, payload);
            case WebSocketFrames.PONG -> {
                // the answer to labctl's ping: the connection is alive
            }
            case WebSocketFrames.CLOSE -> {
                int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                if (!closing.get() && !broken.get()) {
                    pinger.shutdown();
                    receiver.closed(code, reason);
                }
                // echo the close (RFC 6455 §5.5.1); the caller's close() ends the connection
                enqueue(WebSocketFrames.CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : NO_BYTES);
                return false;
            }
            default -> throw new IOException("labd sent a WebSocket control frame of unknown type " + frame.opcode());
        }
        return true;
    }

    private void write() {
        try {
            while (true) {
                Outbound next = outbound.take();
                if (next == END) {
                    out.flush();
                    return;
                }
                WebSocketFrames.write(out, next.opcode(), next.payload(), 0, next.payload().length, random);
                if (outbound.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException failure) {
            fail(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Throwable failure) {
        if (!closing.get() && broken.compareAndSet(false, true)) {
            pinger.shutdown();
            receiver.failed(failure);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing more to tell labd
        }
    }

    /** One header line without its CRLF, in ISO-8859-1 as HTTP/1.1 has it. */
    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("labd closed the connection during the WebSocket upgrade");
            }
            if (next == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new IOException("labd's answer to the WebSocket upgrade has a header line over " + MAX_HEADER_LINE + " bytes");
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
        throw new IOException("labd's answer to the WebSocket upgrade has more than " + MAX_HEADERS + " headers");
    }

    /** The body of a refusal, as far as labctl shows it: by Content-Length, chunks, or up to the end. */
    private static byte[] body(DataInputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (body.size() < MAX_REFUSAL_BODY) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                int chunk = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunk == 0) {
                    break;
                }
                copy(in, body, chunk);
                line(in);
            }
        } else if (length != null) {
            copy(in, body, (int) Math.min(Long.parseLong(length.trim()), MAX_REFUSAL_BODY));
        } else {
            copy(in, body, MAX_REFUSAL_BODY);
        }
        return body.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, int bytes) throws IOException {
        byte[] buffer = new byte[8192];
        int left = Math.min(bytes, MAX_REFUSAL_BODY - to.size());
        while (left > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, left));
            if (read < 0) {
                return;
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }
}
