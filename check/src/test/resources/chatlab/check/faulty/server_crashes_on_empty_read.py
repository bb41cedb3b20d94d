# A lab chat server written with select() in one thread, with one mistake: it looks at the first character of every
# read to find commands, so an empty read (a client that closed its connection) raises IndexError and the whole
# server exits. It handles resets and bytes that are not UTF-8. Breaks S-LEAVE and S-EMPTY-READ.
import json
import os
import select
import socket

SERVER_IP = os.environ.get("CHAT_SERVER_IP") or socket.gethostbyname(socket.gethostname())
PORT = int(os.environ.get("CHAT_PORT", "5000"))
RECV_BUFFER = 1024
NAMES = {}   # socket -> name
ACTIVE_USERS = {}  # name -> address

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((SERVER_IP, PORT))
server.listen(5)
print("Waiting for connection...", flush=True)
pending = []  # accepted, name not yet received


def send_all(data, but=None):
    for s in list(NAMES):
        if s is not but:
            try:
                s.send(data)
            except OSError:
                drop(s)


def drop(s):
    s.close()
    if s in NAMES:
        del ACTIVE_USERS[NAMES.pop(s)]
        send_all(('!' + json.dumps(ACTIVE_USERS)).encode())


while True:
    readable, _, _ = select.select([server] + pending + list(NAMES), [], [])
    for s in readable:
        if s is server:
            client, address = server.accept()
            pending.append(client)
            continue
        try:
            data = s.recv(RECV_BUFFER)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            if s in pending:
                pending.remove(s)
                s.close()
            else:
                drop(s)
            continue
        if s in pending:
            pending.remove(s)
            if text[0] == '#':  # the mistake: an empty read has no first character
                continue
            NAMES[s] = text
            ACTIVE_USERS[text] = s.getpeername()[0]
            print(f"{text} has connected", flush=True)
            send_all(('!' + json.dumps(ACTIVE_USERS)).encode())
        else:
            if text[0] == '#':  # the same mistake in the chat
                continue
            send_all(f"{NAMES[s]}: {text} ".encode(), but=s)
