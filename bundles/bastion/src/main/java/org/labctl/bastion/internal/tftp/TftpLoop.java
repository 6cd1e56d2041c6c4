package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;
import org.labctl.bastion.internal.udp.Datagrams;
import org.labctl.bastion.internal.udp.LoopThread;

/**
 * The one thread of a {@link TftpServer}: a selector over the server's port and every transfer's
 * port. Requests are answered and transfers moved on as their packets arrive; timeouts are checked
 * when the earliest deadline passes. One thread serves all transfers, so nothing is locked and no
 * packet is handed between threads; a transfer waits mostly for its client, and the file reads come
 * from the page cache on a PXE server that sends the same few files to every machine.
 *
 * <p>Whatever a packet holds, the loop goes on: a request it cannot parse gets error 4, and a bug
 * met while handling a transfer ends that transfer (error 0) and is logged.
 */
final class TftpLoop implements LoopThread.Loop {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(TftpLoop.class);

    /** The longest the loop sleeps when no deadline is nearer, so that it notices a stop for sure. */
    private static final long IDLE_NANOS = Duration.ofSeconds(1).toNanos();
    /** Requests read in one go before transfers get their turn. */
    private static final int MAX_REQUESTS_PER_WAKEUP = 64;

    private final TftpRoot root;
    private final TftpSettings settings;
    private final TftpEvents events;
    private final Selector selector;
    private final DatagramChannel listener;
    private final InetAddress localAddress;
    private final ProtocolFamily family;
    private final ByteBuffer in = ByteBuffer.allocateDirect(TftpPackets.MAX_PACKET + 1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(4 + TftpSettings.MAX_BLOCK_SIZE);
    private final Set<Transfer> transfers = new HashSet<>();
    private final Consumer<SelectionKey> onReady = this::ready;
    private volatile int active;
    private volatile boolean stopping;
    private volatile boolean running = true;
    private long nextSweep;

    TftpLoop(TftpRoot root, TftpSettings settings, TftpEvents events, Selector selector, DatagramChannel listener)
            throws IOException {
        this.root = root;
        this.settings = settings;
        this.events = events;
        this.selector = selector;
        this.listener = listener;
        this.localAddress = ((InetSocketAddress) listener.getLocalAddress()).getAddress();
        this.family = localAddress instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        listener.register(selector, SelectionKey.OP_READ);
    }

    int activeTransfers() {
        return active;
    }

    @Override
    public boolean running() {
        return running;
    }

    /** Makes the loop end all transfers, close every socket and return. */
    @Override
    public void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            nextSweep = System.nanoTime() + IDLE_NANOS;
            while (!stopping) {
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                }
                long waitMillis = Math.max(1, (nextSweep - now + 999_999) / 1_000_000);
                selector.select(onReady, waitMillis);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("TFTP server on {} stopped: {}", localAddress, e.toString(), e);
        } finally {
            closeAll();
            running = false;
        }
    }

    /** Called by a transfer that ended. */
    void ended(Transfer transfer, TftpEvent event) {
        transfers.remove(transfer);
        active = transfers.size();
        report(event);
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (!(key.attachment() instanceof Transfer transfer)) {
            receiveRequests();
            return;
        }
        long now = System.nanoTime();
        try {
            if (key.isReadable()) {
                transfer.readable(now);
            }
            if (transfer.running() && key.isValid() && key.isWritable()) {
                transfer.writable(now);
            }
        } catch (RuntimeException e) {
            LOG.warn("TFTP transfer ended by an internal error: {}", e.toString(), e);
            transfer.abort("internal error in the TFTP server");
        }
        if (transfer.running()) {
            schedule(transfer.deadline());
        }
    }

    private void sweep(long now) {
        nextSweep = now + IDLE_NANOS;
        for (Transfer transfer : new ArrayList<>(transfers)) {
            if (now - transfer.deadline() >= 0) {
                transfer.timedOut(now);
            }
            if (transfer.running()) {
                schedule(transfer.deadline());
            }
        }
    }

    private void schedule(long deadline) {
        if (deadline - nextSweep < 0) {
            nextSweep = deadline;
        }
    }

    private void receiveRequests() {
        Datagrams.drain(listener, in, MAX_REQUESTS_PER_WAKEUP, this::request, "TFTP", LOG);
    }

    private void request(InetSocketAddress from, ByteBuffer packet) {
        if (packet.remaining() < 2 || (packet.getShort(0) & 0xFFFF) == TftpPackets.ERROR) {
            return; // nothing to answer: an error packet is never answered (RFC 1350)
        }
        Request request;
        try {
            request = Request.parse(packet);
        } catch (TftpException e) {
            reply(from, e);
            return;
        }
        long started = System.nanoTime();
        try {
            if (request.opcode() == TftpPackets.WRQ) {
                throw new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: this TFTP server is read-only");
            }
            boolean octet = request.mode().equals("octet");
            if (!octet && !request.mode().equals("netascii")) {
                throw new TftpException(TftpPackets.ILLEGAL_OPERATION, "illegal TFTP operation: the mode must be octet or netascii");
            }
            if (transfers.size() >= settings.maxTransfers()) {
                throw new TftpException(TftpPackets.NOT_DEFINED, "server busy: too many transfers, try again later");
            }
            start(from, request, octet, root.open(request.filename()), started);
        } catch (TftpException e) {
            reply(from, e);
            report(new TftpEvent(from, request.filename(), Outcome.REFUSED, 0, Duration.ofNanos(System.nanoTime() - started),
                    e.getMessage()));
        }
    }

    private void start(InetSocketAddress from, Request request, boolean octet, FileChannel file, long started) {
        DatagramChannel channel = null;
        BlockSource source = null;
        try {
            Options options = Options.negotiate(request.options(), settings, octet, file.size());
            source = octet ? new OctetSource(file, options.blockSize()) : new NetasciiSource(file, options.blockSize());
            channel = DatagramChannel.open(family);
            channel.bind(new InetSocketAddress(localAddress, 0));
            channel.connect(from);
            channel.configureBlocking(false);
            Transfer transfer = new Transfer(this, from, request.filename(), started, channel, source, options,
                    settings.retries(), in, out);
            transfers.add(transfer);
            active = transfers.size();
            transfer.start(selector, System.nanoTime());
            if (transfer.running()) {
                schedule(transfer.deadline());
            }
        } catch (IOException e) {
            close(channel);
            close(source == null ? file : source);
            String reason = "cannot start the transfer: " + e.getMessage();
            reply(from, new TftpException(TftpPackets.NOT_DEFINED, "cannot start the transfer"));
            report(new TftpEvent(from, request.filename(), Outcome.FAILED, 0, Duration.ofNanos(System.nanoTime() - started), reason));
        }
    }

    private void reply(InetSocketAddress to, TftpException e) {
        try {
            listener.send(TftpPackets.error(out, e.code(), e.getMessage()), to);
        } catch (IOException | RuntimeException failed) {
            LOG.debug("TFTP error packet to {} not sent: {}", to, failed.toString());
        }
    }

    private void report(TftpEvent event) {
        try {
            events.transferEnded(event);
        } catch (RuntimeException e) {
            LOG.warn("TFTP event listener failed on {}: {}", event, e.toString(), e);
        }
    }

    private void closeAll() {
        List<Transfer> left = new ArrayList<>(transfers);
        for (Transfer transfer : left) {
            transfer.abort("the TFTP server stopped");
        }
        close(listener);
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the TFTP selector failed: {}", e.toString());
        }
    }

    private static void close(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing what failed to start: nothing more to do
        }
    }
}
