package org.labctl.ca.internal;

import java.security.Security;
import org.labctl.ca.CertificateAuthority;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link RevocationProvider} while this bundle runs, and points it at labd's CA
 * whenever one is registered. An activator rather than a component: on a restart Pax Web starts
 * the HTTPS listener from the configuration of the previous run as soon as it starts (start level
 * 30, like Declarative Services itself), and Jetty then asks the JDK for the trust manager factory
 * by name; this bundle starts at a lower level, so the provider is already there.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public class RevocationProviderActivator implements BundleActivator {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationProviderActivator.class);

    private RevocationProvider provider;
    private ServiceTracker<CertificateAuthority, CertificateAuthority> authorities;

    @Override
    public void start(BundleContext context) {
        provider = new RevocationProvider();
        // one a previous revision of this bundle left behind, if it could not stop cleanly
        Security.removeProvider(RevocationProvider.NAME);
        Security.addProvider(provider);
        authorities = new ServiceTracker<>(context, CertificateAuthority.class, new ServiceTrackerCustomizer<>() {
            @Override
            public CertificateAuthority addingService(ServiceReference<CertificateAuthority> reference) {
                CertificateAuthority ca = context.getService(reference);
                provider.revocations(ca::isRevoked);
                return ca;
            }

            @Override
            public void modifiedService(ServiceReference<CertificateAuthority> reference, CertificateAuthority ca) {
            }

            @Override
            public void removedService(ServiceReference<CertificateAuthority> reference, CertificateAuthority ca) {
                provider.revocations(null);
                context.ungetService(reference);
            }
        });
        authorities.open();
        LOG.info("Client certificates are checked against revocations at the TLS handshake (JCA provider {}, trust manager factory {})",
                RevocationProvider.NAME, RevocationProvider.ALGORITHM);
    }

    @Override
    public void stop(BundleContext context) {
        authorities.close();
        if (Security.getProvider(RevocationProvider.NAME) == provider) {
            Security.removeProvider(RevocationProvider.NAME);
        }
        provider = null;
    }
}
