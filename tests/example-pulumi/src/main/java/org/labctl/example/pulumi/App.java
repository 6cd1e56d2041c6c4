package org.labctl.example.pulumi;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Map;

/**
 * The tests' Pulumi program. Its resources are component resources, which the engine records in the stack's state like
 * any other but which need no provider, so the program runs anywhere the engine does. Config:
 * <ul>
 *   <li>{@code items} (default 2): how many {@code labctl:example:Item} resources the stack holds, item-0, item-1, …;</li>
 *   <li>{@code message}: exported as the output {@code message};</li>
 *   <li>{@code password} (secret): exported as a secret output ({@code none} without it);</li>
 *   <li>{@code sleepSeconds}: the program waits this long after its first item (a long run);</li>
 *   <li>{@code fail}: the program throws after its first item, with this text;</li>
 *   <li>{@code namespace}: a ConfigMap {@code example} in that namespace of the cluster the program reaches (its
 *       {@code KUBECONFIG}), holding {@code message}.</li>
 * </ul>
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static void stack(Context ctx) {
        var config = ctx.config();
        int items = config.getInteger("items").orElse(2);
        for (int i = 0; i < items; i++) {
            new Item("item-" + i);
            if (i == 0) {
                int sleep = config.getInteger("sleepSeconds").orElse(0);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep * 1000L);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                config.get("fail").ifPresent(message -> {
                    throw new IllegalStateException("the example program failed on purpose: " + message);
                });
            }
        }
        config.get("namespace").ifPresent(namespace -> {
            var map = new ConfigMap("example", ConfigMapArgs.builder()
                    .metadata(ObjectMetaArgs.builder().name("example").namespace(namespace).build())
                    .data(Map.of("message", config.get("message").orElse("hello"))).build());
            ctx.export("configMap", map.metadata().applyValue(m -> m.namespace().orElse("") + "/" + m.name().orElse("")));
        });
        ctx.export("items", Output.of(items));
        ctx.export("message", Output.of(config.get("message").orElse("hello")));
        ctx.export("password", config.getSecret("password").applyValue(password -> password.orElse("none")));
    }

    /** One resource of the stack. */
    static final class Item extends ComponentResource {
        Item(String name) {
            super("labctl:example:Item", name, ComponentResourceOptions.Empty);
        }
    }
}
