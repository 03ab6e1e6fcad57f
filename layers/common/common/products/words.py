"""Search words: how product text and search queries are cut into comparable words.

Both sides go through `fold`: Unicode compatibility decomposition, accents dropped, case
folded. "Crème Brûlée" and "creme brulee" are the same two words, so search is case- and
accent-insensitive by construction.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from common.products.models import Product

# Words longer than this are cut: a key part stays small, and nobody types 65 letters.
MAX_WORD_LENGTH = 64
# A query of more words is refused (400): every word costs a Query.
MAX_QUERY_WORDS = 8
# The index is sharded by a word's first two letters (storage/products/index.py), so a shorter
# prefix is never looked up: it only narrows what the other words found ("oak l"), and
# alone it matches the one-letter word.
MIN_PREFIX_LENGTH = 2
_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" separates like "-"


def fold(text: str) -> str:
    if text.isascii():  # nothing to decompose: most catalog text, every search candidate's
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def words(text: str) -> list[str]:
    """Distinct folded words of `text`, in order of first appearance."""
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in _WORD.findall(fold(text))))


def product_words(product: "Product") -> list[str]:
    """Every word a search can match, most telling first: name, SKUs, tags, then the
    description. The index keeps the first MAX_INDEXED_WORDS of them (storage/products/index.py)."""
    return list(dict.fromkeys(each_product_word(product)))


def each_product_word(product: "Product") -> Iterator[str]:
    """product_words, one text at a time: a search check stops folding once it has matched
    (a candidate's name usually settles it, its description is never cut into words)."""
    texts: list[str | None] = [product.name, product.sku]
    texts += [variant.sku for variant in product.variants]
    texts += product.tags
    texts.append(product.description)
    for text in texts:
        if text:
            yield from words(text)


class SearchQuery:
    """`search=` parsed: every word must match; the last one may match as a prefix."""

    def __init__(self, text: str) -> None:
        parsed = words(text)
        if not parsed:
            raise ValueError("must contain at least one letter or digit")
        if len(parsed) > MAX_QUERY_WORDS:
            raise ValueError(f"at most {MAX_QUERY_WORDS} words")
        last = parsed[-1]
        alone = len(parsed) == 1
        self.prefix = None if alone and len(last) < MIN_PREFIX_LENGTH else last
        self.exact = parsed[:-1] if self.prefix else parsed

    def terms(self) -> list[tuple[str, bool]]:
        """The (word, is_prefix) pairs to look up in the index, one per distinct term."""
        looked_up = [(word, False) for word in self.exact]
        if self.prefix and len(self.prefix) >= MIN_PREFIX_LENGTH:
            looked_up.append((self.prefix, True))
        return looked_up

    def matches(self, product_words: Iterable[str]) -> bool:
        """Whether the words hold every exact word and one starting with the prefix; reads
        them only as far as it needs."""
        missing, prefix = set(self.exact), self.prefix
        if not missing and prefix is None:
            return True
        for word in product_words:
            missing.discard(word)
            if prefix is not None and word.startswith(prefix):
                prefix = None
            if not missing and prefix is None:
                return True
        return False
