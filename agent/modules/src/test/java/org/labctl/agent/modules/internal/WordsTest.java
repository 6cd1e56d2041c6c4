package org.labctl.agent.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleException;

/** Felix's resolver messages in words (the real ones are met in ModuleRuntimeTest). */
class WordsTest {

    @Test
    void aMissingPackageWithAVersionRange() {
        String felix = "Unable to resolve test.alpha [7](R 7.0): missing requirement [test.alpha [7](R 7.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=org.foo)(version>=1.2.0)(!(version>=2.0.0))) Unresolved requirements: [[test.alpha [7](R 7.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=org.foo)(version>=1.2.0)(!(version>=2.0.0)))]";
        assertEquals("alpha.jar does not resolve: missing requirement: package org.foo (version >= 1.2.0, < 2.0.0)",
                Words.startFailure("alpha.jar", new BundleException(felix, BundleException.RESOLVE_ERROR)));
    }

    @Test
    void aRequirementMissingFurtherDownNamesTheBundleThatLacksIt() {
        String felix = "Unable to resolve a [1](R 1.0): missing requirement [a [1](R 1.0)] osgi.wiring.package; (osgi.wiring.package=org.lib) "
                + "[caused by: Unable to resolve lib [2](R 2.0): missing requirement [lib [2](R 2.0)] osgi.wiring.bundle; "
                + "(&(osgi.wiring.bundle=org.base)(bundle-version>=3.0.0))] Unresolved requirements: [[a [1](R 1.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=org.lib)]";
        assertEquals("missing requirement: bundle org.base (version >= 3.0.0) (of bundle lib, which it needs)", Words.missingRequirement(felix));
    }

    @Test
    void otherStartFailuresKeepTheirMessageAndCauses() {
        BundleException activator = new BundleException("Activator start error in bundle test.alpha [7].", BundleException.ACTIVATOR_ERROR,
                new IllegalStateException("port 123 is taken"));
        assertEquals("alpha.jar does not start: Activator start error in bundle test.alpha [7].: port 123 is taken",
                Words.startFailure("alpha.jar", activator));
        assertNull(Words.missingRequirement("something else"));
    }

    @Test
    void messagesAreOneLine() {
        assertEquals("a b c", Words.oneLine("a\nb\r\n\tc\n"));
        assertEquals(Words.MAX_MESSAGE, Words.oneLine("x".repeat(5000)).length());
    }
}
