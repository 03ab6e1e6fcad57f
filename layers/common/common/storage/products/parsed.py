"""Listed products parsed, and shown, once per stored version per warm instance.

For a described product, turning its item into a Product (from_item, then pydantic's
validation) takes about 30 µs, and its representation's JSON (`public()`, then the encoder)
about 16: most of what a listing's own code spends per product (docs/performance.md, "Listed
products kept"). Storefronts list the same products over and over, and a product's item
is the same bytes until it is written: every write sets its version and updated_at. So a warm
instance keeps the Products it parsed for listings, keyed by their item's JSON as read, and the
JSON of their representation once a listing has shown them. The key is the whole item, so a
changed product is a new key: nothing is ever invalidated, and nothing stale can be served. The
least recently used go past MAX_PRODUCTS, or past MAX_ITEM_BYTES of items.

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

# A product kept holds about three times its item's JSON (its key, its strings, its JSON) and
# about 11 KB of objects, 33 of them tracked by the garbage collector: a described product (2.6 KB
# as read) about 19 KB, so 1,000 are 19 MB of a function's 512 MB, more than a storefront's
# hot pages hold.
MAX_PRODUCTS = 1_000
# Large products are bounded by their weight: the items kept weigh at most 16 MB, so the map
# stays under about 60 MB whatever the products (DynamoDB's items reach 400 KB); an item over
# that is never kept.
MAX_ITEM_BYTES = 16 * 1024 * 1024


class ParsedProducts:
    """A bounded map from an item's JSON to its Product, least recently used out first, and
    from a kept Product to its representation's JSON. Thread-safe: a listing reads its ranges
    at once (storage/at_once.py)."""

    def __init__(
        self,
        parse: Callable[[dict[str, Any]], Product],
        size: int = MAX_PRODUCTS,
        item_bytes: int = MAX_ITEM_BYTES,
    ) -> None:
        self._parse, self._size, self._item_bytes = parse, size, item_bytes
        self._products: OrderedDict[bytes, Product] = OrderedDict()
        self._bytes = 0  # of the keys: the items kept, as read
        # By id() of a kept Product (None until shown): ids are unique among live objects,
        # and a Product leaves this map when it leaves the other.
        self._shown: dict[int, orjson.Fragment | None] = {}
        self._lock = threading.Lock()

    def __call__(self, item: dict[str, Any]) -> Product:
        try:
            # A copy: orjson's bytes keep the whole buffer it wrote into, 1 MB for an item
            # of 70 KB (tests/pure/test_parsed_products.py weighs what is kept).
            key = bytes(memoryview(orjson.dumps(item)))
        except orjson.JSONEncodeError:  # binary values (bytes): never in our items
            return self._parse(item)
        if len(key) > self._item_bytes:
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
            self._bytes += len(key)
            while len(self._products) > self._size or self._bytes > self._item_bytes:
                dropped_key, dropped = self._products.popitem(last=False)
                del self._shown[id(dropped)]
                self._bytes -= len(dropped_key)
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
            self._bytes = 0
