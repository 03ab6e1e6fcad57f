"""The local gateway compresses as API Gateway does with template.yaml's
MinimumCompressionSize: gzip when the client accepts it and the body is large enough."""

import gzip

import pytest

from local_api.gateway import HttpResponse, compressed
from local_api.template import Template

BIG = HttpResponse(200, [("Content-Type", "application/json")], b'{"items": []}' * 200)


def test_the_template_compresses_bodies_from_1_kb() -> None:
    assert Template.load().minimum_compression_size() == 1024


@pytest.mark.parametrize(
    "accept_encoding",
    ["gzip", "gzip, deflate", "br;q=1.0, gzip;q=0.8", "*", "GZIP"],
)
def test_a_large_body_is_gzipped_for_a_client_that_accepts_it(accept_encoding: str) -> None:
    sent = compressed(BIG, [("Accept-Encoding", accept_encoding)], 1024)
    assert ("Content-Encoding", "gzip") in sent.headers
    assert ("Vary", "Accept-Encoding") in sent.headers
    assert gzip.decompress(sent.body) == BIG.body
    assert len(sent.body) < len(BIG.body) / 10


@pytest.mark.parametrize(
    ("headers", "minimum"),
    [
        ([], 1024),  # no Accept-Encoding: identity
        ([("Accept-Encoding", "identity")], 1024),
        ([("Accept-Encoding", "gzip;q=0")], 1024),  # refused explicitly
        ([("Accept-Encoding", "br, deflate")], 1024),
        ([("Accept-Encoding", "gzip")], len(BIG.body) + 1),  # below the minimum
        ([("Accept-Encoding", "gzip")], None),  # compression off
    ],
)
def test_otherwise_the_body_goes_as_it_is(
    headers: list[tuple[str, str]], minimum: int | None
) -> None:
    assert compressed(BIG, headers, minimum) == BIG


def test_a_body_already_encoded_is_left_alone() -> None:
    encoded = HttpResponse(200, [("Content-Encoding", "br")], BIG.body)
    assert compressed(encoded, [("Accept-Encoding", "gzip")], 1024) == encoded
