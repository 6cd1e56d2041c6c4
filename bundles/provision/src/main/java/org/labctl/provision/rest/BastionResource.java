package org.labctl.provision.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.labctl.api.BastionAssigned;
import org.labctl.api.BastionAssignment;
import org.labctl.api.BastionInfo;
import org.labctl.api.BastionLog;
import org.labctl.api.BastionTokenRequest;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.api.MachineInfo;
import org.labctl.api.NotFoundException;
import org.labctl.api.PermissionDenied;
import org.labctl.api.ProvisionRequest;
import org.labctl.api.ServerInfo;
import org.labctl.api.Unavailable;
import org.labctl.bastion.Bastion;
import org.labctl.bastion.BastionFleet;
import org.labctl.core.Access;
import org.labctl.core.Inventory;
import org.labctl.core.Permit;
import org.labctl.core.Requires;
import org.labctl.core.RestEndpoint;
import org.labctl.provision.internal.BastionKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code /api/v1/bastions}: the bastions this labd runs, the machines each knows
 * ({@code read:baremetal:ENV:*}), their assignment ({@code manage:baremetal:ENV:*}) and the
 * bastion's log ({@code read}). Every call is audited by labd's access filter.
 *
 * <pre>
 * GET    /bastions                          the bastions the caller may read
 * GET    /bastions/ENV                      one
 * GET    /bastions/ENV/machines             its machines
 * PUT    /bastions/ENV/machines/MAC         install or reprovision ({"hostname","role","mode"})
 * DELETE /bastions/ENV/machines/MAC         forget
 * GET    /bastions/ENV/log?mac=&amp;lines=&amp;after=   its log (after: follow from an earlier answer's next)
 * POST   /bastions/ENV/tokens               a standalone bastion registered with labd: a kickstart's join token
 * DELETE /bastions/ENV/tokens/MAC           a standalone bastion registered with labd: it forgot the machine
 * POST   /bastions/ENV/assignments          a standalone bastion registered with labd: before it assigns a machine
 * </pre>
 * The last three take an agent certificate: that of the server a standalone bastion enrolled as
 * ({@code labctl init bastion standalone start --labd URL --token T}), which must be in
 * {@code baremetal/ENV} with label {@value #BASTION_LABEL}{@code =true}.
 */
@Component(service = RestEndpoint.class)
@Path("/bastions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BastionResource implements RestEndpoint {

    static final String CLOUD = BastionKind.CLOUD;
    /** The label that makes an enrolled server a bastion of its environment. */
    public static final String BASTION_LABEL = "labctl.org/bastion";
    private static final int LINES_MAX = 100_000;
    private static final java.util.regex.Pattern SERVER_NAME = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    private final List<Bastion> bastions = new CopyOnWriteArrayList<>();
    private final BastionFleet fleet;
    private final Inventory inventory;

    @Activate
    public BastionResource(@Reference BastionFleet fleet, @Reference Inventory inventory) {
        this.fleet = fleet;
        this.inventory = inventory;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBastion(Bastion bastion) {
        bastions.add(bastion);
    }

    void removeBastion(Bastion bastion) {
        bastions.remove(bastion);
    }

    @GET
    @Requires(action = "read", kind = "bastion", list = true)
    public List<BastionInfo> list(@Context HttpServletRequest request) {
        Access access = Access.of(request.getAttribute(Access.ATTRIBUTE));
        return bastions.stream().filter(b -> access.allows("read", CLOUD, b.environment(), "*")).map(Bastion::info)
                .sorted(Comparator.comparing(BastionInfo::environment)).toList();
    }

    @GET
    @Path("/{name}")
    @Requires(action = "read", kind = "bastion", name = "{name}")
    public BastionInfo get(@PathParam("name") String name) {
        return bastion(name).info();
    }

    @GET
    @Path("/{name}/machines")
    @Requires(action = "read", kind = "bastion", name = "{name}")
    public List<MachineInfo> machines(@PathParam("name") String name) {
        return bastion(name).machines();
    }

    @PUT
    @Path("/{name}/machines/{mac}")
    @Requires(action = "manage", kind = "bastion", name = "{name}")
    public MachineInfo provision(@PathParam("name") String name, @PathParam("mac") String mac, ProvisionRequest body,
            @Context HttpServletRequest request) {
        Bastion bastion = bastion(name);
        mayManageServersOf(bastion, name, mac, body, Access.of(request.getAttribute(Access.ATTRIBUTE)));
        return bastion.provision(mac, body, caller(request));
    }

    /**
     * The servers an assignment touches, the hostname and on a reprovision the name the machine was
     * installed under, must be ones the caller may manage: a deny rule on one of them holds here too.
     */
    private static void mayManageServersOf(Bastion bastion, String environment, String mac, ProvisionRequest body, Access access) {
        if (body == null) {
            return; // the bastion refuses it with what to send
        }
        List<String> touched = new java.util.ArrayList<>();
        touched.add(body.hostname());
        if ("reprovision".equalsIgnoreCase(body.mode())) {
            String key = mac == null ? "" : mac.trim().toLowerCase(java.util.Locale.ROOT).replace('-', ':');
            bastion.machines().stream().filter(machine -> key.equals(machine.mac())).map(MachineInfo::hostname).forEach(touched::add);
        }
        for (String server : touched) {
            if (server != null && SERVER_NAME.matcher(server).matches()) {
                Access.Verdict verdict = access.check("manage", CLOUD, environment, server);
                if (!verdict.allowed()) {
                    throw new PermissionDenied(verdict.reason());
                }
            }
        }
    }

    @DELETE
    @Path("/{name}/machines/{mac}")
    @Requires(action = "manage", kind = "bastion", name = "{name}")
    public MachineInfo forget(@PathParam("name") String name, @PathParam("mac") String mac, @Context HttpServletRequest request) {
        return bastion(name).forget(mac, caller(request));
    }

    @GET
    @Path("/{name}/log")
    @Requires(action = "read", kind = "bastion", name = "{name}")
    public BastionLog log(@PathParam("name") String name, @QueryParam("mac") String mac, @QueryParam("lines") Integer lines,
            @QueryParam("after") Long after) {
        if (lines != null && (lines < 0 || lines > LINES_MAX)) {
            throw new InvalidArgument("lines must be from 0 to " + LINES_MAX + ", not " + lines);
        }
        return bastion(name).log(mac == null || mac.isBlank() ? null : mac, lines, after);
    }

    @POST
    @Path("/{name}/tokens")
    @Permit(Permit.Who.AGENT)
    public Map<String, String> token(@PathParam("name") String name, BastionTokenRequest body, @Context HttpServletRequest request) {
        registered(name, request);
        if (body == null || body.mac() == null || body.address() == null) {
            throw new InvalidArgument("send {\"mac\", \"address\", \"hostname\", \"role\"}: the address is the one the kickstart is "
                    + "served to (or the bastion's enroll.from)");
        }
        try {
            return Map.of("token", fleet.joinToken(name, body.mac(), body.address(), body.hostname(), body.role()));
        } catch (java.io.IOException e) {
            throw new Unavailable("no join token can be issued now: " + e.getMessage());
        }
    }

    @DELETE
    @Path("/{name}/tokens/{mac}")
    @Permit(Permit.Who.AGENT)
    public Map<String, Integer> forgetting(@PathParam("name") String name, @PathParam("mac") String mac,
            @Context HttpServletRequest request) {
        ServerInfo bastion = registered(name, request);
        return Map.of("revoked", fleet.forgetting(name, mac, "bastion " + bastion.name()));
    }

    @POST
    @Path("/{name}/assignments")
    @Permit(Permit.Who.AGENT)
    public BastionAssigned assigning(@PathParam("name") String name, BastionAssignment body, @Context HttpServletRequest request) {
        ServerInfo bastion = registered(name, request);
        if (body == null || body.hostname() == null || body.mac() == null) {
            throw new InvalidArgument("send {\"mac\", \"hostname\", \"previous\", \"by\"}");
        }
        return fleet.assigning(name, body.mac(), body.hostname(), body.previous(),
                (body.by() == null ? "?" : body.by()) + " on bastion " + bastion.name());
    }

    /** The calling agent's server, when it is a bastion of {@code baremetal/ENV}; else PermissionDenied. */
    private ServerInfo registered(String environment, HttpServletRequest request) {
        Caller caller = Caller.of(request.getAttribute(Caller.ATTRIBUTE));
        ServerInfo server = inventory.serverWithId(caller.name()).orElse(null);
        if (server == null || !CLOUD.equals(server.cloud()) || !environment.equals(server.environment())
                || !"true".equals(server.labels().get(BASTION_LABEL))) {
            throw new PermissionDenied("this agent is not a bastion of " + CLOUD + "/" + environment + ": its server must be in "
                    + "that environment with label " + BASTION_LABEL + "=true (labctl create token --env " + environment
                    + " --label " + BASTION_LABEL + "=true makes the token to register a bastion with)");
        }
        return server;
    }

    private Bastion bastion(String name) {
        return bastions.stream().filter(b -> b.environment().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no bastion serves environment " + name + " on this labd"
                        + (bastions.isEmpty() ? ": it runs none (etc/org.labctl.bastion.cfg configures one)"
                        : " (it runs " + String.join(", ", bastions.stream().map(Bastion::environment).sorted().toList()) + ")")));
    }

    private static String caller(HttpServletRequest request) {
        return Caller.of(request.getAttribute(Caller.ATTRIBUTE)).name();
    }
}
