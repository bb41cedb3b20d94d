# The lab's own client (chatclient.py, beside this file) with one mistake students make: a direct message goes to
# the server's address (SERVER_IP) instead of the receiver's address from the user map. Breaks C-DM-SEND.
import chatclient as lab


class ToTheServer:
    """The client's UDP socket, sending every datagram to the server's address."""

    def __init__(self, sock):
        self.sock = sock

    def sendto(self, data, address):
        return self.sock.sendto(data, (lab.SERVER_IP, address[1]))

    def __getattr__(self, name):
        return getattr(self.sock, name)


lab.UDP_SOCKET = ToTheServer(lab.UDP_SOCKET)
lab.connect_and_listen()
