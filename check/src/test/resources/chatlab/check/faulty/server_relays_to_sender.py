# The lab's own server (chatserver.py, beside this file) with one mistake students make: every message goes to
# every client, the sender included, as if broadcast_msg had no "if client_socket != sending_client".
# Breaks S-RELAY-NOT-SENDER.
from threading import Thread

import chatserver as lab

lab_broadcast_msg = lab.broadcast_msg
lab.broadcast_msg = lambda sending_client, msg: lab_broadcast_msg(None, msg)  # nobody is skipped

lab.SERVER_SOCKET.listen(5)
print("Waiting for connection...")
Thread(target=lab.accept_incoming_connections).start()
