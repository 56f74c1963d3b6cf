package dev.baton.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.baton.core.discovery.DiscoveryResult;
import dev.baton.core.discovery.PluginDiscovery;
import dev.baton.core.routing.Backend;
import dev.baton.core.routing.HookRouter;
import dev.baton.core.routing.RouteTable;
import dev.baton.core.verify.ResultVerifier;
import dev.baton.spi.Effect;

import java.time.Clock;
import java.util.Optional;

/**
 * Core's Guice wiring: discovery, plugin start-up, routing and invocation. Guice stays inside core; plugins
 * receive a {@link dev.baton.spi.PluginContext}, never the injector.
 */
final class RuntimeModule extends AbstractModule {
    private final RuntimeSettings settings;

    RuntimeModule(RuntimeSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(RuntimeSettings.class).toInstance(settings);
        bind(Clock.class).toInstance(settings.clock());
        bind(ResultVerifier.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    StartedPlugins startedPlugins(RuntimeSettings settings) {
        DiscoveryResult discovery = PluginDiscovery.discover(settings.apiVersion(), settings.classPath(),
                settings.pluginsDir());
        return StartedPlugins.start(discovery, settings);
    }

    @Provides
    @Singleton
    RouteTable routes(RuntimeSettings settings, StartedPlugins plugins) {
        Optional<Backend> code = settings.codeHandlers().hooks().isEmpty()
                ? Optional.empty()
                : Optional.of(new Backend(Backend.CODE, "code", Integer.MAX_VALUE, Effect.APPLIES,
                settings.codeHandlers(), codeLoader()));
        try {
            return new HookRouter(settings.apiVersion(), settings.strict())
                    .route(code, settings.routes(), plugins.backends(), plugins.statuses());
        } catch (RuntimeException e) {
            plugins.close(); // nothing will use them: release plugin resources and jars before failing
            throw e;
        }
    }

    /** Code handlers run with the loader that was current when the runtime was built: the application's. */
    private static ClassLoader codeLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : RuntimeModule.class.getClassLoader();
    }

    @Provides
    @Singleton
    HookInvoker invoker(RouteTable routes, ResultVerifier verifier, Clock clock) {
        return new HookInvoker(routes, verifier, clock);
    }
}
