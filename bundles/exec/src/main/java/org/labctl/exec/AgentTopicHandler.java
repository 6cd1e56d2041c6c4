package org.labctl.exec;

import org.apache.ibatis.session.SqlSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * labd's side of an agent topic ({@link org.labctl.api.session.AgentTopic}), registered as an OSGi
 * service by the bundle that owns it: exec hands it each heartbeat's report for its topic and asks
 * it what each ack tells the agent. Exec carries topics without knowing them.
 */
@ConsumerType
public interface AgentTopicHandler {

    /** The topic's name, as the agent-side bundle's. */
    String name();

    /**
     * A heartbeat's report for this topic from the server's agent, in a transaction of its own that
     * the handler joins ({@link org.labctl.core.Database#join}); a failure (a malformed report:
     * {@link org.labctl.api.InvalidArgument}) is logged and loses none of the heartbeat's other parts.
     */
    void reported(String serverId, Object report, SqlSession transaction);

    /** What the heartbeat's ack tells the server's agent under this topic, or null for nothing. */
    Object notice(String serverId);
}
