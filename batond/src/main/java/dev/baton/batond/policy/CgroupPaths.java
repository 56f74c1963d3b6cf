package dev.baton.batond.policy;

/** Path-component-wise containment, so "/pod1" does not contain "/pod10". */
public final class CgroupPaths {
    private CgroupPaths() {}

    public static boolean within(String path, String ancestor) {
        if (ancestor.equals("/")) {
            return path.startsWith("/");
        }
        String prefix = ancestor.endsWith("/") ? ancestor.substring(0, ancestor.length() - 1) : ancestor;
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
