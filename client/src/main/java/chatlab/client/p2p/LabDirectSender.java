package chatlab.client.p2p;

import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Direct messages from a lab-wire client, as the lab's client sends them: one datagram holding the payload's UTF-8
 * text exactly as typed, to the address the server's user map lists, on the lab's one UDP port. Nothing acknowledges
 * it; only a failure to send is told.
 */
public final class LabDirectSender {
    private final DirectOutput output;
    private final BiFunction<InetSocketAddress, byte[], Future<Void>> datagrams;
    private final int port;

    /**
     * @param datagrams sends one datagram
     * @param port      the UDP port every lab client takes direct messages on
     */
    public LabDirectSender(DirectOutput output, BiFunction<InetSocketAddress, byte[], Future<Void>> datagrams, int port) {
        this.output = output;
        this.datagrams = datagrams;
        this.port = port;
    }

    /**
     * Sends {@code payload} to {@code recipient}, whom the server lists at {@code address}.
     *
     * @return false when it could not go: the address is not an IP address (the line counts as refused)
     */
    public boolean send(String recipient, String address, String payload) {
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(address);
        if (ip == null) {
            output.problem("the server lists " + recipient + " at '" + address + "', which is not an IP address");
            return false;
        }
        output.directSent(recipient, payload);
        datagrams.apply(new InetSocketAddress(ip, port), payload.getBytes(StandardCharsets.UTF_8)).addListener(sent -> {
            if (!sent.isSuccess()) {
                output.problem("could not send to " + recipient + ": " + sent.cause().getMessage());
            }
        });
        return true;
    }
}
