"""One window answers ``lede://`` links: a second ``lede lede://…`` hands its link over.

Clicking a link in an exported note runs ``lede lede://open?…`` (the ``.desktop`` file's
``Exec=lede %u``). With a Lede window already open, starting a second window for it
would mean a second build watcher and a second copy of the library in memory, and
the user's place split across two windows. So the first window listens on a local
socket of the user's own (Qt's ``QLocalServer``, user access only) and a launch with a
link tries that socket first: the running window takes the passage, switching source
if the link names another, and comes to the front. Only when nobody answers does the
launch open a window of its own.

The link crosses as one JSON line of the :class:`~reader.core.types.PassageLink`
fields, answered by ``ok``.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.core.types import PassageLink
from reader.paths import links_socket

__all__ = ["LinkServer", "hand_over"]

#: How long a launch waits for a running window to take its link.
HAND_OVER_MS = 1500


def hand_over(link: PassageLink, name: str | None = None, timeout_ms: int = HAND_OVER_MS) -> bool:
    """Give ``link`` to a running window; True when one took it (then this launch is done)."""
    sock = QLocalSocket()
    sock.connectToServer(name or links_socket())
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write((json.dumps(asdict(link)) + "\n").encode("utf-8"))
    sock.flush()
    answer = b""
    while b"\n" not in answer and sock.waitForReadyRead(timeout_ms):
        answer += bytes(sock.readAll().data())
    sock.disconnectFromServer()
    return answer.startswith(b"ok")


class LinkServer(QObject):
    """Listens for links handed over by later launches; ``linkReceived`` carries each one."""

    linkReceived = Signal(object)  # PassageLink

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        super().__init__(parent)
        self.name = name or links_socket()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Take the name unless another live window has it; a socket left by a crash is replaced.

        The live window is asked first: with access options set, Qt binds the socket
        elsewhere and renames it into place, so listening would silently take the name.
        """
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(200):  # a window is running: it answers links, not this one
            probe.disconnectFromServer()
            return False
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._drop(s))

    def _drop(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in data:
            self._buffers[sock] = data[-65536:]  # a link is short: never hold more than this
            return
        line = data.split(b"\n", 1)[0]
        try:
            fields = json.loads(line)
            link = PassageLink(
                source=str(fields["source"]),
                article=str(fields.get("article", "")),
                quote=str(fields.get("quote", "")),
            )
        except (ValueError, KeyError, TypeError):
            sock.write(b"refused\n")
            sock.flush()
            sock.disconnectFromServer()
            return
        sock.write(b"ok\n")
        sock.flush()
        sock.disconnectFromServer()
        self.linkReceived.emit(link)
