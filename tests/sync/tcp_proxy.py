#!/usr/bin/env python3
"""A TCP proxy on loopback that can pass, black-hole or reset connections.

The sync fault harness (faults.py) puts it between the desks and PostgreSQL:

    tcp_proxy.py TARGET_PORT [LISTEN_PORT]

It listens on 127.0.0.1 (LISTEN_PORT, default any free port), prints
"listening PORT", and then takes one command a line on standard input,
answering "ok COMMAND" once it holds:

    pass   relay both ways; connections held by a black hole carry on
    hold   a black hole: every connection, old and new, is accepted and kept
           open, and nothing is relayed either way (a pulled cable, a server
           that never answers)
    reset  reset (RST) every connection, and each new one at once, until the
           next command

It stops when standard input ends. Standard library only; one poll loop.
"""
import os
import select
import socket
import struct
import sys

CHUNK = 65536


class Link:
    """A desk's connection and the server's end of it."""

    def __init__(self, client):
        self.client = client
        self.server = None
        self.to_server = b""
        self.to_client = b""
        self.closing = False  # one side ended: close once the rest is passed on


def abort(sock):
    """Close with RST rather than FIN."""
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def main():
    target = int(sys.argv[1])
    listen = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen))
    listener.listen(64)
    print("listening", listener.getsockname()[1], flush=True)
    mode = "pass"
    links = []
    commands = b""

    def drop(link, how=lambda s: s.close()):
        how(link.client)
        if link.server is not None:
            how(link.server)
        links.remove(link)

    while True:
        if mode == "pass":
            for link in [l for l in links if l.server is None]:
                try:
                    link.server = socket.create_connection(("127.0.0.1", target), timeout=2)
                    link.server.setblocking(False)
                except OSError:
                    drop(link, abort)  # the server is down: the desk sees a reset, as from the server itself
        poll = select.poll()
        poll.register(sys.stdin.fileno(), select.POLLIN)
        poll.register(listener, select.POLLIN)
        fds = {}
        if mode == "pass":
            for link in links:
                for sock, out, pending in ((link.client, link.to_client, link.to_server),
                                           (link.server, link.to_server, link.to_client)):
                    events = (0 if link.closing or len(pending) > 4 * CHUNK else select.POLLIN)
                    events |= select.POLLOUT if out else 0
                    if events:
                        poll.register(sock, events)
                        fds[sock.fileno()] = link
        for fd, _ in poll.poll(200):
            if fd == sys.stdin.fileno():
                data = os.read(fd, 4096)
                if not data:
                    return
                commands += data
                while b"\n" in commands:
                    line, commands = commands.split(b"\n", 1)
                    command = line.decode().strip()
                    if command not in ("pass", "hold", "reset"):
                        print("error: unknown command", repr(command), flush=True)
                        continue
                    mode = command
                    if mode == "reset":
                        for link in list(links):
                            drop(link, abort)
                    print("ok", command, flush=True)
            elif fd == listener.fileno():
                client, _ = listener.accept()
                if mode == "reset":
                    abort(client)
                else:
                    client.setblocking(False)
                    links.append(Link(client))
            elif fd in fds:
                relay(fds[fd], fd, links)
        for link in [l for l in links if l.closing and not l.to_client and not l.to_server]:
            drop(link)


def relay(link, fd, links):
    """Reads what fd's side of the link has for the other, then sends what
    each side has waiting; a side that ends or fails ends the link."""
    if link not in links:
        return
    from_client = fd == link.client.fileno()
    try:
        data = (link.client if from_client else link.server).recv(CHUNK)
        if not data:
            link.closing = True
        elif from_client:
            link.to_server += data
        else:
            link.to_client += data
    except BlockingIOError:
        pass
    except OSError:
        link.closing = True
    for sock, attr in ((link.server, "to_server"), (link.client, "to_client")):
        try:
            sent = sock.send(getattr(link, attr)) if getattr(link, attr) else 0
            setattr(link, attr, getattr(link, attr)[sent:])
        except BlockingIOError:
            pass
        except OSError:
            link.closing = True
            link.to_client = link.to_server = b""


if __name__ == "__main__":
    main()
