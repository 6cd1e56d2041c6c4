package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EnrollmentServiceTest {

    @Test
    void agentLifetimesAreANumberAndAUnit() {
        assertEquals(Duration.ofDays(90), EnrollmentService.lifetime("90d"));
        assertEquals(Duration.ofHours(12), EnrollmentService.lifetime(" 12h "));
        assertEquals(Duration.ofMinutes(5), EnrollmentService.lifetime("5m"));
        assertEquals(Duration.ofSeconds(30), EnrollmentService.lifetime("30s"));
    }

    @Test
    void badOrTooShortLifetimesAreRefusedWithTheRule() {
        for (String bad : new String[] {"", "90", "d", "-1d", "1w", "1.5d", "29s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnrollmentService.lifetime(bad), bad);
            assertTrue(e.getMessage().startsWith("agent.lifetime must be"), e.getMessage());
        }
    }

    @Test
    void serverNamesAreLowerCasedAndChecked() {
        assertEquals("node-1.lab", EnrollmentService.serverName(" Node-1.Lab "));
        assertThrows(org.labctl.api.InvalidArgument.class, () -> EnrollmentService.serverName("-bad"));
        assertThrows(org.labctl.api.InvalidArgument.class, () -> EnrollmentService.serverName(null));
    }
}
