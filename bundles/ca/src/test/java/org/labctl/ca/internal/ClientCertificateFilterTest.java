package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientCertificateFilterTest {

    @Test
    void anAgentCertificateReachesItsSocketRenewalAndAStandaloneBastionsCallsOnly() {
        for (String path : new String[] {"/api/v1/bastions/rack2/tokens", "/api/v1/bastions/rack2/assignments",
            "/api/v1/bastions/rack2/tokens/52:54:00:aa:bb:06", "/api/v1/bastions/rack2/tokens/52%3A54%3A00%3Aaa%3Abb%3A06"}) {
            assertTrue(ClientCertificateFilter.agentPath(path), path);
        }
        for (String path : new String[] {"/api/v1/bastions/rack2/machines", "/api/v1/bastions/rack2/tokens/52:54:00:aa:bb",
            "/api/v1/bastions/rack2/tokens/../../servers", "/api/v1/servers", "/api/v1/bastions/rack2/tokens/x"}) {
            assertFalse(ClientCertificateFilter.agentPath(path), path);
        }
    }
}
