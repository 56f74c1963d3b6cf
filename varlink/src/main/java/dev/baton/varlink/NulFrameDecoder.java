package dev.baton.varlink;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Splits the byte stream at NUL terminators and emits each message as a {@code byte[]} without its NUL. A message
 * longer than the limit fails as soon as the limit is crossed, without buffering the rest of it, so a peer cannot
 * make the server hold more than {@code maxMessageBytes} per connection.
 */
final class NulFrameDecoder extends ByteToMessageDecoder {

    private final int maxMessageBytes;

    NulFrameDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (in.isReadable()) {
            int nul = in.forEachByte(in.readerIndex(), Math.min(in.readableBytes(), maxMessageBytes + 1),
                    ByteProcessor.FIND_NUL);
            if (nul < 0) {
                if (in.readableBytes() > maxMessageBytes) {
                    throw new TooLongFrameException("message exceeds " + maxMessageBytes + " bytes");
                }
                return; // a partial message: wait for more bytes
            }
            byte[] frame = new byte[nul - in.readerIndex()];
            in.readBytes(frame);
            in.skipBytes(1);
            out.add(frame);
        }
    }

    /** True while bytes of an unterminated message are buffered. */
    boolean hasPartialMessage() {
        return actualReadableBytes() > 0;
    }
}
