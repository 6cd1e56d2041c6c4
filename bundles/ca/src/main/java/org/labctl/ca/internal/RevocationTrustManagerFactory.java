package org.labctl.ca.internal;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust manager factory {@value RevocationProvider#ALGORITHM}: the JDK's PKIX trust managers for
 * the trust store Jetty hands over (labd's CA), each wrapped in a {@link RevocationTrustManager}.
 */
final class RevocationTrustManagerFactory extends TrustManagerFactorySpi {

    private final TrustManagerFactory pkix;

    RevocationTrustManagerFactory() {
        try {
            this.pkix = TrustManagerFactory.getInstance("PKIX");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no PKIX trust manager factory", e);
        }
    }

    @Override
    protected void engineInit(KeyStore trustStore) throws KeyStoreException {
        if (trustStore == null) {
            // PKIX would fall back to the JDK's public CAs: never for labd's clients
            throw new KeyStoreException("trust manager factory " + RevocationProvider.ALGORITHM
                    + " needs a trust store (labd's CA)");
        }
        pkix.init(trustStore);
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        pkix.init(parameters);
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        for (TrustManager manager : pkix.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return new TrustManager[] {new RevocationTrustManager(x509)};
            }
        }
        throw new IllegalStateException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
    }
}
