"""Search words (docs/decisions.md, "Listing and cursors"): case- and accent-insensitive,
every word must match, the last may be a prefix."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.products.words import (
    MAX_QUERY_WORDS,
    MAX_WORD_LENGTH,
    SearchQuery,
    fold,
    words,
)


def test_fold_drops_case_and_accents() -> None:
    assert fold("Crème Brûlée") == fold("creme brulee") == "creme brulee"
    assert fold("STRASSE") == fold("straße")


def test_words_are_distinct_in_order_and_bounded() -> None:
    assert words("Oak lamp, OAK-lamp_2") == ["oak", "lamp", "2"]
    assert words("x" * 100) == ["x" * MAX_WORD_LENGTH]
    assert words(" -- ") == []


def test_every_word_must_match_and_the_last_may_be_a_prefix() -> None:
    query = SearchQuery("oak la")
    assert query.terms() == [("oak", False), ("la", True)]
    assert query.matches(["oak", "lamp"])
    assert not query.matches(["pine", "lamp"])
    assert not query.matches(["oak", "shade"])


def test_a_single_letter_matches_only_the_word_itself() -> None:
    query = SearchQuery("a")
    assert query.terms() == [("a", False)]
    assert query.matches(["a", "lamp"])
    assert not query.matches(["apple"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("--", "at least one letter or digit"),
        (" ".join(f"w{i}" for i in range(MAX_QUERY_WORDS + 1)), "at most"),
    ],
)
def test_unusable_searches_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        SearchQuery(text)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_folds_as_the_full_unicode_path_would(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text)
    assert fold(text) == "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@given(
    st.lists(st.sampled_from(["oak", "oa", "table", "tab", "lamp", "o", "t"]), max_size=6),
    st.lists(st.sampled_from(["oak", "table", "lamp", "desk", "ta", "o"]), min_size=1, max_size=3),
)
def test_matching_stops_early_yet_agrees_with_the_whole_set_of_words(
    product: list[str], query: list[str]
) -> None:
    search = SearchQuery(" ".join(query))
    present = set(product)
    expected = all(word in present for word in search.exact) and (
        search.prefix is None or any(word.startswith(search.prefix) for word in present)
    )
    assert search.matches(iter(product)) is expected
