package org.labctl.bastion.internal.kickstart;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The requests the tests render: fixed, so that the golden files stay the same. The worker installs
 * on {@code sda} with an admin key and a time zone; the infra node on {@code nvme0n1} (whose
 * partitions are {@code nvme0n1p1}…) with the defaults. Their token has the shape of a real one and
 * is not one.
 */
final class Requests {

    static final String MAC = "52:54:00:12:34:56";
    static final URI BASTION = URI.create("http://bastion.lab.example:8080/");
    static final URI LABD = URI.create("https://labd.lab.example:8443");
    static final String TOKEN = "LAB1" + "0123456789abcdef".repeat(4) + "::" + "00112233445566778899aabbccddeeff" + "."
            + "not-a-real-secret_only-for-the-golden-files";
    static final String ADMIN_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g admin@lab.example";

    private Requests() {
    }

    static KickstartRequest of(Role role, Mode mode) {
        return switch (role) {
            case WORKER -> new KickstartRequest(MAC, "worker-1.lab.example", role, mode, BASTION, LABD, TOKEN, null,
                    "Europe/Paris", List.of(ADMIN_KEY));
            case INFRA -> new KickstartRequest("52:54:00:ab:cd:ef", "infra-1", role, mode, BASTION, LABD, TOKEN, "nvme0n1",
                    null, null);
        };
    }

    /** The golden file of a role and mode: {@code worker-install.ks} and so on. */
    static String fileName(Role role, Mode mode) {
        return role.name().toLowerCase(Locale.ROOT) + "-" + mode.name().toLowerCase(Locale.ROOT) + ".ks";
    }
}
