"""Listed products parsed, and shown, once per stored version per warm instance.

For a described product, turning its item into a Product (from_item, then pydantic's
validation) takes about 30 µs, and its representation's JSON (`public()`, then the encoder)
about 16: most of what a listing's own code spends per product (docs/performance.md, "Listed
products parsed once"). Storefronts list the same products over and over, and a product's item
is the same bytes until it is written: every write sets its version and updated_at. So a warm
instance keeps the Products it parsed for listings, keyed by their item's JSON as read, and the
JSON of their representation once a listing has shown them. The key is the whole item, so a
changed product is a new key: nothing is ever invalidated, and nothing stale can be served. The
least recently used go past MAX_PRODUCTS.

Only listings use it (repository.get_many, to_show): their products are never written back,
and no code changes a Product in place (writes make new ones with model_copy).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson

from common.jsonio import serialize
from common.products.models import Product

# A described product (2.6 KB as read) is about 22 KB of Python objects with its key and its
# JSON, 33 of them tracked by the garbage collector: 1,000 are 22 MB of a function's 512 MB,
# more than a storefront's hot pages hold.
MAX_PRODUCTS = 1_000


class ParsedProducts:
    """A bounded map from an item's JSON to its Product, least recently used out first, and
    from a kept Product to its representation's JSON. Thread-safe: a listing reads its ranges
    at once (storage/at_once.py)."""

    def __init__(self, parse: Callable[[dict[str, Any]], Product], size: int) -> None:
        self._parse, self._size = parse, size
        self._products: OrderedDict[bytes, Product] = OrderedDict()
        # By id() of a kept Product (None until shown): ids are unique among live objects,
        # and a Product leaves this map when it leaves the other.
        self._shown: dict[int, orjson.Fragment | None] = {}
        self._lock = threading.Lock()

    def __call__(self, item: dict[str, Any]) -> Product:
        try:
            key = orjson.dumps(item)
        except orjson.JSONEncodeError:  # binary values (bytes): never in our items
            return self._parse(item)
        with self._lock:
            product = self._products.get(key)
            if product is not None:
                self._products.move_to_end(key)
                return product
        product = self._parse(item)
        with self._lock:
            if key in self._products:  # another thread parsed it meanwhile: keep one
                return self._products[key]
            self._products[key] = product
            self._shown[id(product)] = None
            if len(self._products) > self._size:
                _, dropped = self._products.popitem(last=False)
                del self._shown[id(dropped)]
        return product

    def public_json(self, product: Product) -> orjson.Fragment:
        """`product.public()` as JSON (jsonio.serialize), to go in a response as it is: made
        once for a kept product, each time for any other."""
        with self._lock:
            shown = self._shown.get(id(product))
        if shown is not None:
            return shown
        shown = orjson.Fragment(serialize(product.public()))
        with self._lock:
            if id(product) in self._shown:
                self._shown[id(product)] = shown
        return shown

    def __len__(self) -> int:
        return len(self._products)

    def clear(self) -> None:
        with self._lock:
            self._products.clear()
            self._shown.clear()
