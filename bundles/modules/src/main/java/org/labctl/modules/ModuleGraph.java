package org.labctl.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.osgi.framework.VersionRange;

/**
 * The modules installed, as a graph of their dependencies, and what a change to them means: in which order
 * to add or upgrade modules (dependencies first), whether what they need is there, and what a removal would
 * break. Orders are stable: among modules free to go in any order, by name.
 *
 * <p>A change is checked against the state it leads to (the modules installed, with those added or upgraded
 * in place of their previous versions, less those removed): every module it touches finds each dependency in
 * a version within its range, and no dependency cycle runs through it. A dependency that is not met is a
 * {@link Conflict} naming who needs what and what is there; a cycle is an {@link InvalidArgument} naming it
 * ({@code a -> b -> a}).
 */
public final class ModuleGraph {

    private final Map<String, ModuleDescriptor> installed = new TreeMap<>();

    /**
     * @param installed the modules installed now, one version of each
     * @throws InvalidArgument when a name is there twice
     */
    public ModuleGraph(Collection<ModuleDescriptor> installed) {
        for (ModuleDescriptor module : installed) {
            if (this.installed.put(module.name(), module) != null) {
                throw new InvalidArgument("module " + module.name() + " is installed twice");
            }
        }
    }

    /** The installed version of the module, or null. */
    public ModuleDescriptor installed(String name) {
        return installed.get(name);
    }

    /**
     * The order in which to install new modules: each after the modules it needs.
     *
     * @throws Conflict        when one is installed already (it is upgraded instead), or a dependency is
     *                         neither installed nor added, or not in a version within its range
     * @throws InvalidArgument when a module is given twice, or the dependencies form a cycle
     */
    public List<ModuleDescriptor> installOrder(Collection<ModuleDescriptor> adding) {
        for (ModuleDescriptor module : adding) {
            ModuleDescriptor present = installed.get(module.name());
            if (present != null) {
                throw new Conflict("module " + module.name() + " is installed already, at " + present.version()
                        + "; upgrade it to " + module.version() + " instead");
            }
        }
        return order(adding, false);
    }

    /**
     * The order in which to upgrade (or roll back) installed modules to the versions given: each after the
     * modules it needs. The modules that need them must accept the new versions too.
     *
     * @throws NotFoundException when one is not installed (it is added instead)
     * @throws Conflict          when a dependency of a new version is missing or out of its range, or the new
     *                           version of a module is outside the range of an installed module that needs it
     * @throws InvalidArgument   when a module is given twice, or the dependencies form a cycle
     */
    public List<ModuleDescriptor> upgradeOrder(Collection<ModuleDescriptor> upgrading) {
        for (ModuleDescriptor module : upgrading) {
            if (!installed.containsKey(module.name())) {
                throw new NotFoundException("module " + module.name() + " is not installed; add it instead of upgrading it");
            }
        }
        return order(upgrading, true);
    }

    /**
     * The order in which to remove installed modules: each before the modules it needs.
     *
     * @throws NotFoundException when one is not installed
     * @throws Conflict          when an installed module that stays needs one of them (it names both: remove
     *                           that one too, or first)
     */
    public List<ModuleDescriptor> removalOrder(Collection<String> removing) {
        Set<String> names = new TreeSet<>();
        for (String name : removing) {
            if (!installed.containsKey(name)) {
                throw new NotFoundException("module " + name + " is not installed");
            }
            names.add(name);
        }
        List<String> broken = new ArrayList<>();
        for (ModuleDescriptor module : installed.values()) {
            if (names.contains(module.name())) {
                continue;
            }
            for (String dependency : module.dependencies().keySet()) {
                if (names.contains(dependency)) {
                    broken.add(module.id() + " needs " + dependency);
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new Conflict("cannot remove " + String.join(", ", names) + ": " + String.join("; ", broken)
                    + " (remove those too, or first)");
        }
        return dependentsFirst(names);
    }

    /**
     * The installed modules that need {@code name}, directly or through others: what removing it would break,
     * in the order to remove them (each before what it needs).
     */
    public List<ModuleDescriptor> dependents(String name) {
        Set<String> dependents = new TreeSet<>();
        Set<String> reached = new HashSet<>(Set.of(name));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ModuleDescriptor module : installed.values()) {
                if (!reached.contains(module.name()) && reached.stream().anyMatch(module.dependencies()::containsKey)) {
                    reached.add(module.name());
                    dependents.add(module.name());
                    grew = true;
                }
            }
        }
        return dependentsFirst(dependents);
    }

    /** Checks the state that {@code changing} leads to and orders the changes, dependencies first. */
    private List<ModuleDescriptor> order(Collection<ModuleDescriptor> changing, boolean upgrade) {
        Map<String, ModuleDescriptor> next = new TreeMap<>(installed);
        Set<String> changed = new TreeSet<>();
        for (ModuleDescriptor module : changing) {
            if (!changed.add(module.name())) {
                throw new InvalidArgument("module " + module.name() + " is given twice");
            }
            next.put(module.name(), module);
        }
        List<String> unmet = new ArrayList<>();
        for (ModuleDescriptor module : next.values()) {
            boolean touched = changed.contains(module.name());
            for (Map.Entry<String, VersionRange> dependency : module.dependencies().entrySet()) {
                if (!touched && !changed.contains(dependency.getKey())) {
                    continue;
                }
                ModuleDescriptor found = next.get(dependency.getKey());
                String need = module.id() + " needs " + dependency.getKey() + " " + dependency.getValue();
                if (found == null) {
                    unmet.add(need + (upgrade ? ", which is not installed (add it first)"
                            : ", which is neither installed nor being added"));
                } else if (!dependency.getValue().includes(found.version())) {
                    String there = !changed.contains(found.name()) ? found.id() + " is installed"
                            : upgrade ? found.name() + " is being upgraded to " + found.version()
                            : found.id() + " is being added";
                    unmet.add(need + ", but " + there);
                }
            }
        }
        if (!unmet.isEmpty()) {
            throw new Conflict("cannot " + (upgrade ? "upgrade to " : "add ") + ids(changing) + ": " + String.join("; ", unmet));
        }
        List<ModuleDescriptor> order = new ArrayList<>();
        for (String name : dependenciesFirst(changed, next)) {
            order.add(next.get(name));
        }
        return order;
    }

    /**
     * The installed modules named, in an order where each comes before every one of them that it needs; ties
     * by name. A cycle among them (an installed state should hold none, but removing is how one is undone)
     * does not stop it.
     */
    private List<ModuleDescriptor> dependentsFirst(Set<String> names) {
        List<ModuleDescriptor> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : new TreeSet<>(names)) {
            visitDependents(name, names, done, new HashSet<>(), order);
        }
        return order;
    }

    private void visitDependents(String name, Set<String> names, Set<String> done, Set<String> path,
                                 List<ModuleDescriptor> order) {
        if (done.contains(name) || !path.add(name)) {
            return;
        }
        for (String other : new TreeSet<>(names)) {
            if (installed.get(other).dependencies().containsKey(name)) {
                visitDependents(other, names, done, path, order);
            }
        }
        path.remove(name);
        if (done.add(name)) {
            order.add(installed.get(name));
        }
    }

    /**
     * The names of {@code subset} in an order where each comes after every module of the subset it reaches
     * through dependencies in {@code modules} (also through modules outside the subset); ties by name.
     *
     * @throws InvalidArgument naming a cycle that one of them is on or leads to
     */
    private static List<String> dependenciesFirst(Set<String> subset, Map<String, ModuleDescriptor> modules) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String name : new TreeSet<>(subset)) {
            visit(name, modules, subset, done, new LinkedHashSet<>(), order);
        }
        return order;
    }

    private static void visit(String name, Map<String, ModuleDescriptor> modules, Set<String> subset, Set<String> done,
                              LinkedHashSet<String> path, List<String> order) {
        if (done.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            List<String> cycle = new ArrayList<>();
            boolean on = false;
            for (String step : path) {
                on |= step.equals(name);
                if (on) {
                    cycle.add(step);
                }
            }
            cycle.add(name);
            throw new InvalidArgument("dependency cycle: " + String.join(" -> ", cycle)
                    + "; a module cannot need itself, even through others");
        }
        ModuleDescriptor module = modules.get(name);
        if (module != null) {
            for (String dependency : new TreeSet<>(module.dependencies().keySet())) {
                visit(dependency, modules, subset, done, path, order);
            }
        }
        path.remove(name);
        done.add(name);
        if (subset.contains(name)) {
            order.add(name);
        }
    }

    private static String ids(Collection<ModuleDescriptor> modules) {
        Map<String, String> byName = new TreeMap<>();
        modules.forEach(module -> byName.put(module.name(), module.id()));
        return String.join(", ", byName.values());
    }
}
