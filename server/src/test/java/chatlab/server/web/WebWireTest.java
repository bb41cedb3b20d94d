package chatlab.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebWireTest {
    private static boolean http(String first) {
        ByteBuf buf = Unpooled.copiedBuffer(first, StandardCharsets.ISO_8859_1);
        try {
            return WebWire.isRequestLine(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void aBrowsersRequestLineIsHttp() {
        assertThat(http("GET / HTTP/1.1\r\nHost: 127.0.0.1:5000\r\n\r\n")).isTrue();
        assertThat(http("GET /ws HTTP/1.1\r\n")).isTrue();
        assertThat(http("HEAD /js/main.js?x=1 HTTP/1.0\r\n")).isTrue();
        assertThat(http("OPTIONS * HTTP/1.1\r\n")).isTrue();
        assertThat(http("PROPFIND /x HTTP/1.1\r\n")).isTrue(); // any method: the server answers 405
    }

    @Test
    void namesAndV2AreNot() {
        assertThat(http("alice")).isFalse();
        assertThat(http("alice\n")).isFalse();
        assertThat(http("GET")).isFalse();
        assertThat(http("GET / HTTP/1.1")).isFalse(); // a line without its end is a name as the lab reads it
        assertThat(http("GET / HTTP/1.1\n")).isFalse();
        assertThat(http("get / HTTP/1.1\r\n")).isFalse();
        assertThat(http("GET  / HTTP/1.1\r\n")).isFalse();
        assertThat(http("GET / HTTP/2.0\r\n")).isFalse();
        assertThat(http("GET / http/1.1\r\n")).isFalse();
        assertThat(http("GET /ø HTTP/1.1\r\n")).isFalse();
        assertThat(http("{\"type\":\"hello\"}\n")).isFalse();
        assertThat(http("\u0016\u0003\u0001")).isFalse();
    }

    @Test
    void aRequestLineTooLongToSeeWholeIsHttpToo() {
        assertThat(http("GET /" + "a".repeat(WebConfig.MAX_REQUEST_LINE_BYTES))).isTrue();
        assertThat(http("GET /" + "a".repeat(WebConfig.MAX_REQUEST_LINE_BYTES - 10))).isFalse();
        assertThat(http("GET x" + "a".repeat(WebConfig.MAX_REQUEST_LINE_BYTES))).isFalse();
    }

    @Test
    void onlyTheStartOfTheReadIsLookedAt() {
        ByteBuf buf = Unpooled.copiedBuffer("xxGET / HTTP/1.1\r\n", StandardCharsets.ISO_8859_1);
        buf.skipBytes(2);
        try {
            assertThat(WebWire.isRequestLine(buf)).isTrue();
            assertThat(buf.readerIndex()).isEqualTo(2);
        } finally {
            buf.release();
        }
    }
}
