package org.labctl.modules.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.labctl.api.ServerInfo;

/**
 * The server an agent's request or heartbeat is about, as the database has it when asked (its role and labels decide
 * its modules). A few lookups at a time each read their server's row; beyond that, those under way together share one
 * read of every server ({@link SharedRead}: begun after they asked), so that a fleet asking at once for its modules
 * holds one connection of labd's pool for its servers rather than one each.
 */
final class ServerLookup {

    /** How many lookups under way read a row each; more share a read of all servers. */
    static final int SHARE_BEYOND = 4;

    private final Function<String, Optional<ServerInfo>> one;
    private final SharedRead<Map<String, ServerInfo>> all;
    private final AtomicInteger underWay = new AtomicInteger();

    /**
     * @param one reads the server with an id
     * @param all reads every server
     */
    ServerLookup(Function<String, Optional<ServerInfo>> one, Supplier<List<ServerInfo>> all) {
        this.one = one;
        this.all = new SharedRead<>(() -> {
            Map<String, ServerInfo> byId = new HashMap<>();
            all.get().forEach(server -> byId.put(server.id(), server));
            return byId;
        });
    }

    /** The server with this id, read after this call began; empty when there is none (it was deleted). */
    Optional<ServerInfo> withId(String id) {
        try {
            return underWay.incrementAndGet() <= SHARE_BEYOND ? one.apply(id) : Optional.ofNullable(all.get().get(id));
        } finally {
            underWay.decrementAndGet();
        }
    }
}
