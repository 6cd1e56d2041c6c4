package org.labctl.logs.internal;

import org.labctl.api.LogRequest;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/** {@code logs.journal}: the systemd journal of a server. */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + LogRequest.KIND_PREFIX + "journal")
public final class JournalKind extends LogKind {

    public JournalKind() {
        super(LogRequest.JOURNAL);
    }
}
