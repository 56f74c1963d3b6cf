package dev.baton.batond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.audit.AuditLog;
import dev.baton.batond.audit.AuditUnavailableException;
import dev.baton.batond.auth.AccessRequest;
import dev.baton.batond.auth.Authorization;
import dev.baton.batond.auth.Authorizer;
import dev.baton.batond.auth.Peer;
import dev.baton.batond.policy.ClientRule;
import dev.baton.core.Baton;
import dev.baton.core.CoreVersions;
import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.Wire;
import dev.baton.delegation.WireErrors;
import dev.baton.delegation.WireMapping;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.Errno;
import dev.baton.spi.Hook;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;
import dev.baton.varlink.VarlinkBinding;
import dev.baton.varlink.VarlinkCall;
import dev.baton.varlink.VarlinkException;
import dev.baton.varlink.VarlinkInterface;
import dev.baton.varlink.VarlinkMethod;
import dev.baton.varlink.VarlinkReplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves {@code dev.baton.delegation}: every privileged method runs the same sequence — check the version, bind
 * the parameters, identify the peer from the kernel, admit the raw values against the policy, validate them, pin
 * and check the target, audit the decision, act through core (local-root, verified) on the pinned target, check it
 * is still the authorized process, audit the result, reply.
 */
final class DelegationService {
    private static final Logger LOG = LoggerFactory.getLogger(DelegationService.class);

    private final Baton baton;
    private final Authorizer authorizer;
    private final AuditLog audit;
    private final Optional<CgroupMount> hierarchy;
    private final String daemonName;
    private final boolean quickCalls;

    /**
     * @param quickCalls whether the short methods may run on the event loops: only when nothing they do can wait
     *                   on someone else (see {@link #asInterface})
     */
    DelegationService(Baton baton, Authorizer authorizer, AuditLog audit, Optional<CgroupMount> hierarchy,
                      String daemonName, boolean quickCalls) {
        this.quickCalls = quickCalls;
        this.baton = baton;
        this.authorizer = authorizer;
        this.audit = audit;
        this.hierarchy = hierarchy;
        this.daemonName = daemonName;
    }

    /**
     * With {@code quickCalls}, Negotiate, SetMaxMemLock and SetScheduler are quick: they make syscalls that return
     * at once (pidfd_open, prlimit, sched_setscheduler, /proc/PID/stat and status), append to an audit file, and wait
     * only on limit locks held by calls of the same kind. Batond enables it only when the audit sink is a regular
     * file and no rule reads cgroups ({@code Batond}); a pipe to journald or a cgroup read waiting on the kernel's
     * cgroup locks could otherwise stall every connection of an event loop. MoveThreads (cgroup writes) and
     * InspectProcess (it reads the target's cgroups) always keep their worker.
     */
    VarlinkInterface asInterface() {
        VarlinkInterface.Builder delegation = VarlinkInterface.builder(DelegationInterface.IDL);
        quickIfSafe("Negotiate", this::negotiate, delegation);
        quickIfSafe("SetMaxMemLock", (call, reply) -> serve(call, reply, Hook.MEMLOCK, Wire.SetMaxMemLockParams.class,
                p -> new AccessRequest.Memlock(p.pid(), p.bytes(), Boolean.TRUE.equals(p.unlimited())),
                WireMapping::request, WireMapping::reply), delegation);
        quickIfSafe("SetScheduler", (call, reply) -> serve(call, reply, Hook.SCHEDULER, Wire.SetSchedulerParams.class,
                p -> new AccessRequest.Scheduler(p.pid(), p.tids(), p.policy(), p.priority()),
                WireMapping::request, WireMapping::reply), delegation);
        delegation.method("MoveThreads", (call, reply) -> serve(call, reply, Hook.HOUSEKEEPING,
                Wire.MoveThreadsParams.class, p -> new AccessRequest.Housekeeping(p.pid(), p.tids(), p.cgroup()),
                WireMapping::request, WireMapping::reply));
        delegation.method("InspectProcess", (call, reply) -> serve(call, reply, Hook.INSPECT,
                Wire.InspectProcessParams.class, p -> new AccessRequest.Inspect(p.pid()), WireMapping::request,
                WireMapping::reply));
        return delegation.build();
    }

    private void quickIfSafe(String name, VarlinkMethod handler, VarlinkInterface.Builder delegation) {
        if (quickCalls) {
            delegation.quickMethod(name, handler);
        } else {
            delegation.method(name, handler);
        }
    }

    /** Anyone may ask which versions batond speaks; the answer grants nothing. */
    private void negotiate(VarlinkCall call, VarlinkReplier replier) throws VarlinkException {
        Wire.NegotiateParams params = call.parameters(Wire.NegotiateParams.class);
        List<Integer> ours = CoreVersions.SUPPORTED.stream().sorted().toList();
        int best = params.clientVersions().stream().filter(ours::contains).mapToInt(Integer::intValue).max()
                .orElseThrow(() -> WireErrors.toVarlink(UnsupportedApiVersionException.of(daemonName,
                        params.clientVersions().stream().mapToInt(Integer::intValue).max().orElse(0),
                        CoreVersions.SUPPORTED)));
        replier.reply(new Wire.NegotiateReply(best, ours, Hook.all().stream().map(Hook::id).toList(), daemonName));
    }

    private <P extends Record, Q extends HookRequest, R extends HookResult> void serve(
            VarlinkCall call, VarlinkReplier replier, Hook<Q, R> hook, Class<P> type, Function<P, AccessRequest> access,
            Function<P, Q> toRequest, Function<R, ? extends Record> toReply) throws VarlinkException {
        CallAudit trail = new CallAudit(audit, call, hook.id());
        ObjectNode reply;
        try {
            reply = decideAndAct(call, trail, hook, type, access, toRequest, toReply);
        } catch (ResultUnaudited e) {
            throw WireErrors.toVarlink(e.error); // logged where it happened, with the allow record's seq
        } catch (NotAuthorizedException e) {
            LOG.warn("denied {} for peer pid={} uid={}: {}", call.method(), call.peer().pid(), call.peer().uid(),
                    e.getMessage());
            throw refused(call, trail, "deny", e.kind(), e.getMessage(), WireErrors.toVarlink(e));
        } catch (InvalidRequestException e) {
            throw refused(call, trail, "invalid", e.kind(), e.getMessage(), WireErrors.toVarlink(e));
        } catch (BatonException e) {
            throw refused(call, trail, "deny", e.kind(), e.getMessage(), WireErrors.toVarlink(e));
        } catch (VarlinkException e) {
            throw refused(call, trail, "invalid", e.errorName(), String.valueOf(e.parameters()), e);
        } catch (AuditUnavailableException e) {
            // The "allow" record could not be written, so nothing was done: fail closed. The operator sees why.
            LOG.error("refusing {} from pid {}: {}", call.method(), call.peer().pid(), e.getMessage());
            throw WireErrors.toVarlink(new NotAuthorizedException("batond cannot write its audit log and refuses to"
                    + " act unaudited (" + e.getMessage() + ")"));
        } catch (RuntimeException e) {
            // A bug of batond's, not the caller's: it is logged whole for the operator, audited, and answered with
            // a typed error, so the caller is not left with a dropped connection and nothing unaudited happens.
            LOG.error("{} from pid {} failed unexpectedly", call.method(), call.peer().pid(), e);
            throw refused(call, trail, "error", "internal", e.toString(), WireErrors.toVarlink(
                    new OperationFailedException(Errno.EIO, "batond failed to serve " + call.method() + " ("
                            + e.getClass().getSimpleName() + "); the operator's log has the details")));
        }
        // Replied after the pin and any limit lock are released: a peer slow to read its reply holds nothing.
        replier.reply(reply);
    }

    /**
     * The sequence of one privileged call, up to its reply. Every exception it throws before the "allow" record
     * is written means nothing was done.
     */
    private <P extends Record, Q extends HookRequest, R extends HookResult> ObjectNode decideAndAct(
            VarlinkCall call, CallAudit trail, Hook<Q, R> hook, Class<P> type, Function<P, AccessRequest> access,
            Function<P, Q> toRequest, Function<R, ? extends Record> toReply) throws VarlinkException {
        checkVersion(call);
        P params = call.parameters(type);
        Peer peer = Peer.identify(call.peer(), hierarchy);
        ClientRule rule = authorizer.ruleFor(peer);
        trail.judgedBy(rule.name());
        // The policy sees the raw values first: a name is matched against the rule's pattern before it is
        // validated or used as a path, and a denial is a denial whatever else is wrong with the call.
        authorizer.admit(rule, access.apply(params));
        Q request = toRequest.apply(params);
        try (Authorization<Q> granted = authorizer.grant(peer, rule, request)) {
            trail.allowed();
            // The audit write may have taken a while; a caller that has gone since is nobody (CVE-2021-3560).
            peer.requireAlive();
            R result = baton.call(hook, granted.request()).result();
            granted.ensureTargetUnchanged();
            ObjectNode reply = VarlinkBinding.toParameters(toReply.apply(result)); // once, for the log and the wire
            try {
                trail.succeeded(reply);
            } catch (AuditUnavailableException e) {
                throw resultUnaudited(call, granted.target().pid(), trail.allowSeq(), e);
            }
            return reply;
        }
    }

    /**
     * The operation was applied, and only its "result" record is missing. Refusing it now ("refuses to act
     * unaudited") would be false and would make a retrying caller believe nothing changed; the caller is told
     * what happened, and the operator gets the allow record's seq to reconcile the log.
     */
    private static ResultUnaudited resultUnaudited(VarlinkCall call, int pid, long allowSeq,
                                                   AuditUnavailableException cause) {
        String message = "batond applied " + call.method() + " to pid " + pid + " but could not audit its result ("
                + cause.getMessage() + "); its 'allow' record, seq " + allowSeq + ", is the last trace of it in the"
                + " audit log";
        LOG.error("{} (peer pid={} uid={})", message, call.peer().pid(), call.peer().uid());
        return new ResultUnaudited(new OperationFailedException(Errno.EIO, message));
    }

    /**
     * Audits a refusal or failure and returns the error for the caller. If the record cannot be written the caller
     * still gets its error (nothing was done on a refusal; a failure's own error is the truth about it), and the
     * operator's log says which record is missing.
     */
    private static VarlinkException refused(VarlinkCall call, CallAudit trail, String event, String kind,
                                             String message, VarlinkException reply) {
        try {
            trail.failed(event, kind, message);
        } catch (AuditUnavailableException e) {
            LOG.error("could not audit the {} of {} from peer pid={} uid={} ({}: {}): {}",
                    trail.allowRecorded() ? "result" : event, call.method(), call.peer().pid(), call.peer().uid(),
                    kind, message, e.getMessage());
        }
        return reply;
    }

    /** Carries the reply for an applied call whose "result" record could not be written, past the other catches. */
    private static final class ResultUnaudited extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient OperationFailedException error;

        ResultUnaudited(OperationFailedException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }

    /** The version comes first, so a client speaking another version gets ApiVersionMismatch, not a binding error. */
    private static void checkVersion(VarlinkCall call) throws VarlinkException {
        JsonNode version = call.parameters().get("apiVersion");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw VarlinkException.invalidParameter("apiVersion");
        }
        if (!CoreVersions.SUPPORTED.contains(version.intValue())) {
            throw WireErrors.toVarlink(UnsupportedApiVersionException.of("batond", version.intValue(),
                    CoreVersions.SUPPORTED));
        }
    }
}
