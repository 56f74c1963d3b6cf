package dev.baton.plugins.remote;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PluginContext;
import dev.baton.spi.PluginInfo;
import dev.baton.spi.error.UnsupportedApiVersionException;

import java.util.Set;

/**
 * Passes the baton: every hook goes to batond, the privileged daemon, as a {@code dev.baton.delegation} varlink
 * call on a Unix socket. batond decides whether this process may do it, does it, and audits it. Core verifies
 * the result afterwards, as for any plugin that {@link Effect#APPLIES applies} changes.
 *
 * <p>Settings ({@code plugins.remote-handler} in conf/baton.yaml, all optional; a bad value or an unknown key
 * fails {@link #start} with an {@link IllegalArgumentException} naming the key, and core reports the plugin as
 * broken):
 * <table>
 *   <caption>remote-handler settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code socket}</td><td>{@code /run/baton/batond.sock}</td><td>absolute path of batond's socket</td></tr>
 *   <tr><td>{@code connectTimeoutMillis}</td><td>10000</td><td>how long the handshake may take: connecting and
 *       the Negotiate reply, at least 1 (connect(2) to a Unix socket never waits on Linux; a full backlog fails at
 *       once and is retried). The default covers the start of a socket-activated batond, which answers its first
 *       connection only once it is up</td></tr>
 *   <tr><td>{@code callTimeoutMillis}</td><td>30000</td><td>how long to wait for each reply, at least 1. A call
 *       that times out is not resent: the daemon is there, but stuck.</td></tr>
 *   <tr><td>{@code retryDeadlineMillis}</td><td>10000</td><td>how long one hook call keeps reconnecting while
 *       batond is unreachable (socket missing, connection refused, connection closed), with backoff from 25 ms
 *       doubling to 1 s; 0 tries once</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>8</td><td>connections kept to batond, at least 1; that many hook
 *       calls run at the same time, more wait for a free connection. Keep it below batond's per-uid limit.</td></tr>
 * </table>
 *
 * <p>{@link #start} connects to nothing, so it succeeds while batond is down ({@code baton plugins} starts every
 * plugin). Each new connection negotiates first; calls carry the runtime's API version, which batond must
 * implement, else the call fails with {@link UnsupportedApiVersionException} naming both version sets.
 */
public final class RemoteHandlerPlugin implements BatonPlugin {
    public static final String NAME = "remote-handler";
    /** Above local-root (0): a deployment that installs this plugin wants the operations delegated. */
    public static final int PRIORITY = 100;
    static final Set<Integer> API_VERSIONS = Set.of(InternalApi.VERSION);

    private volatile BatondClient client;

    @Override
    public PluginInfo info() {
        String version = RemoteHandlerPlugin.class.getPackage().getImplementationVersion();
        return new PluginInfo(NAME, version == null ? "dev" : version, API_VERSIONS, Set.copyOf(Hook.all()),
                PRIORITY, Effect.APPLIES);
    }

    @Override
    public HandlerSet start(PluginContext context) {
        RemoteHandlerSettings settings = RemoteHandlerSettings.from(context.config());
        if (!API_VERSIONS.contains(context.apiVersion())) {
            // Core never starts a plugin for a version it does not declare; this guards hand-wired hosts.
            throw UnsupportedApiVersionException.of(NAME, context.apiVersion(), API_VERSIONS);
        }
        ApiVersionAgreement agreement = new ApiVersionAgreement(API_VERSIONS, context.apiVersion(),
                settings.socket());
        BatondClient started = new BatondClient(settings, agreement, context.logger());
        client = started;
        return new RemoteHandlers(started, context.apiVersion(), settings.socket()).handlerSet();
    }

    /** Closes the connections to batond; calls still running finish, then close theirs. */
    @Override
    public void close() {
        BatondClient started = client;
        if (started != null) {
            started.close();
        }
    }
}
