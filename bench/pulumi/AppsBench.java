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
 * namespace of its own with each tool, then uninstalls both ({@code labctl apps uninstall} against
 * {@code helm uninstall --wait}); the first round is a warm-up. Run by apps.sh on the tests' classpath.
 *
 * <p>args: LABCTL ADMIN_CONFIG HELM CHART ROUNDS APP_JAR
 */
public class AppsBench {

    public static void main(String[] args) throws Exception {
        String labctl = args[0];
        String config = args[1];
        String helm = args[2];
        String chart = args[3];
        int rounds = Integer.parseInt(args[4]);
        String jar = args[5];
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
            List<Long> labdInstall = new ArrayList<>();
            List<Long> helmInstall = new ArrayList<>();
            List<Long> labdUninstall = new ArrayList<>();
            List<Long> helmUninstall = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                String release = "labd-" + round;
                long t0 = System.nanoTime();
                ok(run(env, labctl, "apps", "install", "labd", "--env", "bench", "--cluster", "kc", "--release", release,
                        "--set", "namespace=app-" + round, "--set-string", "databasePassword=bench-password"));
                long t1 = System.nanoTime();
                ok(run(helmEnv, helm, "install", release, chart, "--namespace", "helm-" + round, "--create-namespace",
                        "--set", "databasePassword=bench-password", "--wait", "--timeout", "120s"));
                long t2 = System.nanoTime();
                ok(run(env, labctl, "apps", "uninstall", release, "--env", "bench", "--yes"));
                long t3 = System.nanoTime();
                ok(run(helmEnv, helm, "uninstall", release, "--namespace", "helm-" + round, "--wait", "--timeout", "120s"));
                long t4 = System.nanoTime();
                if (round > 0) {
                    labdInstall.add((t1 - t0) / 1_000_000);
                    helmInstall.add((t2 - t1) / 1_000_000);
                    labdUninstall.add((t3 - t2) / 1_000_000);
                    helmUninstall.add((t4 - t3) / 1_000_000);
                }
                System.err.printf("round %d: labd install %d ms, helm install %d ms, labd uninstall %d ms, helm uninstall %d ms%n",
                        round, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
            }
            long li = median(labdInstall);
            long hi = median(helmInstall);
            long lu = median(labdUninstall);
            long hu = median(helmUninstall);
            System.out.printf("apps install (labd app) vs helm install --wait (same chart content), medians of %d:%n", rounds);
            System.out.printf("  install:   labd %d ms, helm %d ms, labd/helm %.2f%n", li, hi, (double) li / hi);
            System.out.printf("  uninstall: labd %d ms, helm %d ms, labd/helm %.2f%n", lu, hu, (double) lu / hu);
        }
    }

    private static Commands.Result run(Map<String, String> env, String... command) {
        return Commands.run(Path.of("."), env, 300, List.of(command));
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
