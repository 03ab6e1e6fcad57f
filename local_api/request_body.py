"""Request bodies as the local API's HTTP front reads them: by Content-Length or in the chunked
transfer coding (RFC 9112, section 7.1), at most API Gateway's payload limit, and never past
the body's end. A body that cannot be delimited is refused (RequestRefused), and the server
then closes the connection, so that none of its bytes is ever read as another request."""

import re
from email.message import Message
from io import BufferedIOBase

from local_api.refusals import MAX_HEADERS, MAX_LINE_BYTES, malformed_body

# A chunk size is hex digits, optionally followed by extensions (";name=value"), ignored here.
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?")
_DIGITS = re.compile(r"[0-9]+")


class BodyTooLarge(Exception):
    """The body is over the payload limit; the rest of it is left unread."""


def read_body(headers: Message, stream: BufferedIOBase, limit: int) -> bytes:
    codings = [
        coding.strip().lower()
        for value in headers.get_all("Transfer-Encoding", [])
        for coding in value.split(",")
        if coding.strip()
    ]
    lengths = [value.strip() for value in headers.get_all("Content-Length", [])]
    if codings:
        if lengths:  # which one delimits the body is how requests are smuggled
            raise malformed_body(
                "Transfer-Encoding", "Send Content-Length or Transfer-Encoding, not both"
            )
        if codings != ["chunked"]:
            raise malformed_body(
                "Transfer-Encoding", "Only the chunked transfer coding is supported"
            )
        return _read_chunked(stream, limit)
    if not lengths:
        return b""
    if len(set(lengths)) > 1 or not _DIGITS.fullmatch(lengths[0]):
        raise malformed_body("Content-Length", "Content-Length must be one decimal integer")
    length = int(lengths[0])
    if length > limit:
        raise BodyTooLarge
    return stream.read(length) if length else b""


def _read_chunked(stream: BufferedIOBase, limit: int) -> bytes:
    body = bytearray()
    while True:
        size = _chunk_size(_line(stream, "chunk size"))
        if size == 0:
            break
        if len(body) + size > limit:
            raise BodyTooLarge
        chunk = stream.read(size)
        if len(chunk) < size:
            raise malformed_body("body", "The chunked body ends inside a chunk")
        if stream.read(2) != b"\r\n":
            raise malformed_body("body", "A chunk is longer than its size or lacks its CRLF")
        body += chunk
    # Trailer fields, up to the empty line that ends the body: read and dropped, the proxy
    # event has no place for them.
    for _ in range(MAX_HEADERS + 1):
        if not _line(stream, "trailer"):
            return bytes(body)
    raise malformed_body("body", f"More than {MAX_HEADERS} trailer fields")


def _line(stream: BufferedIOBase, what: str) -> bytes:
    line = stream.readline(MAX_LINE_BYTES + 1)
    if not line.endswith(b"\r\n"):
        raise malformed_body(
            "body", f"A {what} line is over {MAX_LINE_BYTES:,} bytes or does not end in CRLF"
        )
    return line[:-2]


def _chunk_size(line: bytes) -> int:
    found = _CHUNK_SIZE.fullmatch(line)
    if found is None:
        raise malformed_body("body", "A chunk size is not a hexadecimal number")
    return int(found.group(1), 16)
