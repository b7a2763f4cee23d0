"""Scanning an upload with ClamAV's daemon (clamd) over its Unix socket (issue 20, item 2).

The INSTREAM command, by hand (the protocol is a few lines; no client package needed):
send "zINSTREAM\\0", then the file as chunks each preceded by its length (4 bytes, big-endian),
then a zero length; clamd answers one NUL-terminated line: "stream: OK", "stream: <signature>
FOUND", or "<reason> ERROR" (for example when the stream exceeds clamd's StreamMaxLength, which
must be at least DOCUMENT_MAX_MB). Only sizes are logged, never the file or its name.
"""

import logging
import socket
from collections.abc import Iterable

logger = logging.getLogger(__name__)

# clamd's own limit per INSTREAM chunk is StreamMaxLength; small chunks keep memory flat.
SEND_CHUNK = 64 * 1024
MAX_REPLY = 4096


class VirusFound(Exception):
    def __init__(self, signature: str):
        super().__init__(signature)
        self.signature = signature


class ScannerUnavailable(Exception):
    """clamd could not be reached, did not answer in time, or answered with an error."""


def scan(chunks: Iterable[bytes], *, socket_path: str, timeout: float = 60.0) -> None:
    """Stream the file to clamd. Returns if it is clean; raises VirusFound or ScannerUnavailable."""
    sent = 0
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(socket_path)
            connection.sendall(b"zINSTREAM\0")
            for piece in chunks:
                for start in range(0, len(piece), SEND_CHUNK):
                    part = piece[start : start + SEND_CHUNK]
                    connection.sendall(len(part).to_bytes(4, "big") + part)
                    sent += len(part)
            connection.sendall(b"\0\0\0\0")
            reply = _read_reply(connection)
    except OSError as error:  # refused, no such socket, timed out, reset (clamd hung up early)
        logger.warning("Virus scanner did not answer (%s) after %d bytes", type(error).__name__, sent)
        raise ScannerUnavailable("the virus scanner did not answer") from error
    _verdict(reply, sent)


def _read_reply(connection: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < MAX_REPLY:
        part = connection.recv(MAX_REPLY)
        if not part:
            break
        reply += part
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def _verdict(reply: str, sent: int) -> None:
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        logger.warning("Virus scanner found a virus in an upload of %d bytes", sent)
        raise VirusFound(signature)
    if reply == "stream: OK":
        logger.info("Virus scanner passed an upload of %d bytes", sent)
        return
    # "INSTREAM size limit exceeded. ERROR", or anything unexpected: not a clean bill of health.
    logger.warning("Virus scanner answered with an error after %d bytes", sent)
    raise ScannerUnavailable("the virus scanner answered with an error")
