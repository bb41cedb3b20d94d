package chatlab.check;

import chatlab.server.ChatServer;
import chatlab.server.ServerConfig;
import chatlab.server.ServerEvents;
import java.net.InetAddress;
import java.util.List;

/** chatlab's own server as a program under test: {@code ChatlabServerMain ADDRESS PORT}, until it is stopped. */
public final class ChatlabServerMain {
    private ChatlabServerMain() {}

    public static void main(String[] args) throws Exception {
        ChatServer server = ChatServer.start(ServerConfig.defaults()
                .withBindAddresses(List.of(InetAddress.getByName(args[0]))).withPort(Integer.parseInt(args[1])),
                ServerEvents.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("chatlab server listening on " + args[0] + " port " + args[1]);
        Thread.currentThread().join();
    }
}
