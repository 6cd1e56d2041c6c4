package org.labctl.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.labctl.core.Schema;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/**
 * One schema a bundle declares with {@link Schema}: its name, the schemas to migrate before it, and
 * the class loader its migrations are read from.
 *
 * @param name   the schema's name ({@code core}, {@code ca}…)
 * @param after  the schemas to migrate first; core's is always one of them except for core itself
 * @param owner  the symbolic name of the declaring bundle, for messages
 * @param loader the declaring bundle's class loader
 */
record SchemaDeclaration(String name, Set<String> after, String owner, ClassLoader loader) {

    static final String CORE = "core";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    SchemaDeclaration {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bundle " + owner + " declares the schema name '" + name
                    + "': use lower-case letters, digits and underscores, starting with a letter");
        }
        Set<String> first = new TreeSet<>(after);
        first.remove(name);
        if (!name.equals(CORE)) {
            first.add(CORE);
        }
        after = Set.copyOf(first);
    }

    /** Flyway's location of the schema's migrations in the declaring bundle. */
    String location() {
        return "classpath:db/" + name;
    }

    /** The table that records which of the schema's migrations were applied. */
    String historyTable() {
        return name + "_schema_history";
    }

    /** The schemas a bundle declares in its manifest; none when it declares none or is not resolved. */
    static List<SchemaDeclaration> of(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (revision == null || wiring == null) {
            return List.of();
        }
        List<SchemaDeclaration> declared = new ArrayList<>();
        for (BundleCapability capability : revision.getDeclaredCapabilities(Schema.NAMESPACE)) {
            Map<String, Object> attributes = capability.getAttributes();
            declared.add(new SchemaDeclaration(String.valueOf(attributes.get(Schema.NAMESPACE)),
                    names(attributes.get(Schema.AFTER)), bundle.getSymbolicName(), wiring.getClassLoader()));
        }
        return declared;
    }

    /** The names of the schemas a bundle declares, read from its manifest alone. */
    static Set<String> namesOf(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        Set<String> names = new TreeSet<>();
        if (revision != null) {
            for (BundleCapability capability : revision.getDeclaredCapabilities(Schema.NAMESPACE)) {
                names.add(String.valueOf(capability.getAttributes().get(Schema.NAMESPACE)));
            }
        }
        return names;
    }

    private static Set<String> names(Object attribute) {
        Set<String> names = new TreeSet<>();
        if (attribute instanceof List<?> list) {
            list.forEach(v -> names.add(String.valueOf(v).trim()));
        } else if (attribute != null) {
            for (String v : String.valueOf(attribute).split(",")) {
                if (!v.isBlank()) {
                    names.add(v.trim());
                }
            }
        }
        return names;
    }
}
