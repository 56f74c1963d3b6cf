package dev.baton.batond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.audit.AuditLog;
import dev.baton.varlink.VarlinkBinding;
import dev.baton.varlink.VarlinkCall;

/**
 * The audit trail of one call. An allowed call writes an "allow" record before acting (if that write fails, the
 * call is refused) and a "result" record afterwards; a refused call writes one "deny" or "invalid" record.
 */
final class CallAudit {
    private final AuditLog log;
    private final VarlinkCall call;
    private final String hook;
    private final long startNanos = System.nanoTime();
    private long allowSeq;

    CallAudit(AuditLog log, VarlinkCall call, String hook) {
        this.log = log;
        this.call = call;
        this.hook = hook;
    }

    void allowed(String rule) {
        ObjectNode record = base("allow");
        record.put("rule", rule);
        allowSeq = record.get("seq").asLong();
        log.write(record);
    }

    void succeeded(Record reply) {
        ObjectNode record = base("result");
        record.put("call", allowSeq);
        record.set("result", VarlinkBinding.toParameters(reply));
        finish(record);
    }

    void failed(String event, String rule, String errorKind, String message) {
        ObjectNode record = base(event);
        if (allowSeq != 0) {
            record.put("call", allowSeq);
        }
        if (rule != null) {
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
