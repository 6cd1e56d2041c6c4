package org.labctl.modules;

import java.util.Locale;

/** Where a module comes from, as {@code module.yaml}'s {@code tier} says (lower case there). */
public enum Tier {
    /** Shipped in labctl's own repository ({@code modules/}): labd, lab-agent, bastion, k3s. */
    CORE,
    /** Maintained by the labctl project in repositories of their own: monitoring, cilium, DNS. */
    OFFICIAL,
    /** A user's own module; the default. */
    CUSTOM;

    /** As {@code module.yaml} writes it: {@code core}, {@code official} or {@code custom}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
