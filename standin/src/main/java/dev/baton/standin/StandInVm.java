package dev.baton.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for a QEMU process, used by the demo and the tests: threads named like QEMU's ("CPU 0/KVM",
 * "kvm-pit/42", ...), each announced on stdout as "THREAD tid name", then "READY pid". It lives until stdin closes, so the parent's exit ends it too.
 *
 * <p>Usage: {@code java dev.baton.standin.StandInVm [vcpus] [extra-thread-name...]}. It depends on JNA only, so
 * an unprivileged launcher can run it from a small staged class path.
 */
public final class StandInVm {
    private StandInVm() {}

    public static void main(String[] args) throws Exception {
        int vcpus = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            names.add("CPU " + i + "/KVM");
        }
        names.add("kvm-pit/42");
        names.add("IO mon_iothread");
        names.add("worker");
        names.add("vhost-4242");
        for (int i = 1; i < args.length; i++) {
            names.add(args[i]);
        }
        CountDownLatch named = new CountDownLatch(names.size());
        CountDownLatch forever = new CountDownLatch(1);
        for (String name : names) {
            Thread thread = new Thread(() -> {
                ThreadNaming.nameCurrentThread(name);
                synchronized (System.out) {
                    System.out.println("THREAD " + ThreadNaming.gettid() + " " + name);
                    System.out.flush();
                }
                named.countDown();
                try {
                    forever.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
        named.await();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        // Exit when the parent closes our stdin (or dies), so no fixture outlives its test.
        while (System.in.read() >= 0) {
            // keep reading until EOF
        }
        System.exit(0);
    }
}
