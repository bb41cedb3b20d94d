package chatlab.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which pages may open the WebSocket. A browser lets any page open a WebSocket to any server, and sends the page's
 * origin with the upgrade request (RFC 6455 section 4.1, item 8; section 10.2: the server checks it). Without the
 * check, any site a user visits could join the chat from the user's browser and address, under a name of its
 * choosing (cross-site WebSocket hijacking).
 *
 * <p>Allowed: the server's own origin (the scheme the request came in with and the {@code Host} it named, so the
 * page this server served), the origins configured with {@code --web-origin}, and a request with no {@code Origin}
 * at all: browsers always send one, so it comes from a program (which could send any origin it likes, and could
 * as well speak v2 over TCP). {@code Origin: null} (a sandboxed frame, a file) is refused.
 */
public final class OriginCheck {
    private final List<String> allowed;

    /** @param allowed other origins, each in canonical form */
    public OriginCheck(List<String> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * @param origin the request's {@code Origin}, or null when it has none
     * @param host   the request's {@code Host}, or null
     * @param tls    whether the request came over TLS (the page's scheme is then https)
     */
    public boolean allows(String origin, String host, boolean tls) {
        if (origin == null) {
            return true;
        }
        String theirs;
        try {
            theirs = canonical(origin);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (allowed.contains(theirs)) {
            return true;
        }
        if (host == null || host.isEmpty()) {
            return false;
        }
        try {
            return theirs.equals(canonical((tls ? "https://" : "http://") + host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * An origin as RFC 6454 section 6.1 serializes it, with the port always written: {@code scheme://host:port},
     * scheme and host in lower case ({@code HTTP://Chat.Example.org} is {@code http://chat.example.org:80}).
     *
     * @throws IllegalArgumentException the sentence for the user, when the text is not an http or https origin
     */
    public static String canonical(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(notAnOrigin(text));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean onlyOrigin = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !onlyOrigin) {
            throw new IllegalArgumentException(notAnOrigin(text));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String notAnOrigin(String text) {
        return "'" + text + "' is not a web origin: write scheme://host[:port], e.g. https://chat.example.org:8443";
    }
}
