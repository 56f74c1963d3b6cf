package dev.baton.batond.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (daemons, stand-in VMs, peers), closed in reverse order after it, even when it failed. A close
 * that throws does not stop the others: a leaked process would outlive the test run.
 */
public final class Closer {
    private final List<AutoCloseable> resources = new ArrayList<>();

    public <T extends AutoCloseable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    public void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        resources.clear();
    }
}
