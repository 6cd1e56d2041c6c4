package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void aSelectorIsKeyValuePairsSeparatedByCommas() {
        assertEquals(Map.of("rack", "r1", "tier", "gold"), Labels.selector("rack=r1,tier=gold"));
        assertEquals(List.of("tier", "rack"), List.copyOf(Labels.selector("tier=gold, rack=r1").keySet()), "in the order written");
        assertEquals(Map.of("rack", ""), Labels.selector("rack="), "an empty value selects the label set to \"\"");
        assertEquals(Map.of(), Labels.selector(null));
        assertEquals(Map.of(), Labels.selector(" "));
    }

    @Test
    void whatIsNotASelectorIsRefusedNamingThePair() {
        for (String selector : List.of("rack", "rack=r1,", "=r1", ",rack=r1", "rack=r1,,tier=gold")) {
            InvalidArgument refused = assertThrows(InvalidArgument.class, () -> Labels.selector(selector), selector);
            assertTrue(refused.getMessage().startsWith("label selector '"), refused.getMessage());
            assertTrue(refused.getMessage().contains("is not KEY=VALUE"), refused.getMessage());
        }
        assertTrue(assertThrows(InvalidArgument.class, () -> Labels.selector("rack!=r1")).getMessage()
                .startsWith("label key 'rack!' is not valid"));
        assertTrue(assertThrows(InvalidArgument.class, () -> Labels.selector("rack=r 1")).getMessage()
                .startsWith("label value 'r 1' of rack is not valid"));
        assertEquals("label selector 'rack=r1,rack=r2' names rack twice: a server has one value for each label",
                assertThrows(InvalidArgument.class, () -> Labels.selector("rack=r1,rack=r2")).getMessage());
    }
}
