package org.labctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorShellTest {

    @Test
    void aCommandLineLeavesOutAbsentWordsAndQuotesThoseWithBlanks() {
        assertEquals("lab:servers", OperatorShell.line("lab:servers", null, null));
        assertEquals("lab:user-create dave --description 'on call'", OperatorShell.line("lab:user-create", "dave", "--description",
                "on call"));
        assertEquals("lab:role-create ops --allow read:*:*:roles --allow manage:*:*:roles", OperatorShell.line("lab:role-create", "ops",
                List.of("--allow", "read:*:*:roles", "--allow", "manage:*:*:roles"), List.of()));
        assertEquals("lab:audit --limit 5 ''", OperatorShell.line("lab:audit", "--limit", 5, ""));
        assertEquals("lab:x 'it'\\''s'", OperatorShell.line("lab:x", "it's"));
    }

    @Test
    void fieldsAreAlignedAndAbsentOnesSayNone() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", "web-1");
        fields.put("Environment", null);
        fields.put("Labels", " ");
        assertEquals("Name:        web-1\nEnvironment: <none>\nLabels:      <none>\n", OperatorShell.fields(fields).replace("\r", ""));
    }
}
