package org.labctl.bastion.internal.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.file.Path;
import org.labctl.bastion.internal.udp.LoopThread;

/**
 * A read-only TFTP server for PXE: it serves the files under one directory to any number of
 * clients at once, each transfer from a port of its own (RFC 1350).
 *
 * <ul>
 *   <li>Read requests only; a write request gets error 2. Modes octet and netascii (LF sent as CR LF,
 *       CR as CR NUL; no {@code tsize} nor window in that mode); any other mode gets error 4.
 *   <li>Options (RFC 2347): {@code blksize} (RFC 2348), {@code timeout} and {@code tsize} (RFC 2349),
 *       {@code windowsize} (RFC 7440), see {@link Options}; unknown options are ignored.
 *   <li>Names stay inside the root, see {@link TftpRoot}.
 *   <li>Files of more than 65535 blocks: block numbers roll over from 65535 to 0.
 *   <li>Bounded: at most {@link TftpSettings#maxTransfers()} transfers; a transfer whose client stops
 *       answering is gone after its retries; malformed packets get error 4 or are ignored.
 * </ul>
 *
 * <p>Each request, once over, is reported to the {@link TftpEvents} given to {@link #start}.
 *
 * <p>A transfer's port is bound to the address the server listens on; when that is the wildcard
 * address, the kernel's route to the client picks the source address of its packets (Java cannot
 * read the address a request came to), which is the right one on a bastion with one address per
 * provisioning network.
 */
public final class TftpServer implements Closeable {

    private final TftpLoop loop;
    private final LoopThread thread;
    private final InetSocketAddress localAddress;

    private TftpServer(TftpLoop loop, LoopThread thread, InetSocketAddress localAddress) {
        this.loop = loop;
        this.thread = thread;
        this.localAddress = localAddress;
    }

    /**
     * Binds the server's port and starts serving.
     *
     * @param root     the directory served; it must exist
     * @param bind     the address and port to listen on (port 69 normally, 0 for any free port)
     * @param settings its limits, {@link TftpSettings#defaults()} for the usual ones
     * @param events   told how each request ended; {@link TftpEvents#NONE} for nothing
     * @throws IOException when the root is not a directory or the port cannot be bound
     */
    public static TftpServer start(Path root, InetSocketAddress bind, TftpSettings settings, TftpEvents events)
            throws IOException {
        TftpRoot confined = new TftpRoot(root);
        Selector selector = Selector.open();
        DatagramChannel listener = null;
        try {
            listener = DatagramChannel.open();
            listener.bind(bind);
            listener.configureBlocking(false);
            TftpLoop loop = new TftpLoop(confined, settings, events, selector, listener);
            InetSocketAddress local = (InetSocketAddress) listener.getLocalAddress();
            LoopThread thread = LoopThread.start("tftp-" + local.getPort(), loop);
            return new TftpServer(loop, thread, local);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            selector.close();
            throw new IOException("cannot start the TFTP server on " + bind + ": " + e.getMessage(), e);
        }
    }

    /** The address and port the server listens on. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public int port() {
        return localAddress.getPort();
    }

    /** How many transfers are under way. */
    public int activeTransfers() {
        return loop.activeTransfers();
    }

    /** False once the server was closed, or its thread died. */
    public boolean isRunning() {
        return thread.isRunning();
    }

    /** Ends the transfers under way (error 0 to their clients), closes every socket and file. */
    @Override
    public void close() {
        thread.close();
    }
}
