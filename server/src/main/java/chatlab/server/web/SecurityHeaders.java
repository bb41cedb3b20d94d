package chatlab.server.web;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers every HTTP response of the server carries, so the page can do nothing but what its own files say.
 *
 * <p>The Content-Security-Policy (CSP Level 3) allows script, style, images and connections only from the server
 * itself: no inline script or style attribute runs (a message that slipped into the page as HTML could not run),
 * no other site's script, no plugins, no {@code <base>}, no form posts anywhere, no framing. {@code connect-src
 * 'self'} covers the page's own WebSocket (CSP3 section 6.7.2.7: 'self' matches ws and wss on the same host and
 * port). {@code require-trusted-types-for 'script'} with no policy makes the browser refuse any string assigned to
 * an HTML sink ({@code innerHTML}, {@code outerHTML}, {@code insertAdjacentHTML}, {@code document.write}): the page
 * builds its DOM with {@code textContent} and {@code createElement}, and the browser enforces that it does.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "font-src 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'");

    private SecurityHeaders() {}

    static void addTo(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                // The declared type is the type: a message never becomes script by sniffing.
                .set("X-Content-Type-Options", "nosniff")
                // The page links to other sites (links in messages): they learn nothing of the chat's address.
                .set("Referrer-Policy", "no-referrer")
                // For browsers without CSP's frame-ancestors.
                .set("X-Frame-Options", "DENY")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cross-Origin-Resource-Policy", "same-origin")
                .set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
    }
}
