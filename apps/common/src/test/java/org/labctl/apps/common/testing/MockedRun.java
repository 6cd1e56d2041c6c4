package org.labctl.apps.common.testing;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.core.internal.OutputData;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * A run of a Pulumi program with pulumi-java's mocks instead of the engine, with config as labd sets it: the values in
 * the project's namespace ({@code PROJECT:key}, the project being the app's name), the release in {@code labctl}'s,
 * secrets marked as such. The public {@link PulumiTest} API runs with empty config, so this goes through its builder,
 * {@link PulumiTestInternal}, which takes config (pulumi-java 1.36.1). The mocks record what the program registers and
 * answer with its inputs as the resource's state, as the Kubernetes provider does for the fields a program sets.
 */
public final class MockedRun {

    /** A resource the program registered: its type token ({@code kubernetes:apps/v1:Deployment}), name and inputs. */
    public record Registered(String type, String name, Map<String, Object> inputs) {
    }

    private final Map<String, String> config = new LinkedHashMap<>();
    private final Set<String> secretKeys = new TreeSet<>();
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final String project;
    private TestResult result;

    public MockedRun(String project, String release) {
        this.project = project;
        config.put("labctl:release", release);
        config.put("labctl:app", project);
    }

    /** Sets the program's config key {@code PROJECT:key} to {@code value}. */
    public MockedRun value(String key, String value) {
        config.put(project + ":" + key, value);
        return this;
    }

    /** Sets {@code PROJECT:key} to {@code value} as a secret. */
    public MockedRun secret(String key, String value) {
        value(key, value);
        secretKeys.add(project + ":" + key);
        return this;
    }

    /** Runs {@code program}; its errors are in {@link #result()}. */
    public MockedRun run(Consumer<Context> program) {
        Mocks mocks = args -> {
            registered.add(new Registered(args.type, args.name, args.inputs));
            return CompletableFuture.completedFuture(Mocks.ResourceResult.of(Optional.of(args.name + "-id"), args.inputs));
        };
        result = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName(project).stackName("test").build())
                .mocks(mocks)
                // the failures the tests expect are in the result: not on the console too
                .standardLogger(PulumiTestInternal.logger(Level.OFF))
                .config(config, secretKeys)
                .build()
                .runTest(program);
        return this;
    }

    public TestResult result() {
        return result;
    }

    /** Runs {@code program} and fails with its errors unless it succeeded. */
    public MockedRun runOk(Consumer<Context> program) {
        run(program);
        if (!result.errors().isEmpty() || !result.exceptions().isEmpty() || result.exitCode() != 0) {
            throw new AssertionError("the program failed: " + result.errors() + " " + result.exceptions());
        }
        return this;
    }

    /** The Kubernetes objects the program registered (not its providers). */
    public List<Registered> objects() {
        return registered.stream().filter(r -> r.type().startsWith("kubernetes:")).toList();
    }

    /** The inputs of the object of {@code kind} ({@code apps/v1:Deployment}) registered as {@code name}. */
    public Map<String, Object> object(String kind, String name) {
        return registered.stream().filter(r -> r.type().equals("kubernetes:" + kind) && r.name().equals(name))
                .map(Registered::inputs).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    public List<String> names() {
        return objects().stream().map(r -> r.type() + " " + r.name()).toList();
    }

    /** The value and secretness of the stack output {@code name}. */
    public OutputData<Object> output(String name) {
        Output<Object> output = result.output(name);
        return PulumiTestInternal.extractOutputData(output);
    }

    public Map<String, Output<?>> outputs() {
        return result.outputs();
    }

    /** The value at {@code path} in nested maps and lists (a number in the path indexes a list). */
    public static Object at(Object root, Object... path) {
        Object node = root;
        for (Object step : path) {
            if (step instanceof Integer index) {
                if (!(node instanceof List<?> list) || list.size() <= index) {
                    throw new AssertionError("no [" + index + "] in " + node);
                }
                node = list.get(index);
            } else {
                if (!(node instanceof Map<?, ?> map) || !map.containsKey(step)) {
                    throw new AssertionError("no " + step + " in " + node);
                }
                node = map.get(step);
            }
        }
        return node;
    }

    /** Whether {@code key} is at {@code path} (the path's last step) in nested maps. */
    public static boolean has(Object root, Object... path) {
        try {
            at(root, path);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    public static void cleanup() {
        PulumiTest.cleanup();
    }
}
