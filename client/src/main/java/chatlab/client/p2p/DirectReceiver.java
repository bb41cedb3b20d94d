package chatlab.client.p2p;

import chatlab.protocol.lab.LabFormat;
import chatlab.protocol.v2.PeerMessage;
import chatlab.protocol.v2.PeerMessageDecoder;
import chatlab.protocol.v2.PeerMessageEncoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The datagrams a v2 client receives on its UDP socket.
 *
 * <ul>
 *   <li>A lab client's direct message is plain text, so its sender is known only by where it came from: a name is
 *       shown only for the address and port the server announced (a lab client sends from the lab's port).
 *   <li>A v2 {@code dm} is acknowledged at once (also a copy already shown: its first acknowledgement was lost), shown
 *       once per (sender, id), and shown as unverified when it does not come from where the server announced the
 *       name it claims. One meant for another client that shares this address and port is left alone.
 *   <li>A {@code dm_ack} settles one of ours ({@link DirectSender}).
 * </ul>
 */
public final class DirectReceiver {
    private final Supplier<String> self;
    private final DirectOutput output;
    private final AnnouncedPeers peers;
    private final BiPredicate<String, String> firstSight;
    private final BiConsumer<InetSocketAddress, byte[]> reply;
    private final DirectSender sender;
    private final PeerMessageDecoder decoder = new PeerMessageDecoder();
    private final PeerMessageEncoder encoder = new PeerMessageEncoder();

    /**
     * @param self       our name: a dm addressed to another is not ours
     * @param peers      where the server announced each user
     * @param firstSight whether a message (sender, id) is seen for the first time (then remembered)
     * @param reply      sends a datagram back (the acknowledgement)
     * @param sender     our own direct messages, which acknowledgements settle
     */
    public DirectReceiver(Supplier<String> self, DirectOutput output, AnnouncedPeers peers,
            BiPredicate<String, String> firstSight, BiConsumer<InetSocketAddress, byte[]> reply, DirectSender sender) {
        this.self = self;
        this.output = output;
        this.peers = peers;
        this.firstSight = firstSight;
        this.reply = reply;
        this.sender = sender;
    }

    /** One datagram from {@code source}. */
    public void received(InetSocketAddress source, byte[] payload) {
        String address = LabFormat.address(source.getAddress());
        Optional<PeerMessage> decoded = decoder.decode(payload);
        if (decoded.isEmpty()) {
            Optional<String> from = peers.nameAt(source);
            output.direct(from, from.isPresent() ? address : DatagramSenders.describe(source),
                    new String(payload, StandardCharsets.UTF_8));
            return;
        }
        PeerMessage message = decoded.get();
        if (message instanceof PeerMessage.DmAck ack) {
            sender.acknowledged(ack.id());
            return;
        }
        PeerMessage.Dm dm = (PeerMessage.Dm) message;
        if (dm.to() != null && !dm.to().equals(self.get())) {
            return; // meant for another client sharing this address and port: not ours to show or acknowledge
        }
        reply.accept(source, encoder.encode(new PeerMessage.DmAck(dm.id())));
        if (!firstSight.test(dm.from(), dm.id())) {
            return; // a retry whose first copy arrived; the ack above was lost
        }
        if (peers.isAt(dm.from(), source)) {
            output.direct(Optional.of(dm.from()), address, dm.text());
        } else {
            output.unverifiedDirect(dm.from(), DatagramSenders.describe(source), dm.text());
        }
    }
}
