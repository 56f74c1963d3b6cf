package dev.baton.plugins.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.delegation.Wire;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.varlink.VarlinkException;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The third place where the unstable API is negotiated (MISSION.md): remote-handler and batond. On every new
 * connection the client offers the versions this plugin implements; the runtime's own version, which every call
 * carries, must be among the versions the daemon implements. Both kinds of mismatch, refused at Negotiate or
 * refused on a call, end in the same message naming both sets, so the operator knows what to upgrade.
 */
final class ApiVersionAgreement {
    private final Set<Integer> clientVersions;
    private final int callVersion;
    private final Path socket;

    /**
     * @param clientVersions the versions this plugin implements, offered at Negotiate
     * @param callVersion    the version the runtime negotiated with the application; every call carries it
     * @param socket         where batond listens, for messages
     */
    ApiVersionAgreement(Set<Integer> clientVersions, int callVersion, Path socket) {
        this.clientVersions = Set.copyOf(requireNonNull(clientVersions, "clientVersions is null"));
        this.callVersion = callVersion;
        this.socket = requireNonNull(socket, "socket is null");
    }

    int callVersion() {
        return callVersion;
    }

    Wire.NegotiateParams negotiateParams() {
        return new Wire.NegotiateParams(List.copyOf(new TreeSet<>(clientVersions)));
    }

    /** Accepts a Negotiate reply, or throws if the daemon does not implement the version calls will carry. */
    void check(Wire.NegotiateReply reply) {
        Set<Integer> daemonVersions = Set.copyOf(reply.daemonVersions());
        if (!daemonVersions.contains(callVersion)) {
            throw mismatch(callVersion, daemonVersions, "");
        }
    }

    /** batond answered Negotiate with ApiVersionMismatch: it shares no version with this client. */
    UnsupportedApiVersionException refusedAtNegotiate(VarlinkException e) {
        return mismatch(callVersion, supported(e.parameters()), "");
    }

    /** batond answered a call with ApiVersionMismatch: it does not implement the version the call carried. */
    UnsupportedApiVersionException refusedCall(String method, VarlinkException e) {
        ObjectNode parameters = e.parameters();
        int requested = parameters.path("requested").asInt(callVersion);
        return mismatch(requested, supported(parameters), " rejected " + BatondFailures.shortName(method) + " and");
    }

    private UnsupportedApiVersionException mismatch(int requested, Set<Integer> daemonVersions, String what) {
        return new UnsupportedApiVersionException("unsupported internal API version " + requested + ": batond at "
                + socket + what + " implements " + InternalApi.describe(daemonVersions) + " (this client speaks "
                + InternalApi.describe(clientVersions) + "); install a batond and a " + RemoteHandlerPlugin.NAME
                + " plugin that share a version", requested, daemonVersions);
    }

    private static Set<Integer> supported(ObjectNode parameters) {
        Set<Integer> supported = new TreeSet<>();
        parameters.path("supported").forEach(version -> supported.add(version.asInt()));
        return supported;
    }
}
