/**
 * The agent side of stream sessions: a {@link org.labctl.api.session.SessionHandler} registered as
 * an OSGi service, one per session kind, in whichever bundle of the agent's runtime owns the kind
 * (commands in the agent's core, logs in the agent's log bundle, bastion calls in the bastion's).
 * The agent's dispatcher finds the handler of a start frame's kind and hands it the session's
 * frames; it knows no kind itself.
 *
 * <p>Besides sessions, a bundle of the agent's runtime may keep state on the agent's connection (an
 * {@link org.labctl.api.session.AgentTopic}) and call labd's REST API as the agent through the
 * {@link org.labctl.api.session.AgentIdentity} service.
 */
@Export
@Version("1.3.0")
package org.labctl.api.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
