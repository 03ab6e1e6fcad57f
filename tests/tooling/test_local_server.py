"""The HTTP front of the local API (local_api/server.py) over real sockets: bursts of
connections, chunked bodies, and what it refuses itself, in the error envelope."""

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from local_api.gateway import LocalGateway
from local_api.server import make_server
from tests.support import error_code

HEALTH = b"GET /api/v1/health HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n"


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw)


@dataclass
class Exchange:
    responses: list[Response]
    closed: bool  # the server closed the connection after them


def _parse(data: bytes) -> list[Response]:
    """Responses one after another, each delimited by its Content-Length."""
    responses = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers["content-length"])
        responses.append(Response(int(status_line.split()[1]), headers, rest[:length]))
        data = rest[length:]
    return responses


def exchange(
    port: int, request: bytes, sock: socket.socket | None = None, stop_sending: bool = False
) -> Exchange:
    """Sends the bytes (then nothing more if stop_sending) and reads until the server closes
    the connection, or 5 s pass."""
    sock = sock or socket.create_connection(("127.0.0.1", port), timeout=5)
    with sock:
        sock.sendall(request)
        if stop_sending:
            sock.shutdown(socket.SHUT_WR)
        received, closed = b"", False
        try:
            while chunk := sock.recv(65536):
                received += chunk
            closed = True
        except TimeoutError:
            pass
    return Exchange(_parse(received), closed)


@pytest.fixture
def port(gateway: LocalGateway, api: Any) -> Iterator[int]:
    """The component tier's gateway (moto) behind the real HTTP front, on a free port."""
    server = make_server(gateway, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def chunked(path: str, chunks: list[bytes], token: str | None = None, tail: bytes = b"") -> bytes:
    """A request whose body is sent in the given chunks (tail: what ends it)."""
    head = f"POST {path} HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
    return head.encode() + body + (tail or b"0\r\n\r\n")


# ------------------------------------------------------------------ bursts ---------------
def test_a_burst_of_80_connections_is_queued_not_refused(gateway: LocalGateway, api: Any) -> None:
    # Given a server that has not accepted any connection yet (its accept loop is behind)
    server = make_server(gateway, "127.0.0.1", 0)
    port = server.server_address[1]
    try:
        # When 80 clients connect at once
        clients = []
        for _ in range(80):
            # Beyond the listen queue, a connection is refused (macOS) or never accepted (Linux)
            with contextlib.suppress(OSError):
                clients.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))

        # Then the listen queue holds every one of them
        assert len(clients) == 80

        # And once the server runs, each is answered
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        for client in clients:
            client.settimeout(30)
        replies = [exchange(port, HEALTH, client) for client in clients]
        assert [len(reply.responses) for reply in replies] == [1] * 80
        assert {reply.responses[0].status for reply in replies} == {200}
        assert all(reply.responses[0].body["data"]["healthy"] for reply in replies)
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ chunked bodies -------
def test_a_chunked_body_reaches_the_handler_as_a_content_length_one(
    gateway: LocalGateway, port: int
) -> None:
    captured: list[dict[str, Any]] = []

    class Recorder:
        def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
            captured.append(event)
            return {"statusCode": 204, "headers": {}, "body": ""}

    body = json.dumps({"grant_type": "client_credentials", "client_id": "c", "client_secret": "s"})
    raw = body.encode()
    original = gateway.functions["AuthTokenFunction"]
    gateway.functions["AuthTokenFunction"] = Recorder()  # type: ignore[assignment]
    try:
        # Given the same JSON sent with Content-Length, and chunked: in three chunks, one
        # with an extension, and a trailer field
        plain = exchange(
            port,
            b"POST /api/v1/auth/token HTTP/1.1\r\nHost: local\r\nConnection: close\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(raw), raw),
        )
        chunks = [raw[:10], raw[10:11], raw[11:]]
        tail = b"0;final=yes\r\nX-Checksum: none\r\n\r\n"
        split = exchange(port, chunked("/api/v1/auth/token", chunks, tail=tail))
    finally:
        gateway.functions["AuthTokenFunction"] = original

    # Then the function gets the same body both times
    assert [r.status for r in plain.responses + split.responses] == [204, 204]
    assert [event["body"] for event in captured] == [body, body]
    assert captured[1]["isBase64Encoded"] is False


def test_a_chunked_post_creates_the_product(port: int, seller: str) -> None:
    raw = json.dumps({"name": "Chunked lamp", "price": 12.5}).encode()

    reply = exchange(port, chunked("/api/v1/products", [raw[:7], raw[7:]], seller))

    (created,) = reply.responses
    assert created.status == 201, created.raw
    assert created.body["data"]["item"]["name"] == "Chunked lamp"
    assert created.body["data"]["item"]["price"] == 12.5


SMUGGLED = b"GET /api/v1/health HTTP/1.1\r\nHost: local\r\n\r\n"
MALFORMED = {
    "size not hex": (b"zz\r\n{}\r\n0\r\n\r\n", "body"),
    "chunk longer than its size": (b"1\r\n{}\r\n0\r\n\r\n", "body"),
    "a request hidden in a chunk": (b"2\r\n{}" + SMUGGLED + b"0\r\n\r\n", "body"),
    "size line without CRLF": (b"2\n{}\r\n0\r\n\r\n", "body"),
    "ends inside a chunk": (b"10\r\n{}", "body"),
    "ends before the last chunk": (b"2\r\n{}\r\n", "body"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_chunked_body_is_a_400_and_the_connection_closes(port: int, case: str) -> None:
    body, field = MALFORMED[case]
    head = (
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )  # keep-alive: only the server's refusal closes the connection

    reply = exchange(port, head + body, stop_sending=case.startswith("ends"))

    # One answer, a 400 envelope, and then the connection is closed: none of the body's
    # bytes is read as another request
    (refused,) = reply.responses
    assert refused.status == 400 and error_code(refused.body) == "validation_error"
    assert refused.body["error"]["details"][0]["field"] == field
    assert refused.body["meta"]["request_id"] == refused.headers["x-amzn-requestid"]
    assert refused.headers["connection"] == "close" and reply.closed


@pytest.mark.parametrize(
    ("headers", "field"),
    [
        (b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "Transfer-Encoding"),
        (b"Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding"),
        (b"Content-Length: 4\r\nContent-Length: 5\r\n", "Content-Length"),
        (b"Content-Length: -4\r\n", "Content-Length"),
    ],
    ids=["chunked and a length", "gzip", "two lengths", "negative length"],
)
def test_an_undelimitable_body_is_a_400_and_the_connection_closes(
    port: int, headers: bytes, field: str
) -> None:
    request = b"POST /api/v1/auth/token HTTP/1.1\r\nHost: local\r\n" + headers + b"\r\n"

    reply = exchange(port, request + b"4\r\n{}\r\n0\r\n\r\n" + SMUGGLED)

    (refused,) = reply.responses
    assert refused.status == 400 and error_code(refused.body) == "validation_error"
    assert refused.body["error"]["details"] == [
        {"field": field, "message": refused.body["error"]["message"]}
    ]
    assert reply.closed


@pytest.mark.parametrize(
    "request_head",
    [
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: local\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"a00001\r\n",
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: local\r\nContent-Length: 10485761\r\n\r\n",
    ],
    ids=["chunked", "content-length"],
)
def test_a_body_over_the_payload_limit_is_refused_unread(port: int, request_head: bytes) -> None:
    # Given a body announced over API Gateway's 10 MB, of which nothing more is sent
    reply = exchange(port, request_head)

    # Then the gateway's REQUEST_TOO_LARGE answers at once, and the connection closes
    (refused,) = reply.responses
    assert refused.status == 413 and error_code(refused.body) == "validation_error"
    assert refused.body["error"]["message"] == "The request body is too large"
    assert reply.closed


# ------------------------------------------------------------------ the front's limits ---
@pytest.mark.parametrize(
    ("request_bytes", "status", "field", "message"),
    [
        (
            b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: local\r\n\r\n",
            414, "url", "The request line is longer than 65,536 bytes",
        ),
        (
            b"GET /api/v1/health HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
            431, "headers", "A header line is longer than 65,536 bytes",
        ),
        (
            b"GET /api/v1/health HTTP/1.1\r\n"
            + b"".join(b"X-%d: 1\r\n" % n for n in range(101)) + b"\r\n",
            431, "headers", "More than 100 header fields",
        ),
        (
            b"GET /api/v1/health HTTP/2.0\r\n\r\n",
            505, "request line", "Send HTTP/1.1 (or HTTP/1.0)",
        ),
        (b"47\r\n\r\n", 400, "request line", "The request line is not METHOD /path HTTP/1.1"),
    ],
    ids=["long url", "long header", "too many headers", "HTTP/2.0", "not a request line"],
)  # fmt: skip
def test_what_the_front_refuses_is_in_the_envelope(
    port: int, request_bytes: bytes, status: int, field: str, message: str
) -> None:
    reply = exchange(port, request_bytes)

    (refused,) = reply.responses
    assert refused.status == status and refused.headers["content-type"] == "application/json"
    assert refused.body == {
        "status": "error",
        "error": {
            "code": "validation_error",
            "message": message,
            "details": [{"field": field, "message": message}],
        },
        "meta": {
            "request_id": refused.headers["x-amzn-requestid"],
            "timestamp": refused.body["meta"]["timestamp"],
        },
    }
    assert refused.body["meta"]["timestamp"].endswith("Z")
    assert reply.closed


def test_a_keep_alive_connection_serves_the_request_after_a_chunked_one(port: int) -> None:
    # Given a chunked request, then another on the same connection
    first = chunked("/api/v1/auth/token", [b"{}"]).replace(b"Connection: close\r\n", b"")

    reply = exchange(port, first + HEALTH)

    # Then both are answered, in order: the body ended where its last chunk said
    assert [r.status for r in reply.responses] == [400, 200]
    assert error_code(reply.responses[0].body) == "validation_error"  # {} is no token grant
    assert reply.responses[1].body["data"]["healthy"] is True
