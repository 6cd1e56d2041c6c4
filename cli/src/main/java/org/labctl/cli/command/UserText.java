package org.labctl.cli.command;

import java.time.Instant;
import java.util.List;
import org.labctl.api.CertificateInfo;
import org.labctl.api.UserInfo;
import org.labctl.cli.Times;

/** How users and their certificates read in tables. */
final class UserText {

    static final String NONE = "<none>";

    private UserText() {
    }

    static List<CertificateInfo> certificates(UserInfo user) {
        return user.certificates() == null ? List.of() : user.certificates();
    }

    /** Neither revoked nor past its end: a certificate the user can still connect with. */
    static boolean active(CertificateInfo certificate, Instant now) {
        Instant notAfter = Times.parse(certificate.notAfter());
        return certificate.revokedAt() == null && (notAfter == null || notAfter.isAfter(now));
    }

    /** {@code 1/2}: active certificates of all. */
    static String certificateCount(UserInfo user, Instant now) {
        List<CertificateInfo> all = certificates(user);
        return all.stream().filter(certificate -> active(certificate, now)).count() + "/" + all.size();
    }

    /** When the user's last active certificate expires, such as {@code 89d}. */
    static String expires(UserInfo user, Instant now) {
        return certificates(user).stream()
                .filter(certificate -> active(certificate, now))
                .map(CertificateInfo::notAfter)
                .filter(notAfter -> Times.parse(notAfter) != null)
                .max((a, b) -> Times.parse(a).compareTo(Times.parse(b)))
                .map(notAfter -> Times.until(notAfter, now, NONE))
                .orElse(NONE);
    }

    /** The certificates labd revokes when the user is deleted: all that are not revoked yet. */
    static long unrevoked(UserInfo user) {
        return certificates(user).stream().filter(certificate -> certificate.revokedAt() == null).count();
    }

    static String orNone(String text) {
        return text == null || text.isBlank() ? NONE : text;
    }
}
