package chatlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import chatlab.protocol.v2.ClientMessage;
import chatlab.protocol.v2.ErrorCode;
import chatlab.server.handler.Refusal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The two stages between WebSocket frames and the v2 session, each on its own. */
class WebSocketStagesTest {
    @Test
    void eachLineTheServerWritesIsOneTextMessage() {
        EmbeddedChannel channel = new EmbeddedChannel(new V2LinesToFrames());
        ByteBuf lines = Unpooled.copiedBuffer("{\"type\":\"ping\"}\n{\"type\":\"pong\",\"token\":\"ø\"}\n",
                StandardCharsets.UTF_8);
        channel.writeOutbound(lines);
        TextWebSocketFrame first = channel.readOutbound();
        TextWebSocketFrame second = channel.readOutbound();
        assertThat(first.text()).isEqualTo("{\"type\":\"ping\"}");
        assertThat(second.text()).isEqualTo("{\"type\":\"pong\",\"token\":\"ø\"}");
        assertThat((Object) channel.readOutbound()).isNull();
        first.release();
        second.release();
        assertThat(lines.refCnt()).isZero();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aTextMessageIsOneV2MessageAndABlankOneNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(new FramesToV2());
        TextWebSocketFrame say = new TextWebSocketFrame("{\"type\":\"say\",\"id\":\"w-1\",\n\"text\":\"hi\"}");
        channel.writeInbound(say, new TextWebSocketFrame(" \n"));
        ClientMessage message = channel.readInbound();
        assertThat(message).isEqualTo(new ClientMessage.Say("w-1", "hi", false));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(say.refCnt()).isZero();
    }

    @Test
    void aMalformedMessageIsTheDecodersErrorValue() {
        EmbeddedChannel channel = new EmbeddedChannel(new FramesToV2());
        channel.writeInbound(new TextWebSocketFrame("[1,2]"));
        ClientMessage message = channel.readInbound();
        assertThat(message).isInstanceOf(ClientMessage.Malformed.class);
        assertThat(((ClientMessage.Malformed) message).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void aBinaryMessageIsRefused() {
        EmbeddedChannel channel = new EmbeddedChannel(new FramesToV2());
        BinaryWebSocketFrame binary = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        channel.writeInbound(binary);
        Refusal refusal = channel.readInbound();
        assertThat(refusal.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(refusal.notice()).isEqualTo(
                "a websocket binary message was discarded: send each v2 message as one text message");
        assertThat(binary.refCnt()).isZero();
    }
}
