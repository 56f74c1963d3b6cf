package dev.baton.batond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.audit.AuditLog;
import dev.baton.varlink.VarlinkCall;

/**
 * The audit trail of one call. An allowed call writes an "allow" record before acting (if that write fails, the
 * call is refused) and a "result" record afterwards; a refused call writes one "deny", "invalid" or "error" record.
 * Every record after the policy was consulted names the rule that judged the call; a "deny" record without a rule
 * says so with {@code "rule": null} (no rule matched the caller, or the caller could not be identified).
 */
final class CallAudit {
    private final AuditLog log;
    private final VarlinkCall call;
    private final String hook;
    private final long startNanos = System.nanoTime();
    private String rule;
    private long allowSeq;

    CallAudit(AuditLog log, VarlinkCall call, String hook) {
        this.log = log;
        this.call = call;
        this.hook = hook;
    }

    /** The rule that matched the caller: from now on every record of this call names it. */
    void judgedBy(String rule) {
        this.rule = rule;
    }

    void allowed() {
        ObjectNode record = base("allow");
        record.put("rule", rule);
        log.write(record);
        // Only once it is in the log: a call whose "allow" record was lost has not been allowed.
        allowSeq = record.get("seq").asLong();
    }

    /** Whether the "allow" record is in the log, i.e. batond may have acted and what follows is a "result". */
    boolean allowRecorded() {
        return allowSeq != 0;
    }

    long allowSeq() {
        return allowSeq;
    }

    /** {@code reply} is the reply's parameters exactly as they go on the wire, bound once for both. */
    void succeeded(ObjectNode reply) {
        ObjectNode record = base("result");
        record.put("call", allowSeq);
        record.put("rule", rule);
        record.set("result", reply);
        finish(record);
    }

    /** A refusal or failure; {@code refusedEvent} is the event if the call was never allowed. */
    void failed(String refusedEvent, String errorKind, String message) {
        String event = allowRecorded() ? "result" : refusedEvent;
        ObjectNode record = base(event);
        if (allowRecorded()) {
            record.put("call", allowSeq);
        }
        if (rule != null || event.equals("deny")) {
            record.put("rule", rule);
        }
        ObjectNode error = record.putObject("error");
        error.put("kind", errorKind);
        error.put("message", message);
        finish(record);
    }

    private void finish(ObjectNode record) {
        record.put("durationMicros", (System.nanoTime() - startNanos) / 1000);
        log.write(record);
    }

    private ObjectNode base(String event) {
        ObjectNode record = log.newRecord(event);
        ObjectNode peer = record.putObject("peer");
        peer.put("pid", call.peer().pid());
        peer.put("uid", call.peer().uid());
        peer.put("gid", call.peer().gid());
        record.put("hook", hook);
        record.put("method", call.method());
        JsonNode pid = call.parameters().get("pid");
        if (pid != null) {
            record.set("target", pid);
        }
        // The parameters exactly as received: Jackson escapes them, so they cannot break the line.
        record.set("parameters", call.parameters());
        return record;
    }
}
