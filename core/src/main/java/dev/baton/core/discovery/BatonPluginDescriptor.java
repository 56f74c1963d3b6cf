package dev.baton.core.discovery;

import org.pf4j.DefaultPluginDescriptor;

import java.util.Set;

/** PF4J's descriptor plus Baton's own key, {@code plugin.apiVersions}. */
final class BatonPluginDescriptor extends DefaultPluginDescriptor {
    private final Set<Integer> apiVersions;

    BatonPluginDescriptor(String id, String version, Set<Integer> apiVersions) {
        super(id, "", "", version, "*", "", "");
        this.apiVersions = Set.copyOf(apiVersions);
    }

    Set<Integer> apiVersions() {
        return apiVersions;
    }
}
