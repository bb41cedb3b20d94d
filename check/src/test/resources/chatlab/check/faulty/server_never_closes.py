# The lab's own server (chatserver.py, beside this file) with one mistake: it never notices that a client closed
# its connection (its handler waits forever instead of treating the empty read as a leave), so the socket stays
# open in CLOSE_WAIT and the user stays in everyone's map. It also ignores SIGTERM and starts a helper process that
# ignores it too: the check has to stop the whole process group. Breaks S-LEAVE.
import signal
import subprocess
import sys
import threading

import chatserver as lab


class NeverClosed:
    """A client socket whose empty read after the name (the client closed) never returns."""

    def __init__(self, sock):
        self.sock = sock
        self.named = False

    def recv(self, size):
        data = self.sock.recv(size)
        if not data and self.named:
            threading.Event().wait()
        self.named = True
        return data

    def __getattr__(self, name):
        return getattr(self.sock, name)


class Listener:
    def __init__(self, sock):
        self.sock = sock

    def accept(self):
        client, address = self.sock.accept()
        return NeverClosed(client), address

    def __getattr__(self, name):
        return getattr(self.sock, name)


signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                  "time.sleep(3600)"])
lab.SERVER_SOCKET = Listener(lab.SERVER_SOCKET)
lab.SERVER_SOCKET.listen(5)
print("Waiting for connection...")
threading.Thread(target=lab.accept_incoming_connections).start()
