package org.labctl.provision.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.labctl.api.BastionAssigned;
import org.labctl.api.Conflict;
import org.labctl.api.CreateTokenRequest;
import org.labctl.api.NotFoundException;
import org.labctl.api.ServerInfo;
import org.labctl.api.Unavailable;
import org.labctl.bastion.BastionFleet;
import org.labctl.ca.JoinTokens;
import org.labctl.core.Inventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * labd as the bastions' fleet: environments under {@code baremetal}, kickstart join tokens (one
 * use, bound to the MAC and to the address the kickstart was served to, {@value #TOKEN_HOURS} hours,
 * label {@code role}), their revocation once a machine is reassigned or forgotten, and the deletion
 * of a reprovisioned machine's old server, which revokes its agent's certificate.
 *
 * <p>A bastion of {@code baremetal/ENV} touches only servers of that environment: server names are
 * unique across labd, so a hostname that a server elsewhere has is refused, and that server is left
 * alone, whoever asks (a user through labd, or a standalone bastion's agent certificate).
 */
@Component(service = BastionFleet.class)
public class LabdFleet implements BastionFleet {

    static final String CLOUD = "baremetal";
    static final int TOKEN_HOURS = 3;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LabdFleet.class);

    private final JoinTokens tokens;
    private final Inventory inventory;

    @Activate
    public LabdFleet(@Reference JoinTokens tokens, @Reference Inventory inventory) {
        this.tokens = tokens;
        this.inventory = inventory;
    }

    @Override
    public void serving(String environment) {
        inventory.ensureEnvironment(CLOUD, environment);
    }

    @Override
    public BastionAssigned assigning(String environment, String mac, String hostname, String previous, String by) {
        ServerInfo taken = inventory.server(hostname).orElse(null);
        if (taken != null && !ofEnvironment(taken, environment)) {
            // which environment it is in is not said: the caller may not be allowed to read it
            throw new Conflict("hostname " + hostname + " is taken by a server outside " + CLOUD + "/" + environment
                    + " (server names are unique across labd): a machine of this bastion cannot take it; pick another hostname");
        }
        if (taken != null && !hostname.equals(previous)) {
            throw new Conflict("a server named " + hostname + " is enrolled already in " + CLOUD + "/" + environment
                    + ": pick another hostname, or 'labctl delete server " + hostname + "' first");
        }
        int revoked = tokens.revokeUnused(CLOUD, environment, mac, creator(environment));
        if (revoked > 0) {
            LOG.info("{} unused kickstart token(s) of {} in {}/{} revoked: the machine is assigned again by {}", revoked, mac, CLOUD,
                    environment, by);
        }
        String deleted = null;
        if (previous != null) {
            ServerInfo old = inventory.server(previous).orElse(null);
            if (old != null && ofEnvironment(old, environment)) {
                try {
                    inventory.deleteServer(previous, by + " (reprovision by the bastion of " + environment + ")");
                    deleted = previous;
                    LOG.info("server {} deleted for its reprovision by {}: its agent certificate is revoked", previous, by);
                } catch (NotFoundException gone) {
                    // deleted meanwhile
                }
            } else if (old != null) {
                LOG.warn("reprovision of {} in {}/{} by {}: server {} is not one of that environment and is left alone", mac, CLOUD,
                        environment, by, previous);
            }
        }
        return new BastionAssigned(deleted, revoked);
    }

    @Override
    public int forgetting(String environment, String mac, String by) {
        int revoked = tokens.revokeUnused(CLOUD, environment, mac, creator(environment));
        if (revoked > 0) {
            LOG.info("{} unused kickstart token(s) of {} in {}/{} revoked: the machine is forgotten by {}", revoked, mac, CLOUD,
                    environment, by);
        }
        return revoked;
    }

    @Override
    public String joinToken(String environment, String mac, String address, String hostname, String role) throws IOException {
        try {
            inventory.ensureEnvironment(CLOUD, environment);
            return tokens.create(new CreateTokenRequest(false, null, Duration.ofHours(TOKEN_HOURS).toSeconds(), CLOUD, environment,
                    Map.of("role", role), mac, "kickstart of " + hostname), address, creator(environment)).token();
        } catch (Unavailable e) {
            throw new IOException("labd's database is not available", e);
        }
    }

    private static boolean ofEnvironment(ServerInfo server, String environment) {
        return CLOUD.equals(server.cloud()) && environment.equals(server.environment());
    }

    /** Who a bastion's kickstart tokens are recorded as created by: only these are revoked with its machines. */
    private static String creator(String environment) {
        return "bastion/" + environment;
    }
}
