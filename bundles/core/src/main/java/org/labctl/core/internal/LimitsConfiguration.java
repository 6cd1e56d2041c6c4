package org.labctl.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.labctl.core.limits}: how much labd takes from a request before
 * it looks at it. A request without a client certificate can only be enrollment (or is refused),
 * so it is held to a small body and to a few at a time.
 */
@ObjectClassDefinition(name = "labd request limits", description = "Body sizes and concurrency labd accepts")
public @interface LimitsConfiguration {

    @AttributeDefinition(name = "Largest body (bytes)",
            description = "Largest request body with a client certificate; endpoints may declare less (@BodyLimit)")
    int body_max_bytes() default 1024 * 1024;

    @AttributeDefinition(name = "Largest body without a client certificate (bytes)",
            description = "Largest request body without a client certificate (enrollment)")
    int unauthenticated_body_max_bytes() default 64 * 1024;

    @AttributeDefinition(name = "Concurrent requests without a client certificate",
            description = "How many requests without a client certificate labd handles at once; more are answered 503 at once")
    int unauthenticated_concurrent() default 8;

    @AttributeDefinition(name = "Largest upload (bytes)",
            description = "Largest body of a request that uploads an archive (Content-Type application/zip or "
                    + "application/octet-stream) to an endpoint that declares more than body.max.bytes with @BodyLimit "
                    + "(a module: 64 MiB); every other request keeps to body.max.bytes")
    int upload_max_bytes() default 65 * 1024 * 1024;
}
