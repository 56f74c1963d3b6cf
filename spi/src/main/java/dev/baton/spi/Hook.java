package dev.baton.spi;

import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One privileged operation that can be delegated: the RFC's "one hook per privileged operation".
 *
 * <p>A hook is a typed key, so a handler registered for {@link #MEMLOCK} can only receive a {@link MemlockRequest}
 * and must return a {@link MemlockResult}. The set is closed on purpose (see MISSION.md): new hooks arrive with a
 * new {@link InternalApi#VERSION}.
 */
@Unstable
public final class Hook<Q extends HookRequest, R extends HookResult> {
    public static final Hook<MemlockRequest, MemlockResult> MEMLOCK =
            new Hook<>("memlock", MemlockRequest.class, MemlockResult.class);
    public static final Hook<SchedulerRequest, SchedulerResult> SCHEDULER =
            new Hook<>("scheduler", SchedulerRequest.class, SchedulerResult.class);
    public static final Hook<HousekeepingRequest, HousekeepingResult> HOUSEKEEPING =
            new Hook<>("housekeeping", HousekeepingRequest.class, HousekeepingResult.class);
    public static final Hook<InspectRequest, InspectResult> INSPECT =
            new Hook<>("inspect", InspectRequest.class, InspectResult.class);

    private static final List<Hook<?, ?>> ALL = List.of(MEMLOCK, SCHEDULER, HOUSEKEEPING, INSPECT);

    private final String id;
    private final Class<Q> requestType;
    private final Class<R> resultType;

    private Hook(String id, Class<Q> requestType, Class<R> resultType) {
        this.id = requireNonNull(id, "id is null");
        this.requestType = requireNonNull(requestType, "requestType is null");
        this.resultType = requireNonNull(resultType, "resultType is null");
    }

    /** Every hook, in a stable order. */
    public static List<Hook<?, ?>> all() {
        return ALL;
    }

    /** The hook whose id is {@code id} ("memlock", "scheduler", "housekeeping", "inspect"). */
    public static Optional<Hook<?, ?>> byId(String id) {
        return ALL.stream().filter(hook -> hook.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    public Class<Q> requestType() {
        return requestType;
    }

    public Class<R> resultType() {
        return resultType;
    }

    @Override
    public String toString() {
        return id;
    }
}
