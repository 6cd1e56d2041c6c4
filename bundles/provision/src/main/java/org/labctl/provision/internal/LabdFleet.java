package org.labctl.provision.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
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
 * use, bound to the MAC, {@value #TOKEN_HOURS} hours, label {@code role}), and the deletion of a
 * reprovisioned machine's old server, which revokes its agent's certificate.
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
    public void assigning(String environment, String hostname, String previous, String by) {
        ServerInfo taken = inventory.server(hostname).orElse(null);
        if (taken != null && !hostname.equals(previous)) {
            throw new Conflict("a server named " + hostname + " is enrolled already (in " + taken.cloud()
                    + (taken.environment() == null ? "" : "/" + taken.environment()) + "): pick another hostname, or "
                    + "'labctl delete server " + hostname + "' first");
        }
        if (previous != null) {
            try {
                inventory.deleteServer(previous, by + " (reprovision by the bastion of " + environment + ")");
                LOG.info("server {} deleted for its reprovision by {}: its agent certificate is revoked", previous, by);
            } catch (NotFoundException gone) {
                // deleted before (an earlier reprovision request), or never enrolled
            }
        }
    }

    @Override
    public String joinToken(String environment, String mac, String hostname, String role) throws IOException {
        try {
            inventory.ensureEnvironment(CLOUD, environment);
            return tokens.create(new CreateTokenRequest(false, null, Duration.ofHours(TOKEN_HOURS).toSeconds(), CLOUD, environment,
                    Map.of("role", role), mac, "kickstart of " + hostname), "bastion/" + environment).token();
        } catch (Unavailable e) {
            throw new IOException("labd's database is not available", e);
        }
    }
}
