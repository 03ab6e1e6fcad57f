"""The HTTP front of the local gateway: a threaded server on 127.0.0.1."""

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local_api.gateway import LocalGateway


def make_server(gateway: LocalGateway, host: str, port: int) -> ThreadingHTTPServer:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "products-api-local"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            response = gateway.handle(
                self.command, self.path, list(self.headers.items()), body, self.client_address[0]
            )
            self.send_response(response.status)
            for name, value in response.headers:
                if name.lower() not in {"content-length", "connection"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        def __getattr__(self, name: str) -> Any:
            # Every method reaches the gateway (TRACE, QUERY...): http.server would answer
            # an unknown one with its own 501 HTML page, which API Gateway never does.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the handlers' structured logs say what happened

    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    return server
