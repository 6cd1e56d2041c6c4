package org.labctl.bastion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.bastion.internal.dhcp.DhcpSettings;

class BastionConfigTest {

    private static final Path BASE = Path.of("/var/lib/labd/bastion");

    private static BastionConfig read(Map<String, Object> values) {
        return BastionConfig.read(values, BASE::resolve);
    }

    private static Map<String, Object> minimal() {
        Map<String, Object> values = new HashMap<>();
        values.put("environment", "lab");
        values.put("labd.url", "https://labd.example.net:8443");
        return values;
    }

    @Test
    void theMinimalConfigurationServesHttpOnLoopbackOnly() {
        BastionConfig config = read(minimal());
        assertEquals("lab", config.environment());
        assertEquals(BASE.resolve("lab"), config.data());
        assertEquals(BASE.resolve("lab/boot"), config.bootDir());
        assertEquals("/127.0.0.1:8080", config.http().bind().toString());
        assertEquals("http://127.0.0.1:8080", config.http().url().toString());
        assertEquals(BastionConfig.DEFAULT_REPO, config.http().installer().repo().toString());
        assertNull(config.dhcp());
        assertNull(config.tftp());
    }

    @Test
    void fullDhcpBringsTftpAndTheUrlOnTheProvisioningAddress() {
        Map<String, Object> values = minimal();
        values.put("dhcp", "full");
        values.put("dhcp.address", "10.77.0.1");
        values.put("dhcp.range", "10.77.0.100 - 10.77.0.199");
        values.put("dhcp.dns", "10.77.0.1, 1.1.1.1");
        values.put("http.bind", "0.0.0.0");
        BastionConfig config = read(values);
        assertEquals(DhcpSettings.Mode.FULL, config.dhcp().mode());
        assertEquals("10.77.0.100", config.dhcp().rangeFirst().getHostAddress());
        assertEquals(2, config.dhcp().network().dns().size());
        assertEquals(69, config.tftp().getPort());
        assertEquals("http://10.77.0.1:8080", config.http().url().toString());
        assertEquals(BASE.resolve("lab"), config.dhcp().dataDirectory());
    }

    @Test
    void kickstartTokensAreBoundToTheMachineUnlessANatIsNamed() throws Exception {
        java.net.InetAddress machine = java.net.InetAddress.getByName("10.77.0.120");
        assertEquals("10.77.0.120", read(minimal()).enrollmentAddress(machine));
        Map<String, Object> nat = minimal();
        nat.put("enroll.from", "192.0.2.7");
        assertEquals("192.0.2.7", read(nat).enrollmentAddress(machine), "labd sees the NAT's address");
        nat.put("enroll.from", "192.0.2.0/28");
        assertEquals("192.0.2.0/28", read(nat).enrollmentAddress(machine));
    }

    @Test
    void everyWrongValueIsRefusedNamingItsKey() {
        String[][] cases = {
            {"environment", "Lab!", "environment must be"},
            {"http.port", "80000", "http.port must be a number from 1 to 65535"},
            {"http.bind", "localhost", "http.bind must be an IP address"},
            {"dhcp", "maybe", "dhcp must be off, proxy or full"},
            {"data", "relative/dir", "data must be an absolute path"},
            {"labd.url", "http://labd:8443", "labd.url"},
            {"installer.kernel", "../vmlinuz", "kernel must be a file name"},
            {"enroll.from", "labd-nat.example", "enroll.from must be machine, or the IP address"},
            {"enroll.from", "10.0.0.0/33", "enroll.from must be machine"},
        };
        for (String[] c : cases) {
            Map<String, Object> values = minimal();
            values.put(c[0], c[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(values), c[0]);
            assertTrue(e.getMessage().contains(c[2]), c[0] + ": " + e.getMessage());
        }
        Map<String, Object> noLabd = minimal();
        noLabd.remove("labd.url");
        assertNull(read(noLabd).http().labd(), "a standalone bastion may run without labd");
        Map<String, Object> proxy = minimal();
        proxy.put("dhcp", "proxy");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(proxy)).getMessage().startsWith("dhcp.address is required"));
        Map<String, Object> full = minimal();
        full.put("dhcp", "full");
        full.put("dhcp.address", "10.77.0.1");
        full.put("dhcp.range", "10.77.0.100");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(full)).getMessage().startsWith("dhcp.range must be FIRST-LAST"));
        Map<String, Object> wildcard = minimal();
        wildcard.put("http.bind", "0.0.0.0");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(wildcard)).getMessage().startsWith("url is required"));
    }
}
