package org.labctl.api.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModuleFilesTest {

    @Test
    void aModulesLogIsUnderItsDirectoryInTheAgentsData() {
        Path data = Path.of("/var/lib/lab-agent");
        assertEquals(Path.of("/var/lib/lab-agent/modules/clock/module.log"), ModuleFiles.log(data, "clock"));
        assertEquals(Path.of("/var/lib/lab-agent/modules/k3s-server"), ModuleFiles.module(data, "k3s-server"));
        assertEquals(Path.of("/var/lib/lab-agent/modules"), ModuleFiles.root(data));
    }

    @Test
    void onlyAModulesNameBecomesAPath() {
        for (String name : new String[] {"..", ".", "../x", "a/b", "/etc", "Clock", "-x", "x-", "", "a\nb", "x".repeat(64)}) {
            assertFalse(ModuleFiles.isName(name), name);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ModuleFiles.log(Path.of("/d"), name)).getMessage()
                    .contains("is not a module's name"), name);
        }
        assertThrows(IllegalArgumentException.class, () -> ModuleFiles.name(null));
        assertTrue(ModuleFiles.isName("x".repeat(63)));
        assertTrue(ModuleFiles.isName("a"));
    }
}
