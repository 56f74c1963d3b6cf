package dev.baton.distribution;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every cgroup directory of the hierarchies the demo may write to: v1 cpuset and the v2 tree. Taken before and
 * after a run, the difference is what the run left behind. Other tests on this machine create and remove their
 * own scratch cgroups (baton-test-*) at the same time, so those are not counted.
 */
final class CgroupDirectories {
    private CgroupDirectories() {}

    static Set<Path> snapshot() {
        CgroupMounts mounts = CgroupMounts.detect();
        Set<Path> directories = new HashSet<>();
        Stream.of(mounts.v1Cpuset(), mounts.v2()).flatMap(Optional::stream).map(CgroupMount::mountPoint)
                .forEach(root -> collect(root, directories));
        return directories;
    }

    /** The directories in {@code after} that were not in {@code before}, apart from other tests' scratch cgroups. */
    static List<Path> created(Set<Path> before, Set<Path> after) {
        List<Path> created = new ArrayList<>();
        for (Path dir : after) {
            if (!before.contains(dir) && !isAnotherTestsCgroup(dir)) {
                created.add(dir);
            }
        }
        return created;
    }

    private static boolean isAnotherTestsCgroup(Path dir) {
        for (Path part : dir) {
            if (part.toString().startsWith("baton-test-")) {
                return true;
            }
        }
        return false;
    }

    private static void collect(Path dir, Set<Path> into) {
        into.add(dir);
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir,
                child -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS))) {
            children.forEach(child -> collect(child, into));
        } catch (IOException | java.io.UncheckedIOException removedMeanwhile) {
            // another test's cgroup went away while we listed it
        }
    }
}
