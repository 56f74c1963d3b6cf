package dev.baton.samples.inhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a child's stderr on a thread of its own, keeping the first {@value #CAP} bytes and discarding the rest.
 * Draining it all matters: a helper that writes more than a pipe holds (64 KiB) would otherwise block forever and
 * look like a hang. Capping matters too: the text ends up in exceptions, logs and audit records.
 */
final class CappedStderr {
    static final int CAP = 2048;
    private static final long JOIN_MILLIS = 1000;

    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread reader;
    private long dropped;

    private CappedStderr(InputStream in) {
        this.reader = new Thread(() -> drainFrom(in), "in-house-helper-stderr");
        this.reader.setDaemon(true);
    }

    static CappedStderr drain(InputStream in) {
        CappedStderr stderr = new CappedStderr(in);
        stderr.reader.start();
        return stderr;
    }

    /** ": stderr: '...'" with control characters escaped, or "" when the helper said nothing. */
    String describe() {
        try {
            // A helper that left a background child holding stderr open never gives EOF; do not wait for it.
            reader.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String text;
        long more;
        synchronized (this) {
            text = kept.toString(StandardCharsets.UTF_8).strip();
            more = dropped;
        }
        if (text.isEmpty()) {
            return "";
        }
        return ": stderr: '" + PrintableText.escape(text) + "'" + (more > 0 ? " (" + more + " more bytes dropped)" : "");
    }

    private void drainFrom(InputStream in) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (this) {
                    int keep = Math.min(n, CAP - kept.size());
                    kept.write(buffer, 0, keep);
                    dropped += n - keep;
                }
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read so far is all there is.
        }
    }
}
