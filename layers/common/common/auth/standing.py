"""A verified access token's client as it stands now, checked by the authorizer.

Apart from the grant service (auth/service.py) so that the authorizer, in front of every
request, never loads what only grants need: their models, secret hashing, the grants' rate
limit (docs/performance.md, "Cold start").
"""

from common.auth.principal import Principal
from common.errors import Unauthorized
from common.storage import auth_repository as repo


def active_principal(principal: Principal) -> Principal:
    """The principal of a verified access token, as its client stands now: a revoked or deleted
    client is refused (within the authorizer's cache time), and the client's current rate limit
    applies. One GetItem, made by the authorizer only."""
    client = repo.get_client(principal.client_id)
    if client is None or client.status != "active":
        raise Unauthorized("The client of this access token is revoked")
    return principal.model_copy(update={"rate_limit": client.rate_limit})
