"""The HTTP front of the local gateway: a threaded server on 127.0.0.1. It reads each request's
body (Content-Length or chunked, local_api/request_body.py) and answers what it refuses itself
in the error envelope (local_api/refusals.py)."""

import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local_api.gateway import MAX_PAYLOAD_BYTES, HttpResponse, LocalGateway
from local_api.refusals import RequestRefused, refusal_response, refused_by_http_server
from local_api.request_body import BodyTooLarge, read_body


class _Server(ThreadingHTTPServer):
    # Connections wait in the kernel's queue until the server accepts them. http.server's
    # default of 5 dropped or reset most of a burst of 80 concurrent requests.
    request_queue_size = socket.SOMAXCONN
    daemon_threads = True


def make_server(gateway: LocalGateway, host: str, port: int) -> ThreadingHTTPServer:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "products-api-local"

        def _serve(self) -> None:
            try:
                body = read_body(self.headers, self.rfile, MAX_PAYLOAD_BYTES)
            except BodyTooLarge:
                self.close_connection = True  # the rest of the body is never read
                self._reply(gateway.payload_too_large())
                return
            except RequestRefused as refused:
                self.close_connection = True  # none of its bytes is read as a request
                self._reply(refusal_response(refused))
                return
            response = gateway.handle(
                self.command, self.path, list(self.headers.items()), body, self.client_address[0]
            )
            self._reply(response)

        def _reply(self, response: HttpResponse) -> None:
            self.send_response(response.status)
            for name, value in response.headers:
                if name.lower() not in {"content-length", "connection"}:
                    self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            # http.server's refusals while reading the request line and headers: over its
            # limits, or not HTTP. A line it could not parse leaves the request marked
            # HTTP/0.9, which has no status line nor headers: the answer has them.
            if self.request_version == "HTTP/0.9":
                self.request_version = self.protocol_version
            self.close_connection = True
            self._reply(refusal_response(refused_by_http_server(code, message)))

        def __getattr__(self, name: str) -> Any:
            # Every method reaches the gateway (TRACE, QUERY...): http.server would answer
            # an unknown one with its own 501 HTML page, which API Gateway never does.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the handlers' structured logs say what happened

    return _Server((host, port), _Handler)
