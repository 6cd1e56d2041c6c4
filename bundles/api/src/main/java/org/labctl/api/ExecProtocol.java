package org.labctl.api;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;

/**
 * The exec session protocol: how labctl, labd and lab-agent run one command on a server and
 * stream its input and output. The same frames travel on the CLI's stream WebSocket (labctl ↔
 * labd) and on the agent WebSocket (labd ↔ lab-agent); labd relays them, so every side uses this
 * one definition.
 *
 * <h2>Frames</h2>
 * A WebSocket text message is a <b>control frame</b>: one JSON object, an {@link ExecFrame}, with
 * a {@code type} and the {@code session} id (a UUID chosen by whoever sends {@code start}). Fields
 * that do not apply to a type are absent (or {@code null}); receivers ignore fields they do not
 * know. The exec types below do not collide with the agent's {@link AgentFrame} types
 * ({@code heartbeat}, {@code ack}), so both share the agent socket.
 * <table>
 *   <caption>Control frames</caption>
 *   <tr><th>type</th><th>direction</th><th>fields</th><th>meaning</th></tr>
 *   <tr><td>{@value #START}</td><td>client → agent</td>
 *       <td>{@code kind} (the session's kind: {@code exec} for a command, {@code logs.journal},
 *       {@code logs.file}, {@code logs.agent}, {@code bastion}, or any kind a bundle adds),
 *       {@code payload} (what the kind needs, JSON: an {@link ExecStart} for {@code exec}; labd's
 *       relay carries it without reading it, only the kind's handlers on labd and on the agent do),
 *       {@code server} (labctl to labd: the target's name; labd removes it before the agent)</td>
 *       <td>start the session (run the command, stream the log…)</td></tr>
 *   <tr><td>{@value #STARTED}</td><td>agent → client</td><td>{@code pid}</td>
 *       <td>the process runs; data may flow</td></tr>
 *   <tr><td>{@value #EOF}</td><td>client → agent</td><td>—</td>
 *       <td>stdin is closed; the agent closes the process's stdin after writing what it received</td></tr>
 *   <tr><td>{@value #SIGNAL}</td><td>client → agent</td><td>{@code name}: one of {@link Signal}</td>
 *       <td>deliver the signal to the process (not to its children)</td></tr>
 *   <tr><td>{@value #RESIZE}</td><td>client → agent</td><td>{@code cols}, {@code rows}</td>
 *       <td>the terminal changed size (ignored without a TTY)</td></tr>
 *   <tr><td>{@value #WINDOW}</td><td>both</td><td>{@code channel}, {@code bytes} (&gt; 0)</td>
 *       <td>flow-control credit, see below</td></tr>
 *   <tr><td>{@value #EXIT}</td><td>agent → client</td>
 *       <td>{@code code}, {@code signal} (nullable), {@code timedOut}</td>
 *       <td>the process ended and stdout and stderr are fully delivered; the session is over</td></tr>
 *   <tr><td>{@value #ABORT}</td><td>client → agent</td><td>—</td>
 *       <td>the client is gone or gave up: the agent kills the process tree (TERM, then KILL) and
 *       still ends the session with {@code exit}</td></tr>
 *   <tr><td>{@value #ERROR}</td><td>any</td><td>{@code message}; {@code status} and {@code error}: a refusal's or a loss's
 *       {@link Failure} (its status and code), absent for the session's own trouble</td>
 *       <td>before {@code started}: the command did not start and the session is over (no
 *       {@code exit} follows); after {@code started}: a problem to report, and {@code exit}
 *       still follows</td></tr>
 * </table>
 * Example: {@code {"type":"start","session":"5f0c…","kind":"exec","payload":{"argv":["wc","-l"],"tty":false,"env":{},"timeoutSeconds":0}}}.
 *
 * <p>A <b>data frame</b> is a WebSocket binary message: byte 0 is the channel
 * ({@value #STDIN} stdin, {@value #STDOUT} stdout, {@value #STDERR} stderr), bytes 1–16 the
 * session id (most significant long, then least significant long, both big-endian), then the
 * payload of at most {@value #MAX_PAYLOAD} bytes (may be empty). See {@link #encode} and
 * {@link #decode}.
 *
 * <h2>Order and end of a session</h2>
 * The agent answers {@code start} with {@code started} or with {@code error}. After
 * {@code started} its last frame for the session is exactly one {@code exit}, sent after every
 * stdout and stderr data frame. Frames for a session that is not running are ignored. When the
 * connection to the client is lost, the agent kills the process tree (TERM, then KILL after a
 * grace period).
 *
 * <h2>Exit code</h2>
 * {@code code} is the process's exit status; a process ended by signal N reports 128 + N, as a
 * shell does (the agent cannot tell that apart from {@code exit(128 + N)}). {@code signal} names
 * the signal when {@code code} is 128 + N for a signal the agent had delivered to the process
 * (asked for by a {@code signal} frame, or sent by the timeout or abort); otherwise it is null.
 * Signal numbers are Linux's ({@link Signal#number()}). {@code timedOut} is true when the agent
 * killed the process tree because {@code timeoutSeconds} passed (labctl then exits 124).
 *
 * <h2>Flow control</h2>
 * Each data channel of a session has its own window, {@value #INITIAL_WINDOW} bytes at the
 * start. The sender of a channel (the agent for stdout and stderr, the client for stdin) keeps
 * count of the payload bytes it sent that the receiver has not yet given back, and never lets that
 * count exceed the window: it waits instead (the agent stops reading the process's pipe, so the
 * process blocks on write and nothing grows in memory). The receiver of a channel sends
 * {@code window {channel, bytes}} after it has consumed that many bytes (written them to its
 * terminal, file or process), which lets the sender send that many more. A receiver may also
 * grant credit ahead of what it consumed, to widen the window: labctl widens a session's stdout
 * window to its share of 8 MiB right after {@code started}, so that one fast stream has several
 * frames in flight on each hop. A sender that exceeds its
 * window breaks the protocol; the agent answers with {@code error} and kills the process. labd
 * relays data and window frames unchanged, so credit is end to end and labd buffers at most one
 * window per channel and session.
 */
public final class ExecProtocol {

    public static final String START = "start";
    public static final String STARTED = "started";
    public static final String EOF = "eof";
    public static final String SIGNAL = "signal";
    public static final String RESIZE = "resize";
    public static final String WINDOW = "window";
    public static final String EXIT = "exit";
    public static final String ERROR = "error";
    public static final String ABORT = "abort";

    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    /** Channel byte plus the 16-byte session id. */
    public static final int HEADER_BYTES = 17;
    /**
     * The largest payload of one data frame: 128 KiB (32 KiB before api 1.6: labd and labctl of 1.6
     * take the larger frames, so upgrade them before the agents). Each frame costs every hop a
     * message to parse, relay and hand between threads, so a sender fills its frames with what it
     * has at hand, up to this.
     */
    public static final int MAX_PAYLOAD = 128 * 1024;
    /** How much a receiver of exec frames reads from its socket at a time: 64 KiB, four TLS records. */
    public static final int READ_BUFFER = 64 * 1024;
    /** The credit every data channel starts with: 256 KiB. */
    public static final int INITIAL_WINDOW = 256 * 1024;

    /** The signals a client may send, with their Linux numbers. */
    public enum Signal {
        HUP(1), INT(2), QUIT(3), KILL(9), TERM(15), CONT(18), TSTP(20);

        private final int number;

        Signal(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        /** The signal with this name ({@code INT}, also {@code SIGINT} and lower case). */
        public static Signal parse(String name) {
            if (name != null) {
                String upper = name.trim().toUpperCase(Locale.ROOT);
                String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
                for (Signal signal : values()) {
                    if (signal.name().equals(bare)) {
                        return signal;
                    }
                }
            }
            throw new IllegalArgumentException("unknown signal " + name + ": use one of HUP, INT, QUIT, KILL, TERM, CONT, TSTP");
        }

        /** The signal whose number is {@code code - 128}, or null. */
        public static Signal ofExitCode(int code) {
            for (Signal signal : values()) {
                if (signal.number + 128 == code) {
                    return signal;
                }
            }
            return null;
        }
    }

    private ExecProtocol() {
    }

    /** The channel's name, for messages: stdin, stdout or stderr. */
    public static String channelName(int channel) {
        return switch (channel) {
            case STDIN -> "stdin";
            case STDOUT -> "stdout";
            case STDERR -> "stderr";
            default -> throw new IllegalArgumentException("unknown exec channel " + channel + ": expected 0 (stdin), 1 (stdout) or 2 (stderr)");
        };
    }

    /**
     * A data frame ready to send (position 0, limit at its end). The payload's remaining bytes are
     * copied; its position does not move.
     *
     * @throws IllegalArgumentException for an unknown channel or a payload over {@link #MAX_PAYLOAD}
     */
    public static ByteBuffer encode(int channel, UUID session, ByteBuffer payload) {
        channelName(channel);
        if (session == null) {
            throw new IllegalArgumentException("an exec data frame needs a session id");
        }
        if (payload.remaining() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("exec data payload of " + payload.remaining() + " bytes is over the limit of "
                    + MAX_PAYLOAD + ": split it");
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.remaining());
        frame.put((byte) channel).putLong(session.getMostSignificantBits()).putLong(session.getLeastSignificantBits());
        frame.put(payload.duplicate());
        return frame.flip();
    }

    /** {@link #encode(int, UUID, ByteBuffer)} of a byte array. */
    public static ByteBuffer encode(int channel, UUID session, byte[] payload) {
        return encode(channel, session, ByteBuffer.wrap(payload));
    }

    /**
     * Reads a data frame from the buffer's remaining bytes without moving its position; the
     * payload is a read-only view of the same bytes.
     *
     * @throws IllegalArgumentException when the frame is shorter than its header, names an unknown
     *                                  channel, or carries more than {@link #MAX_PAYLOAD} bytes
     */
    public static ExecData decode(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate();
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("exec data frame of " + in.remaining() + " bytes is shorter than its "
                    + HEADER_BYTES + "-byte header (channel and session id)");
        }
        int channel = in.get() & 0xff;
        channelName(channel);
        UUID session = new UUID(in.getLong(), in.getLong());
        if (in.remaining() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("exec data payload of " + in.remaining() + " bytes is over the limit of " + MAX_PAYLOAD);
        }
        return new ExecData(channel, session, in.slice().asReadOnlyBuffer());
    }
}
