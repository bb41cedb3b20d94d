package chatlab.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;

/**
 * What the server writes to a v2 client (one JSON object per line; the room hands a recipient several lines in one
 * buffer per turn), as WebSocket text messages: one per line, without its newline. The frames are slices of the
 * same buffer, so the room's one encoding per message holds here too.
 */
final class V2LinesToFrames extends MessageToMessageEncoder<ByteBuf> {
    V2LinesToFrames() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf lines, List<Object> out) {
        int start = lines.readerIndex();
        int end = lines.writerIndex();
        while (start < end) {
            int newline = lines.indexOf(start, end, (byte) '\n');
            int lineEnd = newline < 0 ? end : newline; // every write is whole lines; a last piece goes as it is
            if (lineEnd > start) {
                out.add(new TextWebSocketFrame(lines.retainedSlice(start, lineEnd - start)));
            }
            start = lineEnd + 1;
        }
        if (out.isEmpty()) {
            out.add(Unpooled.EMPTY_BUFFER); // nothing to frame (the encoder must hand something on); writes nothing
        }
    }
}
