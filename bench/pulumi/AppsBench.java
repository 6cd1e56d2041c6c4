import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.KubeCluster;

/**
 * {@code labctl apps install} of the labd app against {@code helm install --wait} of the equivalent chart
 * (bench/pulumi/charts/labd: the same ConfigMap, Secret, Deployment and Service), in the same run, on one
 * kube-apiserver with its controllers and a kwok node that runs the pods. Both wait until the Deployment is available:
 * the Kubernetes provider awaits it as helm's {@code --wait} (watcher) does. Each round installs a new release into a
 * namespace of its own (made before, untimed) with each tool, then uninstalls both ({@code labctl apps uninstall} against
 * {@code helm uninstall --wait}); the first round is a warm-up. Run by apps.sh on the tests' classpath.
 *
 * <p>A third way runs the same app jar with the {@code pulumi} CLI by hand (a project directory, a file backend, the
 * cluster's own kubeconfig, the values as {@code pulumi config set}, no build tool on the PATH for the language host to
 * ask): the engine's and provider's own time, so that labd - cli is what labd adds.
 *
 * <p>args: LABCTL ADMIN_CONFIG HELM CHART ROUNDS APP_JAR PULUMI_BIN
 */
public class AppsBench {

    public static void main(String[] args) throws Exception {
        String labctl = args[0];
        String config = args[1];
        String helm = args[2];
        String chart = args[3];
        int rounds = Integer.parseInt(args[4]);
        String jar = args[5];
        Path bin = Path.of(args[6]);
        try (KubeCluster kube = KubeCluster.start()) {
            kube.startControllers();
            kube.startKwok();
            Map<String, String> env = Map.of("LABCTL_CONFIG", config);
            ok(run(env, labctl, "create", "environment", "bench", "--cloud", "baremetal"));
            ok(run(env, labctl, "clusters", "add", "kc", "--kubeconfig", kube.kubeconfig().toString(), "--cloud",
                    "baremetal", "--env", "bench"));
            ok(kube.kubectl("create", "clusterrolebinding", "labd-admin", "--clusterrole=cluster-admin", "--user=admin"));
            ok(run(env, labctl, "apps", "publish", jar));
            Map<String, String> helmEnv = Map.of("KUBECONFIG", kube.kubeconfig().toString(), "HELM_CACHE_HOME",
                    Files.createTempDirectory("helm-cache").toString(), "HELM_CONFIG_HOME",
                    Files.createTempDirectory("helm-config").toString(), "HELM_DATA_HOME",
                    Files.createTempDirectory("helm-data").toString());
            Path work = Files.createTempDirectory("apps-bench-cli");
            Path project = Files.createDirectories(work.resolve("project"));
            Files.createDirectories(work.resolve("state"));
            Files.writeString(project.resolve("Pulumi.yaml"), "name: labd\nruntime:\n  name: java\n  options:\n"
                    + "    binary: " + Path.of(jar).toAbsolutePath() + "\nplugins:\n  languages:\n    - name: java\n"
                    + "      path: " + bin + "\n  providers:\n    - name: kubernetes\n      path: " + bin + "\n");
            Map<String, String> cliEnv = Map.of("PATH", bin + ":" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin", "PULUMI_HOME",
                    work.resolve("home").toString(), "PULUMI_BACKEND_URL", "file://" + work.resolve("state"),
                    "PULUMI_CONFIG_PASSPHRASE", "bench", "PULUMI_SKIP_UPDATE_CHECK", "true",
                    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "true", "KUBECONFIG", kube.kubeconfig().toString());
            String pulumi = bin.resolve("pulumi").toString();
            List<Long> cliInstall = new ArrayList<>();
            List<Long> cliUninstall = new ArrayList<>();
            List<Long> labdInstall = new ArrayList<>();
            List<Long> helmInstall = new ArrayList<>();
            List<Long> labdUninstall = new ArrayList<>();
            List<Long> helmUninstall = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                String release = "labd-" + round;
                // the same objects either way: the namespaces exist (helm leaves a namespace it made behind)
                ok(kube.kubectl("create", "namespace", "app-" + round));
                ok(kube.kubectl("create", "namespace", "helm-" + round));
                long t0 = System.nanoTime();
                ok(run(env, labctl, "apps", "install", "labd", "--env", "bench", "--cluster", "kc", "--release", release,
                        "--set", "namespace=app-" + round, "--set", "createNamespace=false", "--set-string",
                        "databasePassword=bench-password"));
                long t1 = System.nanoTime();
                ok(run(helmEnv, helm, "install", release, chart, "--namespace", "helm-" + round,
                        "--set", "databasePassword=bench-password", "--wait", "--timeout", "120s"));
                long t2 = System.nanoTime();
                ok(run(env, labctl, "apps", "uninstall", release, "--env", "bench", "--yes"));
                long t3 = System.nanoTime();
                ok(run(helmEnv, helm, "uninstall", release, "--namespace", "helm-" + round, "--wait", "--timeout", "120s"));
                long t4 = System.nanoTime();
                ok(kube.kubectl("create", "namespace", "cli-" + round));
                String stack = "cli-" + round;
                ok(cli(project, cliEnv, pulumi, "stack", "init", stack));
                for (String[] value : new String[][] {{"labctl:release", release}, {"labctl:app", "labd"},
                        {"labctl:appVersion", "0.1.0"}, {"labctl:cloud", "baremetal"}, {"labctl:environment", "bench"},
                        {"namespace", "cli-" + round}, {"createNamespace", "false"}}) {
                    ok(cli(project, cliEnv, pulumi, "config", "set", "--stack", stack, value[0], value[1]));
                }
                ok(cli(project, cliEnv, pulumi, "config", "set", "--stack", stack, "--secret", "databasePassword",
                        "bench-password"));
                long t5 = System.nanoTime();
                ok(cli(project, cliEnv, pulumi, "up", "--yes", "--skip-preview", "--stack", stack));
                long t6 = System.nanoTime();
                ok(cli(project, cliEnv, pulumi, "destroy", "--yes", "--skip-preview", "--stack", stack));
                long t7 = System.nanoTime();
                if (round > 0) {
                    labdInstall.add((t1 - t0) / 1_000_000);
                    helmInstall.add((t2 - t1) / 1_000_000);
                    labdUninstall.add((t3 - t2) / 1_000_000);
                    helmUninstall.add((t4 - t3) / 1_000_000);
                    cliInstall.add((t6 - t5) / 1_000_000);
                    cliUninstall.add((t7 - t6) / 1_000_000);
                }
                System.err.printf("round %d: install labd %d ms, helm %d ms, pulumi up %d ms; uninstall labd %d ms, helm %d ms,"
                        + " pulumi destroy %d ms%n", round, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t6 - t5) / 1_000_000,
                        (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t7 - t6) / 1_000_000);
            }
            long li = median(labdInstall);
            long hi = median(helmInstall);
            long lu = median(labdUninstall);
            long hu = median(helmUninstall);
            long ci = median(cliInstall);
            long cu = median(cliUninstall);
            System.out.printf("labctl apps install (labd app) vs helm install --wait (same objects) vs pulumi up by hand"
                    + " (same jar), medians of %d:%n", rounds);
            System.out.printf("  install:   labd %d ms, helm %d ms, pulumi CLI %d ms: labd/helm %.2f, labd/cli %.2f%n", li, hi,
                    ci, (double) li / hi, (double) li / ci);
            System.out.printf("  uninstall: labd %d ms, helm %d ms, pulumi CLI %d ms: labd/helm %.2f, labd/cli %.2f%n", lu, hu,
                    cu, (double) lu / hu, (double) lu / cu);
        }
    }

    private static Commands.Result run(Map<String, String> env, String... command) {
        return Commands.run(Path.of("."), env, 300, List.of(command));
    }

    private static Commands.Result cli(Path project, Map<String, String> env, String... command) {
        return Commands.run(project, env, 300, List.of(command));
    }

    private static void ok(Commands.Result result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException(result.toString());
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
