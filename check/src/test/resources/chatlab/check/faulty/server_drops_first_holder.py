# The lab's own server (chatserver.py, beside this file) with one mistake: when a second client registers a name
# already in use, the first holder's connection is closed without a word (the lab's server keeps both).
# Breaks S-SAME-NAME (advice).
import socket
from threading import Thread

import chatserver as lab


class DropsFirstHolder(dict):
    """SOCKETS (socket -> name) that closes whichever socket held a name before."""

    def __setitem__(self, client_socket, name):
        for old in [s for s, n in self.items() if n == name]:
            super().__delitem__(old)
            old.shutdown(socket.SHUT_RDWR)
            old.close()
        super().__setitem__(client_socket, name)


lab.SOCKETS = DropsFirstHolder()
lab.SERVER_SOCKET.listen(5)
print("Waiting for connection...")
Thread(target=lab.accept_incoming_connections).start()
