package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class RenewalTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aCertificateIsDueWhenAThirdOfItsLifetimeOrLessIsLeft() throws Exception {
        X509Certificate ninetyDays = certificate(START, START.plus(Duration.ofDays(90)));
        assertFalse(Renewal.due(ninetyDays, START));
        assertFalse(Renewal.due(ninetyDays, START.plus(Duration.ofDays(59))));
        assertTrue(Renewal.due(ninetyDays, START.plus(Duration.ofDays(60))));
        assertTrue(Renewal.due(ninetyDays, START.plus(Duration.ofDays(89))));
        assertTrue(Renewal.due(ninetyDays, START.plus(Duration.ofDays(91))), "an expired certificate is due too");
    }

    @Test
    void shortLifetimesFollowTheSameRule() throws Exception {
        X509Certificate threeMinutes = certificate(START, START.plus(Duration.ofMinutes(3)));
        assertFalse(Renewal.due(threeMinutes, START.plus(Duration.ofSeconds(119))));
        assertTrue(Renewal.due(threeMinutes, START.plus(Duration.ofSeconds(120))));
    }

    private static X509Certificate certificate(Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = Pems.newKeyPair();
        X500Name name = new X500Name("CN=test");
        var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), name,
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
