package org.labctl.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabelChange;

/** How the lab:* commands read what Karaf hands them. */
class CommandArgumentsTest {

    @Test
    void theOperatorsKeyComesAsAnOptionOrAfterTheName() {
        assertEquals("ecdsa-sha2-nistp256 AAAA me@host", OperatorAddCommand.key(null, List.of("--key", "ecdsa-sha2-nistp256 AAAA me@host")));
        assertEquals("ecdsa-sha2-nistp256 AAAA me@host", OperatorAddCommand.key(null, List.of("ecdsa-sha2-nistp256", "AAAA", "me@host")));
        assertEquals("ssh-rsa AAAA", OperatorAddCommand.key(" ssh-rsa AAAA ", null));
        assertThrows(InvalidArgument.class, () -> OperatorAddCommand.key("ssh-rsa AAAA", List.of("ssh-rsa", "BBBB")));
        assertThrows(InvalidArgument.class, () -> OperatorAddCommand.key(null, List.of("--key")));
    }

    @Test
    void labelsAreSetWithKeyValueAndRemovedWithKeyDash() {
        LabelChange change = ServerLabelCommand.change(List.of("rack=r1", "tier=", "old-"));
        assertEquals(Map.of("rack", "r1", "tier", ""), change.set());
        assertEquals(List.of("old"), change.remove());
        assertThrows(InvalidArgument.class, () -> ServerLabelCommand.change(List.of("rack")));
        assertThrows(InvalidArgument.class, () -> ServerLabelCommand.change(List.of("-")));
    }

    @Test
    void auditTimesAreIsoOrHowLongAgo() {
        assertEquals("2026-11-29T10:00:00+01:00", AuditCommand.time("2026-11-29T10:00:00+01:00"));
        Instant twoHoursAgo = Instant.parse(AuditCommand.time("2h"));
        assertTrue(Duration.between(twoHoursAgo, Instant.now()).minusHours(2).abs().getSeconds() < 60);
        assertEquals(null, AuditCommand.time(" "));
        InvalidArgument bad = assertThrows(InvalidArgument.class, () -> AuditCommand.time("yesterday"));
        assertTrue(bad.getMessage().contains("30m"));
    }
}
