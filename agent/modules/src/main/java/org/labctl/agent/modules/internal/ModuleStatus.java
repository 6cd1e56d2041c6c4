package org.labctl.agent.modules.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.labctl.api.module.Health;

/**
 * How one module stands on this server, as the heartbeat reports it.
 *
 * @param version the version installed, or being installed or removed
 * @param state   where the module is
 * @param health  what its last {@code health()} said, or null before the first
 * @param error   why it failed (one line), or null
 * @param since   when it entered this state
 */
record ModuleStatus(String version, State state, Health health, String error, Instant since) {

    /** A module's states, as the report spells them (lower case). */
    enum State {
        INSTALLING, CONFIGURING, READY, FAILED, REMOVING;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The same state with the health of a newer check. */
    ModuleStatus withHealth(Health newer) {
        return new ModuleStatus(version, state, newer, error, since);
    }

    /** The report's element: {@code {"name","version","state","health","error","since"}}, JSON-shaped. */
    Map<String, Object> report(String name) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", name);
        report.put("version", version);
        report.put("state", state.word());
        report.put("health", health == null ? null : json(health));
        report.put("error", error);
        report.put("since", since.toString());
        return report;
    }

    /** {@link Health} as its JSON reads: {@code {"status","message","checks":[{"name","status","message"}]}}. */
    static Map<String, Object> json(Health health) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", health.status().name());
        json.put("message", health.message());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Health.Check check : health.checks()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", check.name());
            one.put("status", check.status().name());
            one.put("message", check.message());
            checks.add(one);
        }
        json.put("checks", checks);
        return json;
    }
}
