"""GET /api/v1/health — liveness for load balancers and uptime checks (public)."""

from common.http import Response, build_resolver, lambda_entrypoint, success

app = build_resolver()


@app.get("/api/v1/health")
def health() -> Response[str]:
    return success(app, {"healthy": True, "service": "products-api", "version": "v1"})


lambda_handler = lambda_entrypoint(app)
