package org.labctl.bastion.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.labctl.api.ProvisionRequest;
import org.labctl.bastion.BastionFleet;

/**
 * A {@link BastionRuntime} in a process of its own, for tests that run it inside a network
 * namespace. Its fleet is a stand-in, as no labd runs in the namespace: join tokens are a fixed
 * fake value (labd's tokens are tested by ProvisionIT against a real labd). Prints {@code READY}
 * once serving, and stops when its standard input closes.
 *
 * <pre>
 * CONFIG_FILE [install MAC HOSTNAME ROLE]
 * </pre>
 */
public final class BastionMain {

    /** The token the stand-in fleet gives every kickstart. */
    public static final String FAKE_TOKEN = "LAB1-stand-in-token-of-the-boot-test-0123456789";

    private BastionMain() {
    }

    public static void main(String[] args) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            properties.load(in);
        }
        Map<String, Object> values = new HashMap<>();
        properties.forEach((key, value) -> values.put(key.toString(), value));
        BastionConfig config = BastionConfig.read(values, environment -> Path.of(args[0]).resolveSibling("state"));
        BastionRuntime runtime = BastionRuntime.start(config, new BastionFleet() {
            @Override
            public void serving(String environment) {
            }

            @Override
            public org.labctl.api.BastionAssigned assigning(String environment, String mac, String hostname, String previous,
                    String by) {
                return new org.labctl.api.BastionAssigned(null, 0);
            }

            @Override
            public int forgetting(String environment, String mac, String by) {
                return 0;
            }

            @Override
            public String joinToken(String environment, String mac, String address, String hostname, String role) {
                System.out.println("TOKEN " + mac + " " + address);
                System.out.flush();
                return FAKE_TOKEN;
            }
        }, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
        if (args.length == 5 && args[1].equals("install")) {
            runtime.provision(args[2], new ProvisionRequest(args[3], args[4], "install"), "test");
        }
        System.out.println("READY " + config.describe());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes its standard input
        }
        runtime.close();
    }
}
