package org.labctl.core;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * How requests are addressed for permission checks ({@code action:cloud:environment:name}): the one
 * place that knows where a server is, used by the access filter and by {@code can-i} alike.
 */
@ProviderType
public interface Addresses {

    /**
     * The cloud, environment and name of a request about server {@code name}: its cloud and
     * environment ({@code -} when it has none). An unknown server is {@code *:*:<name>}, so that only
     * those who may see every server learn it does not exist.
     */
    List<String> server(String name);
}
