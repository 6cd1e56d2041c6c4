package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.labctl.bastion.internal.dhcp.DhcpEvent.Outcome;
import org.labctl.bastion.internal.dhcp.DhcpSettings.Mode;

/**
 * Decides the answer to one request, and where it goes; no sockets, so that the rules can be tested
 * without a network. {@link DhcpLoop} sends what it returns.
 *
 * <p>Full mode (RFC 2131 §4.3): DISCOVER gets an OFFER from the {@link LeasePool}; REQUEST gets an
 * ACK when the address may be the client's, a NAK otherwise, and nothing when the client chose
 * another server (option 54 names another); RELEASE and DECLINE are recorded; INFORM gets an ACK
 * with the network's settings and no address, sent to the client's address. PXE clients get their
 * boot file in the OFFER and ACK.
 *
 * <p>Proxy mode (PXE 2.1 §2.2, RFC 4578): only PXE clients, and never an address: a DISCOVER on
 * port 67 gets a proxy OFFER, a REQUEST on the PXE port (4011) a proxy ACK sent back where it came
 * from. Everything else is left to the network's DHCP server.
 */
final class DhcpResponder {

    /** Which socket sends the answer. */
    enum Via {
        SERVER_PORT, PXE_PORT
    }

    /**
     * The outcome of one request.
     *
     * @param reply the answer, or null when none is sent
     * @param to    where it goes, or null
     * @param via   the socket it leaves from
     * @param event what to tell {@link DhcpEvents}
     */
    record Answer(DhcpMessage reply, InetSocketAddress to, Via via, DhcpEvent event) {
    }

    private static final Inet4Address BROADCAST = address(new byte[] {-1, -1, -1, -1});

    /** How many PXE clients' addresses proxy mode remembers; the oldest is forgotten first. */
    static final int PXE_CLIENTS_MAX = 4096;

    private final DhcpSettings settings;
    private final LeasePool pool;
    private final java.util.function.BiConsumer<String, Inet4Address> offered;
    private final java.util.Map<String, Inet4Address> pxeAddresses = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Inet4Address> eldest) {
            return size() > PXE_CLIENTS_MAX;
        }
    };

    /** @param pool the addresses, in full mode; null in proxy mode */
    DhcpResponder(DhcpSettings settings, LeasePool pool) {
        this(settings, pool, (mac, address) -> { });
    }

    /**
     * @param offered told of each address offered that is not the client's own lease already (what
     *                the {@link ConflictProbe} pings); called on the I/O thread, it must not block
     */
    DhcpResponder(DhcpSettings settings, LeasePool pool, java.util.function.BiConsumer<String, Inet4Address> offered) {
        if ((settings.mode() == Mode.FULL) != (pool != null)) {
            throw new IllegalArgumentException("full mode needs a lease pool, proxy mode none");
        }
        this.settings = settings;
        this.pool = pool;
        this.offered = offered;
    }

    /**
     * @param from     where the request came from
     * @param pxePort  whether it came to the PXE port (4011) rather than port 67
     */
    Answer answer(DhcpMessage request, InetSocketAddress from, boolean pxePort) {
        String mac = request.mac();
        int type = request.type();
        if (request.op() != DhcpMessage.BOOTREQUEST) {
            return none(mac, type, Outcome.IGNORED, null, "a BOOTREPLY, not a request");
        }
        if (type == 0) {
            return none(mac, type, Outcome.IGNORED, null, "a BOOTP request without a DHCP message type");
        }
        return settings.mode() == Mode.FULL ? full(request, mac, type) : proxy(request, from, pxePort, mac, type);
    }

    private Answer full(DhcpMessage request, String mac, int type) {
        PxeBoot boot = settings.boot();
        PxeBoot.Plan plan = boot.plan(PxeClient.of(request));
        switch (type) {
            case DhcpOptions.DISCOVER -> {
                Inet4Address address = pool.offer(mac, request.address(DhcpOptions.REQUESTED_ADDRESS));
                if (address == null) {
                    return none(mac, type, Outcome.REFUSED, null, "no free address in the range "
                            + settings.rangeFirst().getHostAddress() + "-" + settings.rangeLast().getHostAddress());
                }
                Lease own = pool.lease(mac);
                if (own == null || !own.address().equals(address)) {
                    offered.accept(mac, address);
                }
                return reply(request, DhcpReplies.lease(request, boot, address, settings.network(), plan), address, plan);
            }
            case DhcpOptions.REQUEST -> {
                Inet4Address chosen = request.address(DhcpOptions.SERVER_IDENTIFIER);
                if (chosen != null && !chosen.equals(boot.server())) {
                    pool.forgetOffer(mac);
                    return none(mac, type, Outcome.IGNORED, chosen, "the client chose the server " + chosen.getHostAddress());
                }
                Inet4Address address = request.address(DhcpOptions.REQUESTED_ADDRESS);
                if (address == null) {
                    address = zero(request.ciaddr()) ? null : request.ciaddr();
                }
                if (address == null) {
                    return none(mac, type, Outcome.IGNORED, null, "a REQUEST naming no address");
                }
                Lease lease;
                try {
                    lease = pool.acknowledge(mac, address);
                } catch (IOException e) {
                    return none(mac, type, Outcome.FAILED, address, "lease not given, the lease file cannot be written: "
                            + e.getMessage());
                }
                if (lease == null) {
                    return reply(request, DhcpReplies.nak(request, boot), address, null, why(address));
                }
                return reply(request, DhcpReplies.lease(request, boot, address, settings.network(), plan), address, plan);
            }
            case DhcpOptions.RELEASE -> {
                Inet4Address address = request.ciaddr();
                try {
                    return pool.release(mac, address)
                            ? none(mac, type, Outcome.RECORDED, address, "released")
                            : none(mac, type, Outcome.IGNORED, address, "no lease of this address for this client");
                } catch (IOException e) {
                    return none(mac, type, Outcome.FAILED, address, "the lease file cannot be written: " + e.getMessage());
                }
            }
            case DhcpOptions.INFORM -> {
                if (zero(request.ciaddr())) {
                    return none(mac, type, Outcome.IGNORED, null, "an INFORM names its address in ciaddr, this one none");
                }
                return reply(request, DhcpReplies.inform(request, boot, settings.network(), plan), request.ciaddr(), plan);
            }
            case DhcpOptions.DECLINE -> {
                Inet4Address address = request.address(DhcpOptions.REQUESTED_ADDRESS);
                if (address == null) {
                    return none(mac, type, Outcome.IGNORED, null, "a DECLINE naming no address");
                }
                try {
                    return pool.decline(mac, address)
                            ? none(mac, type, Outcome.RECORDED, address, "in use on the network: given to nobody for "
                                    + settings.declineHold())
                            : none(mac, type, Outcome.IGNORED, address, "outside the range");
                } catch (IOException e) {
                    return none(mac, type, Outcome.FAILED, address, "the lease file cannot be written: " + e.getMessage());
                }
            }
            default -> {
                return none(mac, type, Outcome.IGNORED, null, DhcpOptions.typeName(type) + " is not answered");
            }
        }
    }

    private String why(Inet4Address address) {
        if (!pool.inRange(address)) {
            return "not in the range " + settings.rangeFirst().getHostAddress() + "-" + settings.rangeLast().getHostAddress();
        }
        return pool.declined(address) ? "in use on the network (declined by a client, or it answers ping)" : "another client's address";
    }

    private Answer proxy(DhcpMessage request, InetSocketAddress from, boolean pxePort, String mac, int type) {
        PxeClient client = PxeClient.of(request);
        if (!client.pxe() && !client.ipxe()) {
            return none(mac, type, Outcome.IGNORED, null, "not a PXE client: left to the DHCP server");
        }
        PxeBoot.Plan plan = settings.boot().plan(client);
        if (plan == null) {
            return none(mac, type, Outcome.REFUSED, null, "no boot file for client architecture " + client.architecture());
        }
        if (!pxePort && type == DhcpOptions.DISCOVER) {
            return reply(request, DhcpReplies.proxy(request, settings.boot(), plan), null, plan);
        }
        if (type == DhcpOptions.REQUEST || type == DhcpOptions.INFORM) {
            // the address the PXE client asks the network's DHCP server for (broadcast, so heard here), or asks
            // this proxy from on port 4011: where the machine boots from
            Inet4Address requested = request.address(DhcpOptions.REQUESTED_ADDRESS);
            Inet4Address source = from != null && from.getAddress() instanceof Inet4Address v4 && !zero(v4) ? v4 : null;
            Inet4Address at = !zero(request.ciaddr()) ? request.ciaddr() : pxePort && source != null ? source
                    : zero(requested) ? null : requested;
            if (at != null) {
                synchronized (pxeAddresses) {
                    pxeAddresses.put(mac, at);
                }
            }
        }
        if (pxePort && (type == DhcpOptions.REQUEST || type == DhcpOptions.INFORM)) {
            DhcpMessage ack = DhcpReplies.proxy(request, settings.boot(), plan);
            // the event names the address the client has from the network's DHCP server, so that its
            // TFTP download can be told apart in the bastion's log
            return new Answer(ack, from, Via.PXE_PORT, event(request, ack, zero(request.ciaddr()) ? null : request.ciaddr(), plan, ""));
        }
        return none(mac, type, Outcome.IGNORED, null, DhcpOptions.typeName(type) + " on port "
                + (pxePort ? "4011" : "67") + " is for the DHCP server");
    }

    /**
     * Proxy mode: the address this PXE client last booted with, as its DHCP REQUEST (option 50 or
     * ciaddr) or its request to port 4011 named it; null when none was heard.
     */
    Inet4Address pxeAddress(String mac) {
        synchronized (pxeAddresses) {
            return pxeAddresses.get(mac);
        }
    }

    private Answer reply(DhcpMessage request, DhcpMessage reply, Inet4Address address, PxeBoot.Plan plan) {
        return reply(request, reply, address, plan, "");
    }

    private Answer reply(DhcpMessage request, DhcpMessage reply, Inet4Address address, PxeBoot.Plan plan, String reason) {
        return new Answer(reply, destination(request, reply.type()), Via.SERVER_PORT, event(request, reply, address, plan, reason));
    }

    private static DhcpEvent event(DhcpMessage request, DhcpMessage reply, Inet4Address address, PxeBoot.Plan plan, String reason) {
        PxeClient client = PxeClient.of(request);
        return new DhcpEvent(request.mac(), request.type(), Outcome.REPLIED, reply.type(), address,
                plan == null ? "" : plan.file(), reason, client.pxe() ? client.label() : "");
    }

    /**
     * RFC 2131 §4.1: through the relay when there is one; to the client's address when it has one
     * (a renewal); else broadcast, as a client without an address cannot take unicast (sending to
     * the offered address by MAC needs an ARP entry Java cannot write). A NAK is always broadcast.
     */
    InetSocketAddress destination(DhcpMessage request, int replyType) {
        if (!zero(request.giaddr())) {
            return new InetSocketAddress(request.giaddr(), DhcpSettings.SERVER_PORT);
        }
        if (replyType != DhcpOptions.NAK && !zero(request.ciaddr())) {
            return new InetSocketAddress(request.ciaddr(), settings.clientPort());
        }
        return new InetSocketAddress(BROADCAST, settings.clientPort());
    }

    private static Answer none(String mac, int type, Outcome outcome, Inet4Address address, String reason) {
        return new Answer(null, null, null, new DhcpEvent(mac, type, outcome, 0, address, "", reason));
    }

    private static boolean zero(Inet4Address address) {
        return address == null || address.isAnyLocalAddress();
    }

    private static Inet4Address address(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
