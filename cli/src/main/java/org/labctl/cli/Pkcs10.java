package org.labctl.cli;

import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests, the one thing labctl needs BouncyCastle for: the JDK has
 * no public API to build one. Only {@link NewUserKeys#csr()} reaches this class, so BouncyCastle is
 * loaded by {@code labctl create user} alone and no other command pays for it at start-up.
 */
final class Pkcs10 {

    /** What labd signs certificates with, and what it expects of a CSR (DESIGN.md §4). */
    private static final String SIGNATURE = "SHA256withECDSA";

    private Pkcs10() {
    }

    /**
     * A request for {@code keys}, signed with their private key, for subject {@code O=labctl, CN=<commonName>}
     * as labd makes them; labd decides the certificate's names, this subject is for people reading the CSR.
     */
    static byte[] request(KeyPair keys, String commonName) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "labctl")
                .addRDN(BCStyle.CN, commonName)
                .build();
        try {
            // the JDK's own ECDSA: no BouncyCastle provider is registered
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate());
            return new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic()).build(signer).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot sign a certificate request with " + SIGNATURE
                    + " in this Java runtime: " + e.getMessage(), e);
        }
    }
}
