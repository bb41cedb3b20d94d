package chatlab.server.web;

import chatlab.protocol.v2.ClientMessageDecoder;
import chatlab.protocol.v2.ErrorCode;
import chatlab.server.handler.Refusal;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * The WebSocket counterpart of the v2 line framer: each text message (whole, after the aggregator) is one v2 JSON
 * message, decoded into a {@code ClientMessage} for the v2 session (a malformed one into the decoder's error value,
 * answered as on TCP). A blank message means nothing, as a blank line does. A binary message is refused with
 * {@code bad_frame} and counts toward the refusals in a row, as a bad line does.
 */
final class FramesToV2 extends ChannelInboundHandlerAdapter {
    private final ClientMessageDecoder decoder = new ClientMessageDecoder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(text.content());
            } finally {
                text.release();
            }
            if (!isBlank(bytes)) {
                ctx.fireChannelRead(decoder.decode(bytes));
            }
            return;
        }
        if (msg instanceof BinaryWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            ctx.fireChannelRead(Refusal.of(ErrorCode.BAD_FRAME, WebTexts.binaryFrame()));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
