package org.labctl.bastion.internal.tftp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TFTP client for the tests, written from the RFCs: whole downloads with options and windows, and
 * single packets for the cases no real client produces.
 */
final class TestClient implements Closeable {

    /** An error packet the server sent. */
    static final class TftpError extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        TftpError(int code, String message) {
            super("error " + code + ": " + message);
            this.code = code;
        }
    }

    /** A packet received, and where it came from. */
    record Packet(int opcode, int block, byte[] payload, SocketAddress from) {
        String errorMessage() {
            int end = 0;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            return new String(payload, 0, end, StandardCharsets.US_ASCII);
        }

        Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            String[] parts = new String(payload, StandardCharsets.US_ASCII).split("\0");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                options.put(parts[i], parts[i + 1]);
            }
            return options;
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final byte[] receiveBuffer = new byte[65536];

    TestClient(int serverPort) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setReceiveBufferSize(4 << 20);
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        timeout(Duration.ofSeconds(5));
    }

    void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    static byte[] request(int opcode, String filename, String mode, Map<String, String> options) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(opcode >> 8);
        packet.write(opcode);
        packet.writeBytes(filename.getBytes(StandardCharsets.UTF_8));
        packet.write(0);
        packet.writeBytes(mode.getBytes(StandardCharsets.US_ASCII));
        packet.write(0);
        options.forEach((name, value) -> {
            packet.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
            packet.write(0);
            packet.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
            packet.write(0);
        });
        return packet.toByteArray();
    }

    static byte[] ack(long block) {
        return new byte[] {0, (byte) TftpPackets.ACK, (byte) (block >> 8), (byte) block};
    }

    static byte[] error(int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer packet = ByteBuffer.allocate(5 + text.length);
        packet.putShort((short) TftpPackets.ERROR).putShort((short) code).put(text).put((byte) 0);
        return packet.array();
    }

    void sendToServer(byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, server));
    }

    void send(byte[] packet, SocketAddress to) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    /** The next packet, or null when none came within the timeout. */
    Packet receive() throws IOException {
        DatagramPacket datagram = new DatagramPacket(receiveBuffer, receiveBuffer.length);
        try {
            socket.receive(datagram);
        } catch (SocketTimeoutException e) {
            return null;
        }
        ByteBuffer packet = ByteBuffer.wrap(datagram.getData(), 0, datagram.getLength());
        int opcode = datagram.getLength() >= 2 ? packet.getShort() & 0xFFFF : -1;
        int block = datagram.getLength() >= 4 ? packet.getShort() & 0xFFFF : -1;
        int payloadStart = opcode == TftpPackets.OACK ? 2 : Math.min(4, datagram.getLength());
        byte[] payload = new byte[datagram.getLength() - payloadStart];
        System.arraycopy(datagram.getData(), payloadStart, payload, 0, payload.length);
        return new Packet(opcode, block, payload, datagram.getSocketAddress());
    }

    /** Downloads a file in octet mode. */
    byte[] get(String filename, Map<String, String> options) throws IOException {
        return get(filename, "octet", options);
    }

    /**
     * Downloads a file; with {@code windowsize} acknowledges each window, and the last block in order
     * when it sees a gap (RFC 7440).
     */
    byte[] get(String filename, String mode, Map<String, String> options) throws IOException {
        sendToServer(request(TftpPackets.RRQ, filename, mode, options));
        int blockSize = 512;
        int windowSize = 1;
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SocketAddress transfer = null;
        int expected = 1;
        int inWindow = 0;
        int lastAck = 0;
        int tries = 0;
        while (true) {
            Packet packet = receive();
            if (packet == null) {
                if (++tries > 5 || transfer == null) {
                    throw new IOException("no answer from the server, " + file.size() + " bytes received");
                }
                send(ack(lastAck), transfer);
                continue;
            }
            tries = 0;
            if (transfer == null) {
                transfer = packet.from();
            } else if (!transfer.equals(packet.from())) {
                continue;
            }
            switch (packet.opcode()) {
                case TftpPackets.ERROR -> throw new TftpError(packet.block(), packet.errorMessage());
                case TftpPackets.OACK -> {
                    Map<String, String> acknowledged = packet.options();
                    blockSize = Integer.parseInt(acknowledged.getOrDefault("blksize", "512"));
                    windowSize = Integer.parseInt(acknowledged.getOrDefault("windowsize", "1"));
                    send(ack(0), transfer);
                }
                case TftpPackets.DATA -> {
                    if (packet.block() != (expected & 0xFFFF)) {
                        send(ack(lastAck), transfer);
                        inWindow = 0;
                        continue;
                    }
                    file.writeBytes(packet.payload());
                    lastAck = expected & 0xFFFF;
                    expected++;
                    boolean last = packet.payload().length < blockSize;
                    if (last || ++inWindow == windowSize) {
                        send(ack(lastAck), transfer);
                        inWindow = 0;
                    }
                    if (last) {
                        return file.toByteArray();
                    }
                }
                default -> throw new IOException("unexpected opcode " + packet.opcode());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
