package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;

/**
 * One file on its way to one client, from the server's own port for it (its transfer ID, RFC 1350),
 * driven by the {@link TftpLoop}'s thread and by nothing else.
 *
 * <p>It sends a window of {@code windowsize} DATA packets (RFC 7440; one in lock-step TFTP) and
 * waits. An ACK for a block of the window moves it on: the next window starts after that block, so
 * an ACK that reports a gap makes the rest be sent again. An ACK for a block already acknowledged is
 * ignored, never answered: answering duplicates is how the Sorcerer's Apprentice bug doubles every
 * packet. When nothing moves the window on within the timeout it is sent again, from the block after
 * the last acknowledged, up to {@code retries} times in a row; then the transfer is given up.
 *
 * <p>Block numbers count on past 65535: the one after 65535 is 0, as tftp-hpa, curl and PXE
 * firmware expect. Internally blocks are numbered without wrapping, and an ACK's 16-bit number is
 * read as the latest block sent that it can mean, which is unambiguous because a window is shorter
 * than 65536 blocks.
 */
final class Transfer {

    private static final int MAX_ACKS_PER_WAKEUP = 64;

    private final TftpLoop loop;
    private final InetSocketAddress client;
    private final String filename;
    private final long startedNanos;
    private final DatagramChannel channel;
    private final BlockSource source;
    private final Options options;
    private final int maxRetries;
    private final byte[] oack;
    private final ByteBuffer in;
    private final ByteBuffer out;
    private SelectionKey key;
    private boolean awaitingOackAck;
    private long acked;
    private long sent;
    private long next;
    private long windowEnd;
    private int lastLength;
    private long deadline;
    private int retries;
    private boolean running = true;

    /**
     * @param in  the loop's buffer for packets received, shared by all transfers
     * @param out the loop's buffer for packets sent, shared by all transfers: a block sent again is
     *            read again from the file, so no transfer keeps a buffer of its own
     */
    Transfer(TftpLoop loop, InetSocketAddress client, String filename, long startedNanos, DatagramChannel channel,
            BlockSource source, Options options, int maxRetries, ByteBuffer in, ByteBuffer out) {
        this.loop = loop;
        this.client = client;
        this.filename = filename;
        this.startedNanos = startedNanos;
        this.channel = channel;
        this.source = source;
        this.options = options;
        this.maxRetries = maxRetries;
        this.oack = options.acknowledged().isEmpty() ? null : TftpPackets.oack(options.acknowledged());
        this.in = in;
        this.out = out;
    }

    boolean running() {
        return running;
    }

    /** When the window is due to be sent again (a {@link System#nanoTime} value). */
    long deadline() {
        return deadline;
    }

    /** Sends the OACK, or the first window when no option was acknowledged. */
    void start(Selector selector, long now) {
        try {
            key = channel.register(selector, SelectionKey.OP_READ, this);
            if (oack != null) {
                awaitingOackAck = true;
                sendOack(now);
            } else {
                sendWindow(1, now);
            }
        } catch (IOException e) {
            clientGone(e);
        }
    }

    /** Reads what the client sent: ACKs move the window on, an ERROR ends the transfer. */
    void readable(long now) {
        try {
            boolean moved = false;
            int reads = options.windowSize() > 1 ? MAX_ACKS_PER_WAKEUP : 1; // in lock-step one read is all there is
            for (int i = 0; i < reads; i++) {
                in.clear();
                if (channel.read(in) <= 0) {
                    break;
                }
                in.flip();
                if (in.remaining() < 4) {
                    continue;
                }
                int opcode = in.getShort(0) & 0xFFFF;
                if (opcode == TftpPackets.ERROR) {
                    end(Outcome.FAILED, TftpPackets.clientError(in), -1, null);
                    return;
                }
                if (opcode == TftpPackets.ACK) {
                    moved |= acknowledge(in.getShort(2) & 0xFFFF);
                }
                // anything else is not meant for this transfer, or is garbage: ignored
            }
            if (moved) {
                retries = 0;
                if (acked == source.lastBlock()) {
                    end(Outcome.SENT, "", -1, null);
                } else {
                    sendWindow(acked + 1, now);
                }
            }
        } catch (IOException e) {
            clientGone(e);
        }
    }

    /** Goes on with a window that the socket's full send buffer interrupted. */
    void writable(long now) {
        try {
            flush(now);
        } catch (IOException e) {
            clientGone(e);
        }
    }

    /** The deadline passed without an ACK that moved the window: send again, or give up. */
    void timedOut(long now) {
        if (retries >= maxRetries) {
            end(Outcome.TIMED_OUT, "no acknowledgement after " + (retries + 1) + " tries", -1, null);
            return;
        }
        retries++;
        try {
            if (awaitingOackAck) {
                sendOack(now);
            } else {
                sendWindow(acked + 1, now);
            }
        } catch (IOException e) {
            clientGone(e);
        }
    }

    /** Ends the transfer at once, telling the client why with error 0. */
    void abort(String reason) {
        end(Outcome.FAILED, reason, TftpPackets.NOT_DEFINED, reason);
    }

    private boolean acknowledge(int number) {
        if (awaitingOackAck) {
            if (number != 0) {
                return false;
            }
            awaitingOackAck = false;
            return true;
        }
        long block = sent - ((sent - number) & 0xFFFF);
        if (block <= acked) {
            return false; // a duplicate or a late one
        }
        acked = block;
        return true;
    }

    private void sendOack(long now) throws IOException {
        out.clear();
        out.put(oack).flip();
        channel.write(out); // a full send buffer loses it like the network would: the timeout sends it again
        deadline = now + options.timeoutNanos();
    }

    private void sendWindow(long from, long now) throws IOException {
        next = from;
        windowEnd = Math.min(from + options.windowSize() - 1, source.lastBlock());
        deadline = now + options.timeoutNanos();
        flush(now);
    }

    private void flush(long now) throws IOException {
        while (next <= windowEnd) {
            out.clear();
            out.putShort((short) TftpPackets.DATA).putShort((short) next);
            int length;
            try {
                length = source.read(next, out);
            } catch (IOException e) {
                end(Outcome.FAILED, "reading the file failed: " + e.getMessage(), TftpPackets.NOT_DEFINED, "cannot read the file");
                return;
            }
            if (length < options.blockSize()) {
                lastLength = length;
                windowEnd = next;
            }
            out.flip();
            if (channel.write(out) == 0) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            sent = Math.max(sent, next);
            next++;
        }
        if (key.interestOps() != SelectionKey.OP_READ) {
            key.interestOps(SelectionKey.OP_READ);
        }
        deadline = now + options.timeoutNanos();
    }

    private void clientGone(IOException e) {
        end(Outcome.FAILED, "the client is unreachable: " + e.getMessage(), -1, null);
    }

    /** The file bytes the client acknowledged (for netascii, bytes as converted). */
    private long bytes() {
        if (acked == 0) {
            return 0;
        }
        return acked == source.lastBlock() ? (acked - 1) * options.blockSize() + lastLength : acked * options.blockSize();
    }

    private void end(Outcome outcome, String detail, int errorCode, String errorMessage) {
        if (!running) {
            return;
        }
        running = false;
        if (errorCode >= 0) {
            try {
                channel.write(TftpPackets.error(out, errorCode, errorMessage));
            } catch (IOException e) {
                // the client is gone: nobody to tell
            }
        }
        if (key != null) {
            key.cancel();
        }
        closeQuietly();
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        loop.ended(this, new TftpEvent(client, filename, outcome, bytes(), duration, detail));
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
        try {
            source.close();
        } catch (IOException e) {
            // read-only: nothing lost
        }
    }
}
