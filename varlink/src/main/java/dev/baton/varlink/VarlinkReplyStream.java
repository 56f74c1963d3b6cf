package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The replies to one {@link VarlinkClient#callMore} call, read lazily: replies with {@code continues}, then one
 * final reply or an error. Not an {@link java.util.Iterator} because reading can fail with checked exceptions.
 */
public final class VarlinkReplyStream implements AutoCloseable {

    private final VarlinkClient client;
    private boolean finished;

    VarlinkReplyStream(VarlinkClient client) {
        this.client = client;
    }

    /** True until the final reply (or the error) was read. */
    public boolean hasNext() {
        return !finished;
    }

    /** The next reply's parameters; an error reply ends the stream and is thrown. */
    public ObjectNode next() throws IOException, VarlinkException {
        if (finished) {
            throw new NoSuchElementException("the stream has ended");
        }
        VarlinkReply reply;
        try {
            reply = client.readReply();
        } catch (IOException e) {
            finish();
            throw e;
        }
        if (!reply.continues()) {
            finish();
        }
        return reply.orThrow();
    }

    /** Every remaining reply, in order. */
    public List<ObjectNode> readAll() throws IOException, VarlinkException {
        List<ObjectNode> all = new ArrayList<>();
        while (hasNext()) {
            all.add(next());
        }
        return all;
    }

    /** Stops listening: an unfinished stream can only be stopped by closing the connection. */
    @Override
    public void close() {
        if (!finished) {
            finish();
            client.close();
        }
    }

    private void finish() {
        finished = true;
        client.streamFinished(this);
    }
}
