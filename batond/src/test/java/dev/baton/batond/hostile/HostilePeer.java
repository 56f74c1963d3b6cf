package dev.baton.batond.hostile;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A hostile peer of batond that the tests run as uid 65534 with no capabilities (see {@link HostilePeerProcess}).
 * Unlike the demo launcher it does things a well-behaved client never does. Driven over stdin/stdout, one answer
 * line per command:
 *
 * <pre>
 *   spawn NAME PROGRAM ARG...       -> CHILD pid             a child (stdin kept open, output discarded)
 *   spawn-json NAME ["PROGRAM",...] -> CHILD pid             the same, for a command line with any characters
 *   kill NAME                       -> KILLED pid            SIGKILL, then reaped
 *   call FRAME                      -> REPLY json | CLOSED   one call on a fresh connection
 *   head FRAME                      -> HEAD                  the next flood or race sends FRAME first
 *   flood N FRAME                   -> SENT n                N pipelined calls on one connection, no reply read
 *   race N NAME FRAME               -> REAPED pid, then after one stdin line: R json... END count (head first)
 *                                      N pipelined calls; once written, child NAME is killed and reaped while the
 *                                      calls are still being answered; the replies are read after the go line
 *   share IN OUT                    -> SHARED pid            connects, then hands the connected socket to a shell
 *                                      (fd 3) that sends each line of FIFO IN as a call and writes "SH reply" lines
 *                                      to FIFO OUT (not to this process's stdout, which the JDK closes when this
 *                                      process dies, and this process is meant to die first)
 *   nursery                         -> NURSERY tid           a thread that waits to start other threads
 *   breed N                         -> BRED tid...           the nursery starts N threads (which inherit its
 *                                                            scheduling policy, as threads do) and reports them
 *   quit
 * </pre>
 *
 * Argument: the socket path.
 */
public final class HostilePeer {
    private static final Map<String, Process> CHILDREN = new LinkedHashMap<>();
    /** A frame sent before the next flood or race, then forgotten. */
    private static byte[] head;

    private HostilePeer() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        System.out.println("PEER " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            String[] words = line.split(" ", 2);
            String rest = words.length > 1 ? words[1] : "";
            String answer;
            try {
                answer = switch (words[0]) {
                    case "spawn" -> spawn(rest);
                    case "spawn-json" -> spawnJson(rest);
                    case "kill" -> "KILLED " + kill(rest);
                    case "call" -> call(socket, rest);
                    case "head" -> {
                        head = (rest + "\0").getBytes(StandardCharsets.UTF_8);
                        yield "HEAD";
                    }
                    case "flood" -> flood(socket, rest);
                    case "race" -> race(socket, rest, in);
                    case "nursery" -> nursery();
                    case "breed" -> breed(Integer.parseInt(rest));
                    case "share" -> share(socket, rest.split(" ")[0], rest.split(" ")[1]);
                    default -> "ERR unknown command " + words[0];
                };
            } catch (Exception e) {
                answer = "ERR " + e;
            }
            System.out.println(answer);
            System.out.flush();
        }
        for (Process child : CHILDREN.values()) {
            child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static final java.util.concurrent.SynchronousQueue<Integer> BREED = new java.util.concurrent.SynchronousQueue<>();
    private static final java.util.concurrent.LinkedBlockingQueue<String> BRED = new java.util.concurrent.LinkedBlockingQueue<>();

    private static String nursery() throws InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        int[] tid = new int[1];
        Thread nursery = new Thread(() -> {
            tid[0] = HostileLibC.C.gettid();
            started.countDown();
            try {
                while (true) {
                    int count = BREED.take();
                    java.util.concurrent.CountDownLatch born = new java.util.concurrent.CountDownLatch(count);
                    StringBuilder tids = new StringBuilder("BRED");
                    for (int i = 0; i < count; i++) {
                        Thread child = new Thread(() -> {
                            synchronized (tids) {
                                tids.append(' ').append(HostileLibC.C.gettid());
                            }
                            born.countDown();
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        child.setDaemon(true);
                        child.start();
                    }
                    born.await();
                    synchronized (tids) {
                        BRED.put(tids.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nursery");
        nursery.setDaemon(true);
        nursery.start();
        started.await();
        return "NURSERY " + tid[0];
    }

    private static String breed(int count) throws InterruptedException {
        BREED.put(count);
        return BRED.take();
    }

    private static String spawn(String rest) throws IOException {
        String[] words = rest.split(" ");
        return spawn(words[0], List.of(words).subList(1, words.length));
    }

    private static String spawnJson(String rest) throws IOException {
        String[] words = rest.split(" ", 2);
        List<String> command = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(words[1]).forEach(n -> command.add(n.asText()));
        return spawn(words[0] + " ", command);
    }

    private static String spawn(String name, List<String> command) throws IOException {
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CHILDREN.put(name.strip(), child);
        return "CHILD " + child.pid();
    }

    private static long kill(String name) throws InterruptedException {
        Process child = CHILDREN.remove(name);
        child.destroyForcibly();
        child.waitFor();
        return child.pid();
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    private static String call(Path socket, String frame) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            write(channel, (frame + "\0").getBytes(StandardCharsets.UTF_8));
            String reply = readFrame(input(channel));
            return reply == null ? "CLOSED" : "REPLY " + reply;
        }
    }

    private static String flood(Path socket, String rest) throws IOException {
        String[] words = rest.split(" ", 2);
        int count = Integer.parseInt(words[0]);
        SocketChannel channel = connect(socket); // left open: the test kills this process
        byte[] frame = (words[1] + "\0").getBytes(StandardCharsets.UTF_8);
        int sent = sendHead(channel);
        for (int i = 0; i < count; i++) {
            write(channel, frame);
        }
        return "SENT " + (sent + count);
    }

    private static String race(Path socket, String rest, BufferedReader in) throws Exception {
        String[] words = rest.split(" ", 3);
        int count = Integer.parseInt(words[0]);
        byte[] frame = (words[2] + "\0").getBytes(StandardCharsets.UTF_8);
        int total = count + (head == null ? 0 : 1);
        try (SocketChannel channel = connect(socket)) {
            InputStream replies = input(channel);
            List<String> received = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    for (String reply = readFrame(replies); reply != null; reply = readFrame(replies)) {
                        synchronized (received) {
                            received.add(reply);
                            if (received.size() == total) {
                                return;
                            }
                        }
                    }
                } catch (IOException e) {
                    // the connection was closed: the replies so far are the answer
                }
            });
            reader.start();
            sendHead(channel);
            for (int i = 0; i < count; i++) {
                write(channel, frame);
            }
            System.out.println("REAPED " + kill(words[1]));
            System.out.flush();
            in.readLine(); // the test has recycled the pid (or given up)
            reader.join(30_000);
            StringBuilder answer = new StringBuilder();
            synchronized (received) {
                for (String reply : received) {
                    answer.append("R ").append(reply).append('\n');
                }
                return answer.append("END ").append(received.size()).toString();
            }
        }
    }

    /**
     * Connects with a plain descriptor, then spawns a shell that inherits it as fd 3 and reads calls from FIFO in;
     * this process closes its own copy, so the shell alone holds the connection this process made.
     */
    private static String share(Path socket, String in, String out) {
        HostileLibC c = HostileLibC.C;
        int fd = c.socket(HostileLibC.AF_UNIX, HostileLibC.SOCK_STREAM, 0);
        byte[] address = HostileLibC.unixAddress(socket.toString());
        c.connect(fd, address, address.length);
        Memory actions = new Memory(HostileLibC.FILE_ACTIONS_BYTES);
        actions.clear();
        c.posix_spawn_file_actions_init(actions);
        try {
            c.posix_spawn_file_actions_adddup2(actions, fd, 3);
            c.posix_spawn_file_actions_addopen(actions, 0, in, HostileLibC.O_RDWR, 0);
            c.posix_spawn_file_actions_addopen(actions, 1, out, HostileLibC.O_RDWR, 0);
            String script = "while read -r frame; do printf '%s\\0' \"$frame\" >&3;"
                    + " printf 'SH '; dd bs=65536 count=1 <&3 2>/dev/null | tr -d '\\000'; echo; done";
            IntByReference pid = new IntByReference();
            int error = c.posix_spawn(pid, "/bin/sh", actions, null, new String[] {"sh", "-c", script},
                    new String[] {"PATH=/usr/bin:/bin"});
            if (error != 0) {
                return "ERR posix_spawn failed with error " + error;
            }
            return "SHARED " + pid.getValue();
        } finally {
            c.posix_spawn_file_actions_destroy(actions);
            c.close(fd);
        }
    }

    /**
     * Reads straight from the channel. Channels.newInputStream would hold the channel's blocking lock while it waits,
     * and so keep a writer in another thread from writing: pipelining needs both at once.
     */
    private static InputStream input(SocketChannel channel) {
        return new BufferedInputStream(new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return channel.read(ByteBuffer.wrap(bytes, offset, length));
            }
        });
    }

    private static int sendHead(SocketChannel channel) throws IOException {
        if (head == null) {
            return 0;
        }
        write(channel, head);
        head = null;
        return 1;
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** One NUL-terminated frame; null at end of stream. */
    static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return null;
            }
            if (b == 0) {
                return frame.toString(StandardCharsets.UTF_8);
            }
            frame.write(b);
        }
    }
}
