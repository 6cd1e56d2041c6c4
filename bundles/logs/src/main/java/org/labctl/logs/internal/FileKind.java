package org.labctl.logs.internal;

import org.labctl.api.LogRequest;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/** {@code logs.file}: a log file of a server, under the directories its agent allows. */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + LogRequest.KIND_PREFIX + "file")
public final class FileKind extends LogKind {

    public FileKind() {
        super(LogRequest.FILE);
    }
}
