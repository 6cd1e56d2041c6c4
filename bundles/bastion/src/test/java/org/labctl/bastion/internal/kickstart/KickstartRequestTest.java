package org.labctl.bastion.internal.kickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every value that goes into a kickstart is checked: attempts to inject kickstart or shell syntax
 * (a semicolon, a line break, a blank, a quote, a {@code $(…)}) through any field are refused with an
 * {@link IllegalArgumentException} whose message names the field and says what is accepted, and
 * shows the bad value escaped, except the token's, which it never shows.
 */
class KickstartRequestTest {

    /** The worker request of {@link Requests}, one component changed. */
    private static final class Fields {
        String mac = Requests.MAC;
        String hostname = "worker-1";
        Role role = Role.WORKER;
        Mode mode = Mode.INSTALL;
        URI bastion = Requests.BASTION;
        URI labd = Requests.LABD;
        String token = Requests.TOKEN;
        String disk;
        String timezone;
        List<String> sshKeys = List.of(Requests.ADMIN_KEY);

        KickstartRequest build() {
            return new KickstartRequest(mac, hostname, role, mode, bastion, labd, token, disk, timezone, sshKeys);
        }
    }

    private static KickstartRequest with(Consumer<Fields> change) {
        Fields fields = new Fields();
        change.accept(fields);
        return fields.build();
    }

    /** The message of the refusal, which must start with the field's name and say what it accepts. */
    private static String refused(String field, Consumer<Fields> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with(change), field);
        assertTrue(e.getMessage().startsWith(field + " must be "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "the message is one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void hostnameInjectionIsRefused() {
        for (String bad : List.of("worker-1;reboot", "worker-1\n%pre\nrm -rf /\n%end", "worker 1", "worker-1 --noformat",
                "$(reboot)", "'worker'", "\"worker\"", "-worker", "worker-", "worker..lab", "", "a".repeat(64),
                "wörker", "worker_1")) {
            String message = refused("hostname", f -> f.hostname = bad);
            assertTrue(message.contains("RFC 1123 labels"), message);
        }
        assertEquals("hostname must be RFC 1123 labels separated by dots, like worker-1 or worker-1.lab.example: letters, "
                + "digits and '-', 1 to 63 characters a label, no '-' at either end, 253 characters in all, not "
                + "'worker-1\\n%pre'", refused("hostname", f -> f.hostname = "worker-1\n%pre"));
        assertEquals("worker-1.lab.example", with(f -> f.hostname = "Worker-1.LAB.example").hostname());
        assertEquals(253, with(f -> f.hostname = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61)).hostname().length());
        refused("hostname", f -> f.hostname = ("a".repeat(63) + ".").repeat(3) + "b".repeat(62));
        refused("hostname", f -> f.hostname = null);
    }

    @Test
    void tokenInjectionIsRefusedWithoutShowingTheToken() {
        for (String bad : List.of(Requests.TOKEN + "'; reboot; '", Requests.TOKEN + "\"", "\"" + Requests.TOKEN + "\"",
                Requests.TOKEN + " --name other", Requests.TOKEN + "\n", Requests.TOKEN + "$(id)", "short")) {
            String message = refused("token", f -> f.token = bad);
            assertTrue(message.contains("as 'labctl create token' prints it") && message.contains("it is not shown here"), message);
            assertFalse(message.contains(Requests.TOKEN.substring(0, 20)), "the message shows no part of the token: " + message);
        }
        assertFalse(with(f -> { }).toString().contains(Requests.TOKEN.substring(4, 20)), "toString hides the token");
    }

    @Test
    void urlsWithSpacesQuotesOrExtrasAreRefused() {
        IllegalArgumentException spaces = assertThrows(IllegalArgumentException.class,
                () -> KickstartRequest.bastionUrl("http://bastion.lab.example/pxe files"));
        assertTrue(spaces.getMessage().startsWith("bastion must be an http or https URL"), spaces.getMessage());
        assertTrue(spaces.getMessage().endsWith("not 'http://bastion.lab.example/pxe files'"), spaces.getMessage());
        for (String bad : List.of("http://bastion.lab.example/x';reboot;'", "http://bastion.lab.example/a%20b",
                "http://user:secret@bastion.lab.example/", "http://bastion.lab.example/?x=1", "http://bastion.lab.example/#x",
                "ftp://bastion.lab.example/", "http:/bastion", "bastion.lab.example", "http://bastion.lab.example:0",
                "http://bastion.lab.example:65536", "http://bastion.lab.example//x", "http://bast$ion/")) {
            URI uri;
            try {
                uri = new URI(bad);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri != null) {
                URI given = uri;
                assertTrue(refused("bastion", f -> f.bastion = given).contains(bad), bad);
            }
            assertThrows(IllegalArgumentException.class, () -> KickstartRequest.bastionUrl(bad), bad);
        }
        String message = refused("labd", f -> f.labd = URI.create("http://labd.lab.example:8443"));
        assertTrue(message.startsWith("labd must be an https URL"), message);
        refused("bastion", f -> f.bastion = null);
        assertEquals(URI.create("http://[fd00::2]:8080/pxe"), with(f -> f.bastion = URI.create("http://[fd00::2]:8080/pxe")).bastion());
        assertEquals(URI.create("https://10.0.0.5:8443"), KickstartRequest.labdUrl("https://10.0.0.5:8443"));
    }

    @Test
    void macMustBeSixColonSeparatedPairs() {
        for (String bad : List.of("52:54:00:12:34", "52-54-00-12-34-56", "525400123456", "52:54:00:12:34:56\n", "52:54:00:12:34:5g",
                "52:54:00:12:34:56;reboot")) {
            refused("mac", f -> f.mac = bad);
        }
        assertEquals("52:54:00:ab:cd:ef", with(f -> f.mac = "52:54:00:AB:CD:EF").mac());
    }

    @Test
    void diskTimezoneAndRoleAreChecked() {
        for (String bad : List.of("/dev/sda", "sda;reboot", "sda --grow", "SDA", "sd a", "")) {
            assertTrue(refused("disk", f -> f.disk = bad).contains("like sda, vda or nvme0n1"));
        }
        for (String bad : List.of("Europe/Nowhere", "UTC --ntpservers=evil", "UTC;x", "../../etc/passwd", "")) {
            assertTrue(refused("timezone", f -> f.timezone = bad).contains("like UTC or Europe/Paris"));
        }
        KickstartRequest defaults = with(f -> { });
        assertEquals("sda", defaults.disk());
        assertEquals("UTC", defaults.timezone());
        assertEquals("America/Argentina/Buenos_Aires", with(f -> f.timezone = "America/Argentina/Buenos_Aires").timezone());
        assertThrows(IllegalArgumentException.class, () -> with(f -> f.role = null));
        assertThrows(IllegalArgumentException.class, () -> with(f -> f.mode = null));
    }

    @Test
    void sshKeysMustBeOneKeyLineEach() {
        String blob = Requests.ADMIN_KEY.split(" ")[1];
        for (String bad : List.of(Requests.ADMIN_KEY + "\" --username=root \"", Requests.ADMIN_KEY + "\nrootpw x",
                "ssh-ed25519 " + blob + " two words", "ssh-rsa " + blob, "ssh-dss " + blob, "ssh-ed25519 notbase64!!",
                "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB", "ssh-ed25519", "")) {
            assertTrue(refused("sshKeys[1]", f -> f.sshKeys = List.of(Requests.ADMIN_KEY, bad)).contains("one OpenSSH public key line"));
        }
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        refused("sshKeys[0]", f -> f.sshKeys = withNull);
        assertEquals(List.of(), with(f -> f.sshKeys = null).sshKeys());
        assertEquals(List.of("ssh-ed25519 " + blob), with(f -> f.sshKeys = List.of("ssh-ed25519 " + blob)).sshKeys());
    }
}
