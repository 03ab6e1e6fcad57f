"""The contract hook (tests/http/contract.py) is on the tier's session: each response is
checked against its OpenAPI document, or counted when no document has its operation."""

from tests.http.conftest import Http
from tests.http.contract import contract


def test_the_tiers_session_checks_every_response(http: Http) -> None:
    checked, unmatched = contract().checked, contract().unmatched
    assert http.call("GET", "/api/v1/health").status_code == 200
    # Served by the function whose routes are in no document.
    assert http.call("GET", "/compat/000/openapi.json").status_code == 200
    assert (contract().checked, contract().unmatched) == (checked + 1, unmatched + 1)
