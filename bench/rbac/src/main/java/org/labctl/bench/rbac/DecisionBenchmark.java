package org.labctl.bench.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.labctl.api.Permission;
import org.labctl.rbac.Decision;
import org.labctl.rbac.Policy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time of one {@link Policy#decide} with 10, 1,000 and 10,000 rules (the goal: at most 1 µs median
 * at 1,000), and the same requests decided by a linear scan over the rules for comparison.
 *
 * <p>The rules look like the merged roles of a busy operator: per-server grants (50%), per-environment
 * grants for one action (30%), per-app grants of every action ({@code *:cloud:env:app}, 15%), one
 * name everywhere (5%); from 100 rules on also {@code read:*:*:*} and two per-cloud grants; and one
 * deny for every twenty allows. Clouds, environments and names come from pools that grow
 * with the number of rules. Half of the requests are drawn from the allow rules (wildcards filled
 * in), so they are mostly allowed; the other half are random, mostly denied for want of an allow.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {

    private static final String[] ACTIONS = {"read", "exec", "apply", "destroy", "manage", "admin", "kubectl"};
    private static final int REQUESTS = 1 << 12;

    @Param({"10", "1000", "10000"})
    public int rules;

    private Policy policy;
    private List<Permission> allows;
    private List<Permission> denies;
    private String[][] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        String[] clouds = pool("cloud", Math.max(2, Math.min(8, rules / 10)));
        String[] environments = pool("env", Math.max(2, rules / 20));
        String[] names = pool("server", Math.max(4, rules * 2));
        allows = new ArrayList<>();
        if (rules >= 100) {
            // a few wide grants, as a real operator has them; more would allow nearly everything
            allows.add(new Permission("read", "*", "*", "*"));
            allows.add(new Permission("kubectl", clouds[0], "*", "*"));
            allows.add(new Permission("exec", clouds[1], "*", "*"));
        }
        while (allows.size() < rules - rules / 20) {
            allows.add(allow(random, clouds, environments, names));
        }
        denies = new ArrayList<>();
        for (int i = 0; i < Math.max(1, rules / 20); i++) {
            denies.add(new Permission(random.nextBoolean() ? "*" : pick(random, ACTIONS), pick(random, clouds),
                    pick(random, environments), random.nextInt(4) == 0 ? "*" : pick(random, names)));
        }
        policy = Policy.of(allows, denies);
        allows = policy.allows();
        denies = policy.denies();
        requests = new String[REQUESTS][];
        int allowed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            requests[i] = i % 2 == 0
                    ? fill(random, allows.get(random.nextInt(allows.size())), clouds, environments, names)
                    : new String[] {pick(random, ACTIONS), pick(random, clouds), pick(random, environments), pick(random, names)};
            allowed += policy.decide(requests[i][0], requests[i][1], requests[i][2], requests[i][3]).allowed() ? 1 : 0;
        }
        System.out.printf("%n%d rules (%d allows, %d denies), %d requests, %d%% allowed%n", rules, allows.size(),
                denies.size(), REQUESTS, 100 * allowed / REQUESTS);
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public Decision decide() {
        String[] request = requests[next++ & (REQUESTS - 1)];
        return policy.decide(request[0], request[1], request[2], request[3]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public boolean linearScan() {
        String[] request = requests[next++ & (REQUESTS - 1)];
        for (Permission deny : denies) {
            if (deny.matches(request[0], request[1], request[2], request[3])) {
                return false;
            }
        }
        for (Permission allow : allows) {
            if (allow.matches(request[0], request[1], request[2], request[3])) {
                return true;
            }
        }
        return false;
    }

    private static Permission allow(Random random, String[] clouds, String[] environments, String[] names) {
        String action = pick(random, ACTIONS);
        String cloud = pick(random, clouds);
        String environment = pick(random, environments);
        String name = pick(random, names);
        int kind = random.nextInt(100);
        if (kind < 50) {
            return new Permission(action, cloud, environment, name);
        } else if (kind < 80) {
            return new Permission(action, cloud, environment, "*");
        } else if (kind < 95) {
            return new Permission("*", cloud, environment, name);
        }
        return new Permission(action, "*", "*", name);
    }

    private static String[] fill(Random random, Permission rule, String[] clouds, String[] environments, String[] names) {
        return new String[] {
            "*".equals(rule.action()) ? pick(random, ACTIONS) : rule.action(),
            "*".equals(rule.cloud()) ? pick(random, clouds) : rule.cloud(),
            "*".equals(rule.environment()) ? pick(random, environments) : rule.environment(),
            "*".equals(rule.name()) ? pick(random, names) : rule.name(),
        };
    }

    private static String[] pool(String prefix, int size) {
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            values[i] = prefix + "-" + i;
        }
        return values;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
