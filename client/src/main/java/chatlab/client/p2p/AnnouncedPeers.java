package chatlab.client.p2p;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where the server announced each user (address and UDP port), as the direct-message code asks it; the client's view
 * of the room answers. See {@link DatagramSenders} for why the port counts.
 */
public interface AnnouncedPeers {
    /** The user announced at exactly {@code source}, if any. */
    Optional<String> nameAt(InetSocketAddress source);

    /** Whether {@code name} was announced at exactly {@code source}. */
    boolean isAt(String name, InetSocketAddress source);
}
