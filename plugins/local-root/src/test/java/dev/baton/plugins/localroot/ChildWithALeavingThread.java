package dev.baton.plugins.localroot;

import dev.baton.linux.Identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child process for tests, speaking the stand-in VM's protocol ("THREAD tid name" lines, then "READY pid"):
 * threads "stays-1" and "stays-2" live until the process ends; thread "leaves" ends as soon as the file named by the
 * first argument exists. That lets a test end one real thread at a moment it chooses. Exits when stdin closes.
 */
public final class ChildWithALeavingThread {
    private ChildWithALeavingThread() {}

    public static void main(String[] args) throws Exception {
        Path signal = Path.of(args[0]);
        CountDownLatch announced = new CountDownLatch(3);
        CountDownLatch forever = new CountDownLatch(1);
        for (String name : new String[] {"stays-1", "stays-2", "leaves"}) {
            Thread thread = new Thread(() -> {
                synchronized (System.out) {
                    System.out.println("THREAD " + Identity.gettid() + " " + name);
                    System.out.flush();
                }
                announced.countDown();
                try {
                    if (name.equals("leaves")) {
                        while (!Files.exists(signal)) {
                            Thread.sleep(2);
                        }
                    } else {
                        forever.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }
        announced.await();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes stdin or dies
        }
        System.exit(0);
    }
}
