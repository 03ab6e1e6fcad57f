"""GET /api/v1/health — liveness for load balancers and uptime checks (public)."""

from common.http import Health, Response, build_resolver, lambda_entrypoint, ok, success

app = build_resolver()


@app.get("/api/v1/health", responses=ok(data=Health))
def health() -> Response[str]:
    return success(app, Health(healthy=True, service="products-api", version="v1"))


lambda_handler = lambda_entrypoint(app)
