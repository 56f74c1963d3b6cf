package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's inbound path without a socket: the bytes of one connection go through {@link NulFrameDecoder} in an
 * {@link EmbeddedChannel}, and every frame through {@link VarlinkJson#parseCall}, as {@code ServerConnection} does.
 *
 * <p>Property: any byte sequence yields exactly the frames its NUL bytes delimit, each either a well-formed call
 * or a {@link VarlinkProtocolException}; a message over the limit is a {@link TooLongFrameException} (on which the
 * server closes the connection) and nothing else. Any other exception or error, an OOM, a stack overflow or a
 * hang (libFuzzer's -timeout) is a finding.
 *
 * <p>Each input runs twice: whole, under batond's 1 MiB limit, and in small chunks under a 256-byte limit, so that
 * the fuzzer reaches partial messages and the oversized-message path with inputs of ordinary size.
 */
class VarlinkFrameFuzzTest {

    private static final int SMALL_LIMIT = 256;
    /** Chunk sizes of the second pass, cycled: single bytes, odd sizes and chunks larger than the limit. */
    private static final int[] CHUNKS = {1, 2, 5, 64, 3, 300};

    private static final VarlinkJson SERVER_JSON = new VarlinkJson(FuzzAccess.SERVER_MAX_MESSAGE_BYTES);
    private static final VarlinkJson SMALL_JSON = new VarlinkJson(SMALL_LIMIT);

    @DictionaryFile(resourcePath = "varlink.dict")
    @FuzzTest(maxDuration = "5m")
    void decodeAndParseCalls(byte[] input) throws Exception {
        check(input, FuzzAccess.SERVER_MAX_MESSAGE_BYTES, SERVER_JSON, null);
        check(input, SMALL_LIMIT, SMALL_JSON, CHUNKS);
    }

    private static void check(byte[] input, int limit, VarlinkJson json, int[] chunks) {
        Expected expected = Expected.of(input, limit);
        Connection connection = new Connection(limit);
        int offset = 0;
        for (int i = 0; offset < input.length && connection.errors.isEmpty(); i++) {
            int length = chunks == null ? input.length : Math.min(chunks[i % chunks.length], input.length - offset);
            connection.channel.writeInbound(Unpooled.copiedBuffer(input, offset, length));
            offset += length;
        }
        connection.channel.checkException(); // anything that reached the end of the pipeline unhandled

        assertEquals(expected.frames.size(), connection.frames.size(), "number of frames");
        for (int i = 0; i < expected.frames.size(); i++) {
            assertArrayEquals(expected.frames.get(i), connection.frames.get(i), "frame " + i);
        }
        if (expected.tooLong) {
            assertFalse(connection.errors.isEmpty(), "a message over " + limit + " bytes was accepted");
        } else {
            assertTrue(connection.errors.isEmpty(), () -> "unexpected decoder errors: " + connection.errors);
            assertEquals(expected.partial, connection.decoder.hasPartialMessage(), "hasPartialMessage");
        }
        connection.channel.finishAndReleaseAll();
        for (Throwable error : connection.errors) {
            // The only failure of the decoder; ServerConnection.exceptionCaught closes the connection on it.
            assertInstanceOf(TooLongFrameException.class, error, "decoder failure");
        }

        for (byte[] frame : connection.frames) {
            VarlinkJson.CallHeader header;
            try {
                header = json.parseCall(frame);
            } catch (VarlinkProtocolException e) {
                assertNotNull(e.getMessage(), "protocol exception without a message");
                continue;
            }
            checkWellFormed(header);
        }
    }

    /** What the server queues as a VarlinkCall: a qualified method, an object of parameters, consistent flags. */
    private static void checkWellFormed(VarlinkJson.CallHeader header) {
        assertTrue(VarlinkJson.isQualifiedMethod(header.method()), () -> "accepted method " + header.method());
        assertFalse(header.interfaceName().isEmpty(), "empty interface name");
        assertNotNull(header.parameters(), "parameters");
        assertFalse(header.oneway() && header.more(), "oneway and more both set");
        // What the server accepted, it can also write and read back (a client echoing a call, a proxy).
        byte[] again = SERVER_JSON.writeCall(header.method(), header.parameters(), header.oneway(), header.more());
        VarlinkJson.CallHeader reread;
        try {
            reread = SERVER_JSON.parseCall(again);
        } catch (VarlinkProtocolException e) {
            throw new AssertionError("an accepted call does not survive writeCall/parseCall: "
                    + new String(again, StandardCharsets.UTF_8), e);
        }
        assertEquals(header.method(), reread.method(), "method after a round trip");
        assertEquals(header.oneway(), reread.oneway(), "oneway after a round trip");
        assertEquals(header.more(), reread.more(), "more after a round trip");
    }

    /** One connection: the decoder, and a last handler that records what ServerConnection would act on. */
    private static final class Connection {
        final NulFrameDecoder decoder;
        final EmbeddedChannel channel;
        final List<byte[]> frames = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        Connection(int limit) {
            decoder = new NulFrameDecoder(limit);
            channel = new EmbeddedChannel(decoder, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    frames.add((byte[]) msg);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    errors.add(cause);
                    ctx.close(); // as closeForViolation does
                }
            });
        }
    }

    /** The frames a correct decoder emits, computed independently of it. */
    private record Expected(List<byte[]> frames, boolean tooLong, boolean partial) {
        static Expected of(byte[] input, int limit) {
            List<byte[]> frames = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < input.length; i++) {
                if (input[i] == 0) {
                    if (i - start > limit) {
                        return new Expected(frames, true, false);
                    }
                    frames.add(Arrays.copyOfRange(input, start, i));
                    start = i + 1;
                }
            }
            int rest = input.length - start;
            return rest > limit ? new Expected(frames, true, false) : new Expected(frames, false, rest > 0);
        }
    }
}
