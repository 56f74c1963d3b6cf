package dev.baton.varlink;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code org.varlink.service}, which every varlink service should provide: GetInfo and GetInterfaceDescription,
 * answered from the server's settings and the IDL texts of the hosted services.
 */
final class ServiceInterface {

    static final String IDL = VarlinkInterface.idlResource(ServiceInterface.class, "org.varlink.service.varlink");

    record NoParameters() {
    }

    record Info(String vendor, String product, String version, String url, List<String> interfaces) {
    }

    record DescriptionRequest(@JsonProperty("interface") String interfaceName) {
    }

    record Description(String description) {
    }

    private ServiceInterface() {
    }

    /** @param services every hosted interface by name, this one included, in the order GetInfo lists them */
    static VarlinkInterface create(ServerSettings settings, Map<String, VarlinkService> services) {
        Info info = new Info(settings.vendor(), settings.product(), settings.version(), settings.url(),
                List.copyOf(services.keySet()));
        return VarlinkInterface.builder(IDL)
                .quickMethod("GetInfo", (call, reply) -> {
                    call.parameters(NoParameters.class); // refuses unknown parameters
                    reply.reply(info);
                })
                .quickMethod("GetInterfaceDescription", (call, reply) -> {
                    String name = call.parameters(DescriptionRequest.class).interfaceName();
                    VarlinkService service = services.get(name);
                    if (service == null) {
                        throw VarlinkException.interfaceNotFound(name);
                    }
                    reply.reply(new Description(service.description()));
                })
                .build();
    }
}
