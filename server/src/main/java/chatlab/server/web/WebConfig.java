package chatlab.server.web;

import java.time.Duration;
import java.util.List;

/**
 * The web client on the chat port: whether the server answers HTTP, and which other sites' pages may open its
 * WebSocket. Everything else a browser user meets (line limit, rate limit, logins, TLS) is the v2 wire's, from
 * {@code Limits} and {@code ServerSecurity}.
 *
 * @param enabled         an HTTP request line gets the page's files and the WebSocket; off, the server reads it as a
 *                        lab client's name, as it did before it had a web client
 * @param allowedOrigins  origins ({@code https://chat.example.org}) whose pages may open the WebSocket besides the
 *                        server's own (the origin of the {@code Host} the browser asked for), in canonical form
 *                        ({@link OriginCheck#canonical})
 * @param httpIdleTimeout an HTTP connection that has not upgraded to a WebSocket and sends no request for this long
 *                        is closed (browsers keep idle connections open for reuse; they reconnect when needed)
 */
public record WebConfig(boolean enabled, List<String> allowedOrigins, Duration httpIdleTimeout) {
    /** Long enough for a page and its modules on a slow link; short enough that idle browsers free their slots. */
    public static final Duration DEFAULT_HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** The longest request line: the page's paths are short, and a browser's request line is far below this. */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** All request headers together: browsers send 1 to 2 KB (more with cookies, which this server never sets). */
    public static final int MAX_HEADER_BYTES = 8192;
    /** The page's requests have no body; one with a body is answered 413 (RFC 9110 section 15.5.14). */
    public static final int MAX_REQUEST_BODY_BYTES = 0;
    /** Where the page opens its WebSocket. */
    public static final String WEBSOCKET_PATH = "/ws";

    public WebConfig {
        allowedOrigins = allowedOrigins.stream().map(OriginCheck::canonical).distinct().toList();
        if (httpIdleTimeout.isNegative() || httpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("the HTTP idle timeout must be positive, got " + httpIdleTimeout);
        }
    }

    /** On, only the server's own origin, the default idle timeout. */
    public static WebConfig defaults() {
        return new WebConfig(true, List.of(), DEFAULT_HTTP_IDLE_TIMEOUT);
    }

    public WebConfig withEnabled(boolean value) {
        return new WebConfig(value, allowedOrigins, httpIdleTimeout);
    }

    public WebConfig withAllowedOrigins(List<String> value) {
        return new WebConfig(enabled, value, httpIdleTimeout);
    }

    public WebConfig withHttpIdleTimeout(Duration value) {
        return new WebConfig(enabled, allowedOrigins, value);
    }
}
