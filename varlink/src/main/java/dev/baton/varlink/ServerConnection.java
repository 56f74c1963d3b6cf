package dev.baton.varlink;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection. The event loop parses frames and queues the calls; a worker runs them one at a time,
 * in order, so replies keep the order of the calls (the protocol has no call ids) while services block freely.
 * A quick call (one that never sleeps) with nothing ahead of it runs on the event loop itself.
 *
 * <p>Thread confinement: the timers and the flags marked "event loop" are only touched there; the queue and its
 * flags are guarded by {@link #lock}, shared with the worker.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    /** Pipelined calls beyond this many stop the reading, so a client cannot queue unbounded work. */
    private static final int PAUSE_READING_AT = 64;
    private static final int RESUME_READING_AT = 16;
    /** Calls a worker runs for one connection before it hands the connection back to the executor. */
    private static final int CALLS_PER_TURN = 64;
    /** Quick calls run on the event loop per read, at most: a client pipelining them cannot hold the loop. */
    private static final int QUICK_CALLS_PER_READ = 16;

    private final ServerContext server;
    private final NulFrameDecoder decoder;
    private volatile Channel channel;
    private VarlinkPeer peer; // null until admitted, and for refused connections
    private ConnectionTimers timers;
    private ReplyWriter writer;

    private final Object lock = new Object();
    private final ArrayDeque<VarlinkCall> queue = new ArrayDeque<>();
    private boolean running;
    private boolean closed; // no further call may run
    private boolean pidfdReleased;
    private boolean readingPaused;

    // event loop
    private int quickBudget = QUICK_CALLS_PER_READ;
    private boolean framesInBatch;
    private boolean closing;
    private boolean inputShutdown;
    private boolean draining;

    ServerConnection(ServerContext server, NulFrameDecoder decoder) {
        this.server = server;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        timers = new ConnectionTimers(channel, server.settings.idleTimeout(), server.settings.readTimeout());
        writer = new ReplyWriter(channel, server.settings.writeTimeout());
        EpollDomainSocketChannel socket = (EpollDomainSocketChannel) channel;
        PeerCredentials credentials;
        try {
            credentials = socket.peerCredentials();
        } catch (IOException e) {
            LOG.warn("no SO_PEERCRED for a new connection; closing it", e);
            ctx.close();
            return;
        }
        if (!server.limiter.tryAcquire(credentials.uid())) {
            refuse(ctx, credentials);
            return;
        }
        int[] gids = credentials.gids();
        peer = new VarlinkPeer(credentials.pid(), credentials.uid(), gids.length > 0 ? gids[0] : -1,
                PeerPidFd.acquire(socket.fd().intValue()));
        if (!server.register(this)) {
            ctx.close(); // the server began shutting down while this connection was being accepted
            return;
        }
        timers.startIdle(this::isIdle);
        ctx.fireChannelActive();
    }

    /**
     * Over a connection limit: the refusal is sent right away as PermissionDenied, which the client reads as the
     * reply to its first call, then the connection is closed. None of its calls is ever run.
     */
    private void refuse(ChannelHandlerContext ctx, PeerCredentials credentials) {
        if (server.limiter.shouldLogRefusal()) {
            LOG.warn("refusing connection of pid {} uid {}: connection limit reached ({} total, {} per uid);"
                            + " further refusals within 10 s are logged at debug level",
                    credentials.pid(), credentials.uid(), server.settings.maxConnections(),
                    server.settings.maxConnectionsPerUid());
        } else {
            LOG.debug("refusing connection of pid {} uid {}: connection limit reached",
                    credentials.pid(), credentials.uid());
        }
        closing = true;
        channel.config().setAutoRead(false);
        byte[] reply = server.json.writeReply(null, false, VarlinkErrors.PERMISSION_DENIED);
        ctx.writeAndFlush(ReplyWriter.frame(reply)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer == null || closing) {
            return; // refused, or closing after a violation: the rest of the batch is discarded
        }
        framesInBatch = true;
        VarlinkJson.CallHeader header;
        try {
            header = server.json.parseCall((byte[]) msg);
        } catch (VarlinkProtocolException e) {
            closeForViolation(e.getMessage());
            return;
        }
        VarlinkCall call = new VarlinkCall(header, peer);
        if (!runQuickly(call)) {
            enqueue(call);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        quickBudget = QUICK_CALLS_PER_READ;
        if (framesInBatch) {
            framesInBatch = false;
            timers.messageCompleted();
        }
        if (decoder.hasPartialMessage()) {
            timers.partialMessagePending(
                    () -> closeForViolation("message incomplete after " + timers.readTimeout()));
        } else if (!isBusy()) {
            timers.startIdle(this::isIdle);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            // The client sent its last call and shut down its write side: answer what was received, then close.
            inputShutdown = true;
            if (!isBusy()) {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writer.wakeUp();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeForViolation(cause.toString()); // oversized messages arrive here, as do socket errors
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timers.stopAll();
        synchronized (lock) {
            closed = true;
            queue.clear(); // the client is gone: pending replies are discarded, as the spec requires
        }
        releasePidfdWhenIdle();
        if (peer != null) {
            server.limiter.release(peer.uid());
            server.unregister(this);
        }
        writer.wakeUp();
        ctx.fireChannelInactive();
    }

    boolean isOpen() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    /** Shutdown: stop reading new calls, finish the received ones, then close. Any thread. */
    void drain() {
        onEventLoop(() -> {
            draining = true;
            channel.config().setAutoRead(false);
            if (!isBusy()) {
                channel.close();
            }
        });
    }

    void close() {
        channel.close();
    }

    /** A reply frame from a worker; see {@link ReplyWriter}. */
    void write(byte[] message) {
        writer.write(message);
    }

    /**
     * Runs a {@link VarlinkService#isQuick quick} call right here on the event loop, if nothing of this connection
     * is queued, running or still being written ahead of it (replies keep the order of calls) and its reply can be
     * written at once (a peer that does not read its replies goes to a worker, which waits for it alone). Returns
     * false if the call must be queued instead.
     */
    private boolean runQuickly(VarlinkCall call) {
        if (quickBudget == 0 || !channel.isWritable() || !server.dispatcher.isQuick(call)) {
            return false;
        }
        synchronized (lock) {
            if (closed) {
                return true; // dropped, as a queued call would be
            }
            // In this order: a worker counts its reply as in flight before it reports itself idle under this lock,
            // so once it is seen idle here, its last reply is either counted or already on the socket.
            if (running || !queue.isEmpty() || writer.workerRepliesInFlight()) {
                return false;
            }
            running = true;
        }
        quickBudget--;
        timers.stopIdle();
        boolean answered = server.dispatcher.dispatch(call, new ChannelReplier(this, call, server.json));
        synchronized (lock) {
            running = false;
            if (!answered) {
                closed = true; // no later call may run: its reply would follow a missing one
                queue.clear();
            }
        }
        if (!answered) {
            channel.close();
        }
        return true;
    }

    private void enqueue(VarlinkCall call) {
        boolean start;
        int queued;
        synchronized (lock) {
            if (closed) {
                return;
            }
            queue.add(call);
            queued = queue.size();
            start = !running;
            running = true;
            if (queued >= PAUSE_READING_AT) {
                readingPaused = true;
            }
        }
        timers.stopIdle();
        if (queued >= PAUSE_READING_AT) {
            channel.config().setAutoRead(false);
        }
        if (start) {
            submit();
        }
    }

    private void submit() {
        try {
            server.executor.execute(this::runNext);
        } catch (RejectedExecutionException e) {
            if (!server.stopping()) {
                LOG.warn("call executor refused work; closing connection of pid {}", peer.pid());
            }
            synchronized (lock) {
                running = false;
                closed = true;
            }
            channel.close();
            releasePidfdWhenIdle();
        }
    }

    /**
     * Worker: runs the queued calls in order until the queue is empty. The same thread keeps the connection while
     * calls are waiting, rather than handing it back to the executor after each one: every hand-off is a thread
     * wake-up, and on a small node those wake-ups, not the calls, were most of a call's latency
     * (docs/performance.md). After {@link #CALLS_PER_TURN} calls it hands the connection back all the same, so that
     * with a bounded executor a client that keeps pipelining cannot keep a thread from everyone else.
     */
    private void runNext() {
        for (int turn = 0; ; turn++) {
            if (turn == CALLS_PER_TURN) {
                submit(); // still running: the connection goes to the back of the executor's queue
                return;
            }
            VarlinkCall call;
            boolean resume = false;
            boolean interrupted = Thread.currentThread().isInterrupted(); // a forced shutdown: run nothing more
            synchronized (lock) {
                if (interrupted && !closed) {
                    closed = true;
                    queue.clear();
                }
                call = closed ? null : queue.poll();
                if (call == null) {
                    running = false;
                } else if (readingPaused && queue.size() <= RESUME_READING_AT) {
                    readingPaused = false;
                    resume = true;
                }
            }
            if (call == null) {
                if (interrupted) {
                    channel.close();
                }
                releasePidfdWhenIdle();
                onEventLoop(this::afterQueueEmptied);
                return;
            }
            if (resume) {
                onEventLoop(this::resumeReading);
            }
            if (!server.dispatcher.dispatch(call, new ChannelReplier(this, call, server.json))) {
                synchronized (lock) {
                    closed = true; // no later call may run: its reply would follow a missing one
                    queue.clear();
                }
                channel.close();
            }
        }
    }

    /** From a worker; at a forced shutdown the loop may be gone already, and the task moot with it. */
    private void onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException stopped) {
            channel.close();
        }
    }

    private void afterQueueEmptied() {
        if (!channel.isActive() || isBusy()) {
            return;
        }
        if (inputShutdown || draining) {
            channel.close();
        } else if (!decoder.hasPartialMessage()) {
            timers.startIdle(this::isIdle);
        }
    }

    private void resumeReading() {
        if (channel.isActive() && !closing && !draining && !inputShutdown) {
            channel.config().setAutoRead(true);
        }
    }

    private boolean isBusy() {
        synchronized (lock) {
            return running || !queue.isEmpty();
        }
    }

    private boolean isIdle() {
        return !isBusy() && !decoder.hasPartialMessage();
    }

    /** The pidfd may be in use by a running call; it is closed only once the connection is closed and idle. */
    private void releasePidfdWhenIdle() {
        OptionalInt pidfd;
        synchronized (lock) {
            if (!closed || running || pidfdReleased || peer == null) {
                return;
            }
            pidfdReleased = true;
            pidfd = peer.pidfd();
        }
        PeerPidFd.release(pidfd);
    }

    private void closeForViolation(String reason) {
        if (!closing) {
            closing = true;
            LOG.debug("closing connection of pid {}: {}", peer == null ? "?" : peer.pid(), reason);
            channel.close();
        }
    }
}
