package dev.baton.varlink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes a call to the service of its interface and turns the outcome into exactly one final reply. */
final class CallDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CallDispatcher.class);

    private final Map<String, VarlinkService> services;

    CallDispatcher(ServerSettings settings) {
        Map<String, VarlinkService> byName = new LinkedHashMap<>();
        byName.put(VarlinkErrors.SERVICE_INTERFACE, null); // placeholder: keeps it first in GetInfo
        for (VarlinkService service : settings.services()) {
            String name = service.interfaceName();
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("interface " + name + " is hosted twice (or is built in)");
            }
            if (!name.equals(IdlText.parse(service.description()).interfaceName())) {
                throw new IllegalArgumentException("interface " + name + " has the IDL of another interface");
            }
            byName.put(name, service);
        }
        // The built-in service reads the finished map (through this view) to answer GetInterfaceDescription.
        this.services = Collections.unmodifiableMap(byName);
        byName.put(VarlinkErrors.SERVICE_INTERFACE, ServiceInterface.create(settings, services));
    }

    List<String> interfaceNames() {
        return List.copyOf(services.keySet());
    }

    /** True if the call may run on the event loop: a quick method of a hosted interface, without {@code more}. */
    boolean isQuick(VarlinkCall call) {
        VarlinkService service = services.get(call.interfaceName());
        return service != null && !call.more() && service.isQuick(call.methodName());
    }

    /**
     * Runs one call to its end. Returns false if the connection must be closed because no truthful reply
     * exists: the service failed with something other than a {@link VarlinkException}.
     */
    boolean dispatch(VarlinkCall call, ChannelReplier replier) {
        try {
            VarlinkService service = services.get(call.interfaceName());
            if (service == null) {
                throw VarlinkException.interfaceNotFound(call.interfaceName());
            }
            service.call(call, replier);
            replier.finishIfUnanswered();
            return true;
        } catch (VarlinkException e) {
            if (!replier.error(e)) {
                LOG.error("{} threw {} after its final reply; closing the connection", call, e.errorName());
                return false;
            }
            return true;
        } catch (RuntimeException | Error e) {
            LOG.error("{} failed; closing the connection", call, e);
            return false;
        }
    }
}
