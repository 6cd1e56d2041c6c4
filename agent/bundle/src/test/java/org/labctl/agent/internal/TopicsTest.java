package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.session.AgentTopic;

class TopicsTest {

    private final List<String> logged = new ArrayList<>();
    private final Topics topics = new Topics(logged::add);

    @Test
    void reportsGoOutByTopicAndATopicThatFailsCostsOnlyItsOwn() {
        Recording modules = new Recording("modules", Map.of("web", "healthy"));
        topics.add(modules);
        topics.add(new Recording("quiet", null));
        topics.add(new Recording("broken", null) {
            @Override
            public Object report() {
                throw new IllegalStateException("disk full");
            }
        });

        assertEquals(Map.of("modules", Map.of("web", "healthy")), topics.reports(), "null reports are left out");
        assertTrue(logged.get(0).contains("broken") && logged.get(0).contains("disk full"), logged.toString());
    }

    @Test
    void noticesReachTheirTopicOnlyAndUnknownTopicsAreDropped() {
        Recording modules = new Recording("modules", null);
        Recording other = new Recording("other", null);
        topics.add(modules);
        topics.add(other);

        topics.notices(Map.of("modules", 7, "gone", "x"));
        topics.notices(null);

        assertEquals(List.of(7), modules.notices);
        assertEquals(List.of(), other.notices);
        assertEquals(List.of(), logged);
    }

    @Test
    void aRemovedTopicNoLongerReportsNorHears() {
        Recording modules = new Recording("modules", "r");
        topics.add(modules);
        topics.remove(modules);
        topics.notices(Map.of("modules", 1));
        assertEquals(Map.of(), topics.reports());
        assertEquals(List.of(), modules.notices);
    }

    @Test
    void aTopicThatFailsOnANoticeIsLogged() {
        topics.add(new Recording("modules", null) {
            @Override
            public void notice(Object notice) {
                throw new IllegalArgumentException("bad generation");
            }
        });
        topics.notices(Map.of("modules", "x"));
        assertEquals(1, logged.size());
        assertTrue(logged.get(0).contains("bad generation"), logged.toString());
    }

    private static class Recording implements AgentTopic {
        final String name;
        final Object report;
        final List<Object> notices = new ArrayList<>();

        Recording(String name, Object report) {
            this.name = name;
            this.report = report;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Object report() {
            return report;
        }

        @Override
        public void notice(Object notice) {
            notices.add(notice);
        }
    }
}
