package chatlab.server.web;

import java.util.Locale;

/** Every sentence the web side of the server says: in HTTP answers (plain text) and as disconnect reasons. */
public final class WebTexts {
    private WebTexts() {}

    public static String notFound() {
        return "There is no such page here; the chat is at /.";
    }

    public static String methodNotAllowed() {
        return "This server answers GET and HEAD only.";
    }

    public static String badRequest() {
        return "The request is not valid HTTP/1.1.";
    }

    public static String requestLineTooLong(int limit) {
        return "The request line is longer than " + limit + " bytes.";
    }

    public static String headersTooLarge(int limit) {
        return "The request's headers are larger than " + limit + " bytes.";
    }

    public static String upgradeRequired() {
        return "This address takes WebSocket connections only: open / to chat.";
    }

    public static String originRefused() {
        return "Pages from another site may not open this chat's WebSocket.";
    }

    public static String websocketVersion() {
        return "This server speaks WebSocket version 13 (RFC 6455) only.";
    }

    /** A connection refused at admission (server full, too many from the address): the notice, as plain text. */
    public static String unavailable(String notice) {
        return notice.substring(0, 1).toUpperCase(Locale.ROOT) + notice.substring(1) + ".";
    }

    // Disconnect reasons, for the server's log (WebSocket connections only: a page's file requests are not logged).

    public static String originRefusedReason(String origin) {
        return "websocket refused: the origin " + quoted(origin) + " is not allowed";
    }

    public static String frameTooLong(int limit) {
        return "sent a websocket message over the line limit of " + limit + " bytes";
    }

    public static String protocolError(String problem) {
        return "websocket protocol error: " + problem;
    }

    /** A WebSocket message the v2 session cannot take: the bytes of a v2 message are UTF-8 JSON text. */
    public static String binaryFrame() {
        return "a websocket binary message was discarded: send each v2 message as one text message";
    }

    /** Keeps what a client sent short and printable in the log. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(100).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp == '"' || cp == '\\') {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(text.codePointCount(0, text.length()) > 100 ? "…\"" : "\"").toString();
    }
}
