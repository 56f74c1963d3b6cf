package dev.baton.varlink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A varlink server on an AF_UNIX stream socket, on Netty's epoll transport. Built by {@link #builder()}, started
 * by {@link #start()}, stopped by {@link #shutdown(Duration)} or {@link #close()}.
 *
 * <p>I/O runs on a small event loop; calls run on worker threads (see {@link VarlinkService}). The threads are
 * daemon threads: the program keeps itself alive while the server runs.
 */
public final class VarlinkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VarlinkServer.class);

    private final ServerSettings settings;
    private final CallDispatcher dispatcher;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private ServerContext context;
    private EventLoopGroup group;
    private ExecutorService ownExecutor;
    private Channel serverChannel;
    private Object socketKey;
    private Path boundPath; // bound but not yet published under the real path

    /** Validates the hosted services (unique names, IDL matching the name) so mistakes surface at build(). */
    VarlinkServer(ServerSettings settings) {
        this.settings = settings;
        this.dispatcher = new CallDispatcher(settings);
    }

    public static VarlinkServerBuilder builder() {
        return new VarlinkServerBuilder();
    }

    /**
     * Binds the socket path (or adopts the listening fd) and starts accepting connections.
     *
     * @throws IOException if the path is taken by a live server or by a non-socket, or binding fails
     */
    public VarlinkServer start() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        Epoll.ensureAvailability();
        ExecutorService executor = settings.executor();
        if (executor == null) {
            // Unbounded in principle, bounded in practice: a connection runs at most one call at a time, and
            // connections are capped by maxConnections.
            executor = ownExecutor = Executors.newCachedThreadPool(new DefaultThreadFactory("varlink-call", true));
        }
        context = new ServerContext(settings, dispatcher, executor);
        group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("varlink-io", true),
                EpollIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory((io.netty.channel.ChannelFactory<ServerChannel>) () -> settings.listenFd() >= 0
                        ? new EpollServerDomainSocketChannel(settings.listenFd(), true)
                        : new EpollServerDomainSocketChannel())
                // Lets a client send its calls, shut down its write side and still read the replies.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 << 10, 256 << 10))
                .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
                    @Override
                    protected void initChannel(EpollDomainSocketChannel channel) {
                        NulFrameDecoder decoder = new NulFrameDecoder(settings.maxMessageBytes());
                        channel.pipeline().addLast(decoder, new ServerConnection(context, decoder));
                    }
                });
        try {
            if (settings.listenFd() >= 0) {
                serverChannel = bootstrap.register().sync().channel();
                LOG.info("varlink server on inherited fd {} serving {}", settings.listenFd(),
                        dispatcher.interfaceNames());
            } else {
                Path path = settings.socketPath().toAbsolutePath();
                SocketFiles.removeStale(path);
                Path bound = SocketFiles.bindingPath(path);
                serverChannel = bind(bootstrap, bound, path);
                boundPath = bound;
                socketKey = SocketFiles.publish(bound, path, settings.socketMode());
                boundPath = null;
                LOG.info("varlink server on {} serving {}", path, dispatcher.interfaceNames());
            }
        } catch (IOException | RuntimeException e) {
            abortStart();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortStart();
            throw new IOException("interrupted while binding", e);
        } catch (Exception e) { // register() may rethrow checked failures without declaring them
            abortStart();
            throw new IOException("cannot serve fd " + settings.listenFd() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Netty's bind errors name neither the path nor the operation; these do. */
    private static Channel bind(ServerBootstrap bootstrap, Path bound, Path path)
            throws IOException, InterruptedException {
        try {
            return bootstrap.bind(new DomainSocketAddress(bound.toString())).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // Netty rethrows its checked NativeIoException without declaring it
            throw new IOException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    private void abortStart() {
        stopped.set(true);
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        if (boundPath != null) {
            try {
                Files.deleteIfExists(boundPath);
            } catch (IOException ignored) {
                // best effort: a leftover socket without listener is replaced by the next start
            }
        }
        stopResources(0);
    }

    /** The socket path, or null for a server on an inherited fd. */
    public Path socketPath() {
        return settings.socketPath();
    }

    /** The interfaces served, {@code org.varlink.service} first. */
    public List<String> interfaces() {
        return dispatcher.interfaceNames();
    }

    /** Connections currently open (refused ones excluded). */
    public int connectionCount() {
        return context == null ? 0 : context.connectionCount();
    }

    /**
     * Stops accepting (and removes the socket file), lets every connection finish the calls it already received,
     * closes connections as they become idle, and after {@code grace} closes the rest and interrupts their calls.
     *
     * @return true if every connection finished within the grace period
     */
    public boolean shutdown(Duration grace) throws InterruptedException {
        if (!started.get() || !stopped.compareAndSet(false, true)) {
            return true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        serverChannel.close().awaitUninterruptibly();
        if (settings.socketPath() != null && settings.listenFd() < 0) {
            SocketFiles.removeOwned(settings.socketPath().toAbsolutePath(), socketKey);
        }
        context.drainAll();
        boolean drained = context.awaitNoConnections(deadline);
        if (!drained) {
            LOG.warn("{} connections still busy after {}; closing them", context.connectionCount(), grace);
            context.closeAll();
        }
        stopResources(Math.max(0, deadline - System.nanoTime()));
        return drained;
    }

    /** {@link #shutdown(Duration)} with the builder's shutdown grace. */
    @Override
    public void close() {
        try {
            shutdown(settings.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopResources(long graceNanos) {
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(Math.max(graceNanos, TimeUnit.MILLISECONDS.toNanos(100)),
                        TimeUnit.NANOSECONDS)) {
                    ownExecutor.shutdownNow(); // interrupts calls that outlived the grace period
                }
            } catch (InterruptedException e) {
                ownExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
