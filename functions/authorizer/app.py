"""Lambda TOKEN authorizer: verifies the bearer JWT and hands the principal to the handlers.

The policy covers every method and route of the stage, because API Gateway caches it per token
and reuses it for any route that token calls; per-route scope checks happen in the handlers.
A refused token gets a Deny whose context carries the error code, which the ACCESS_DENIED
gateway response (template.yaml) turns into a 401 in the API's error envelope.
"""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from common.auth.standing import active_principal
from common.auth.tokens import verify_access_token
from common.errors import ApiError, Unauthorized
from common.heap import settled
from common.observability import annotate_trace, logger, tracer


def stage_wide_resource(method_arn: str) -> str:
    """arn:aws:execute-api:r:a:api/stage/GET/x -> arn:aws:execute-api:r:a:api/stage/*/*"""
    api_arn, stage = method_arn.split("/")[:2]
    return f"{api_arn}/{stage}/*/*"


def _policy(
    principal_id: str, effect: str, resource: str, context: dict[str, str]
) -> dict[str, Any]:
    return {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}],
        },
        "context": context,
    }


def bearer_token(header: str | None) -> str:
    scheme, _, token = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
        raise Unauthorized("Send the access token as 'Authorization: Bearer <token>'")
    return token.strip()


@settled  # common/heap.py: the handler is made last in the function's init
@logger.inject_lambda_context(clear_state=True)
@tracer.capture_lambda_handler(capture_response=False)  # a policy names the caller's scopes
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    resource = stage_wide_resource(event["methodArn"])
    try:
        token = verify_access_token(bearer_token(event.get("authorizationToken")))
        principal = active_principal(token)
    except ApiError as error:
        logger.info("Token refused", extra={"error_code": error.code})
        return _policy(
            "anonymous",
            "Deny",
            resource,
            {"error_code": error.code, "error_message": error.message},
        )
    logger.append_keys(tenant_id=principal.tenant_id, client_id=principal.client_id)
    annotate_trace(tenant_id=principal.tenant_id, customer_id=principal.customer_id)
    return _policy(principal.client_id, "Allow", resource, principal.to_context())
