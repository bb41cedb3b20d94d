# The lab's own server (chatserver.py, beside this file) with one mistake: the user map goes only to the client
# that just joined, and to nobody when a client leaves, so the others never learn who is in the room.
import json
from threading import Thread

import chatserver as lab

known = [0]


def broadcast_active_users():
    if len(lab.SOCKETS) > known[0]:  # a join: only the newest socket is told
        list(lab.SOCKETS)[-1].send(('!' + json.dumps(lab.ACTIVE_USERS)).encode("utf-8"))
    known[0] = len(lab.SOCKETS)


lab.broadcast_active_users = broadcast_active_users
lab.SERVER_SOCKET.listen(5)
print("Waiting for connection...")
Thread(target=lab.accept_incoming_connections).start()
