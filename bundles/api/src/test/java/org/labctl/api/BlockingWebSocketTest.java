package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockingWebSocket} against a WebSocket server written out in the test on a plain loopback
 * socket (TLS is the socket's business, tested with labd in the integration tests): order both
 * ways, demand, pings, a close from either side and a broken connection.
 */
class BlockingWebSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ServerSocket listening;
    private Socket server;
    private DataInputStream fromClient;
    private OutputStream toClient;
    private final Heard heard = new Heard();

    /** What the listener heard, in order. */
    private static final class Heard implements BlockingWebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void text(String message) {
            events.add("text " + message);
        }

        @Override
        public void binary(ByteBuffer message) {
            events.add("binary " + message.remaining());
        }

        @Override
        public void closed(int code, String reason) {
            events.add("closed " + code + " " + reason);
        }

        @Override
        public void failed(Throwable error) {
            events.add("failed");
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("the listener heard nothing within " + WAIT);
            }
            return event;
        }
    }

    @BeforeEach
    void listen() throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listening.close();
        if (server != null) {
            server.close();
        }
    }

    private BlockingWebSocket connect(int demand, Duration ping) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + listening.getLocalPort());
        Http1Connection http = Http1Connection.open(uri, null, null, WAIT, WAIT, Map.of("User-Agent", "test"));
        Thread accept = new Thread(this::acceptUpgrade);
        accept.start();
        Http1Connection.Upgraded upgraded = http.upgrade("/stream");
        accept.join();
        return BlockingWebSocket.start(upgraded, heard, "test-socket", demand, ping);
    }

    private void acceptUpgrade() {
        try {
            server = listening.accept();
            server.setSoTimeout((int) WAIT.toMillis());
            fromClient = new DataInputStream(server.getInputStream());
            toClient = server.getOutputStream();
            BufferedReader request = new BufferedReader(new InputStreamReader(fromClient, StandardCharsets.ISO_8859_1), 1);
            String key = null;
            for (String line = request.readLine(); !line.isEmpty(); line = request.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            toClient.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + WebSocketFrames.accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            toClient.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's frame: unmasked, FIN. */
    private void send(int opcode, byte[] payload) throws IOException {
        byte[] header = payload.length < 126 ? new byte[] {(byte) (0x80 | opcode), (byte) payload.length}
                : new byte[] {(byte) (0x80 | opcode), 126, (byte) (payload.length >>> 8), (byte) payload.length};
        toClient.write(header);
        toClient.write(payload);
        toClient.flush();
    }

    /** The client's next frame, unmasked. */
    private WebSocketFrames.Frame receive() throws IOException {
        int first = fromClient.readUnsignedByte();
        int second = fromClient.readUnsignedByte();
        assertTrue((second & 0x80) != 0, "a client masks its frames");
        int length = second & 0x7F;
        if (length == 126) {
            length = fromClient.readUnsignedShort();
        } else if (length == 127) {
            length = (int) fromClient.readLong();
        }
        byte[] mask = new byte[4];
        fromClient.readFully(mask);
        byte[] masked = new byte[length];
        fromClient.readFully(masked);
        byte[] payload = new byte[length];
        WebSocketFrames.mask(masked, 0, payload, 0, length, mask);
        return new WebSocketFrames.Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    private static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    @Test
    void messagesArriveAndLeaveInOrder() throws Exception {
        BlockingWebSocket socket = connect(BlockingWebSocket.UNBOUNDED, null);
        send(WebSocketFrames.TEXT, "one".getBytes(StandardCharsets.UTF_8));
        send(WebSocketFrames.BINARY, new byte[300]);
        assertEquals("text one", heard.next());
        assertEquals("binary 300", heard.next());

        socket.text("first");
        socket.binary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        socket.text("third").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        WebSocketFrames.Frame first = receive();
        assertEquals(WebSocketFrames.TEXT, first.opcode());
        assertEquals("first", new String(first.payload(), StandardCharsets.UTF_8));
        WebSocketFrames.Frame second = receive();
        assertEquals(WebSocketFrames.BINARY, second.opcode());
        assertArrayEquals(new byte[] {1, 2, 3}, second.payload());
        assertEquals("third", new String(receive().payload(), StandardCharsets.UTF_8));
    }

    /**
     * With a demand of one, the reader takes the second message only once the listener asked for
     * it: a ping sent after it is answered only then (the reader reads messages in order).
     */
    @Test
    void readsNoFurtherThanDemand() throws Exception {
        BlockingWebSocket socket = connect(1, null);
        send(WebSocketFrames.TEXT, "a".getBytes(StandardCharsets.UTF_8));
        send(WebSocketFrames.TEXT, "b".getBytes(StandardCharsets.UTF_8));
        assertEquals("text a", heard.next());
        socket.text("marker").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.request(1);
        assertEquals("text b", heard.next());
        assertEquals("marker", new String(receive().payload(), StandardCharsets.UTF_8));
    }

    @Test
    void pingsAreAnsweredAndSent() throws Exception {
        connect(BlockingWebSocket.UNBOUNDED, Duration.ofMillis(50));
        send(WebSocketFrames.PING, "p".getBytes(StandardCharsets.UTF_8));
        boolean pong = false;
        boolean ping = false;
        while (!pong || !ping) {
            WebSocketFrames.Frame frame = receive();
            if (frame.opcode() == WebSocketFrames.PONG && "p".equals(new String(frame.payload(), StandardCharsets.UTF_8))) {
                pong = true;
            } else if (frame.opcode() == WebSocketFrames.PING) {
                ping = true;
            }
        }
    }

    @Test
    void aCloseFromTheServerIsHeardOnceEchoedAndEndsTheConnection() throws Exception {
        BlockingWebSocket socket = connect(BlockingWebSocket.UNBOUNDED, null);
        send(WebSocketFrames.CLOSE, close(1001, "going away"));
        assertEquals("closed 1001 going away", heard.next());
        WebSocketFrames.Frame echo = receive();
        assertEquals(WebSocketFrames.CLOSE, echo.opcode());
        assertEquals(1001, new WebSocketFrames.Message(WebSocketFrames.CLOSE, echo.payload()).closeCode());
        assertThrows(EOFException.class, this::receive, "the client ends the connection after its echo");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> socket.text("late").get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(refused.getCause() instanceof IOException);
        assertTrue(heard.events.isEmpty(), "nothing more heard: " + heard.events);
    }

    @Test
    void aBrokenConnectionIsHeardAsAFailureAndFailsLaterSends() throws Exception {
        BlockingWebSocket socket = connect(BlockingWebSocket.UNBOUNDED, null);
        server.close();
        assertEquals("failed", heard.next());
        assertTrue(socket.failed() != null);
        assertThrows(ExecutionException.class, () -> socket.text("late").get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(!socket.isOpen());
    }

    @Test
    void closingSendsWhatIsQueuedThenANormalClosure() throws Exception {
        BlockingWebSocket socket = connect(BlockingWebSocket.UNBOUNDED, null);
        socket.text("last words");
        socket.close(WAIT);
        assertEquals("last words", new String(receive().payload(), StandardCharsets.UTF_8));
        WebSocketFrames.Frame close = receive();
        assertEquals(WebSocketFrames.CLOSE, close.opcode());
        assertEquals(1000, new WebSocketFrames.Message(WebSocketFrames.CLOSE, close.payload()).closeCode());
        assertThrows(EOFException.class, this::receive);
        assertTrue(!socket.isOpen());
        assertTrue(heard.events.isEmpty(), "the reader's end is no failure to the listener: " + heard.events);
    }
}
