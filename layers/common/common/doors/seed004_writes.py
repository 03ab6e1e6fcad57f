"""Seed 004's writes: the bodies of the create and the PUT as the seed spells them, the
canonical writes they make, and the create's answer (common/doors/seed004.py has the door's
messages and errors)."""

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common.auth.principal import Principal
from common.doors.seed004 import SEED_INTERVALS, Seed004Message
from common.errors import from_validation_errors
from common.products import service
from common.products.inputs import Image, ProductInput, Recurrence, Tax
from common.products.models import Product
from common.products.validators import IMAGE_URL_PATTERN, Amount, Quantity, Sku
from common.text import Name, ShortText, Text

# ------------------------------------------------------------------ requests ---------------
# The seed's names of the catalog's fields, where they differ.
_SEED_NAMES = {"interval": "recurrence", "count": "duration_period", "rate": "value"}
CATALOG_INTERVALS = {seed: interval for interval, seed in SEED_INTERVALS.items()}


def _seed_name(field: str) -> str:
    return _SEED_NAMES.get(field, field)


class Seed004Recurrence(Recurrence):
    """The catalog's Recurrence under the seed's names: `{"recurrence": "period",
    "duration_period": 6}` bills every 6 months."""

    model_config = ConfigDict(alias_generator=_seed_name)

    # The seed's names of the intervals (a narrower type than the catalog's, for the same set).
    interval: Literal["period", "day", "week", "year"]  # type: ignore[assignment]

    def catalog(self) -> dict[str, Any]:
        return {"interval": CATALOG_INTERVALS[self.interval], "count": self.count}


class Seed004Tax(Tax):
    """The catalog's Tax under the seed's names: `value` is the rate in percent."""

    model_config = ConfigDict(alias_generator=_seed_name)

    @model_validator(mode="before")
    @classmethod
    def _no_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "id" in data:
            raise PydanticCustomError(
                "extra_forbidden", "taxes have no ids here: give each one's name and value"
            )
        return data


def _image_url(url: str) -> str:
    """An image's URL, by the catalog's own rule (an absolute https URL, at most 2,048)."""
    try:
        return Image(url=url).url
    except ValidationError as invalid:
        error = invalid.errors()[0]
        raise PydanticCustomError(error["type"], error["msg"]) from None


_URL_SCHEMA = {"type": "string", "maxLength": 2048, "pattern": IMAGE_URL_PATTERN}
ImageUrl = Annotated[str, AfterValidator(_image_url), WithJsonSchema(_URL_SCHEMA)]


class Seed004Images(BaseModel):
    """`default` is the primary image ("" for none); `aditional_images` the others, in order.
    Without a default, the first additional image becomes it (the catalog always has a
    primary image when it has any)."""

    model_config = ConfigDict(extra="forbid")

    default: Annotated[
        str,
        AfterValidator(lambda url: url and _image_url(url)),
        WithJsonSchema({"anyOf": [{"const": ""}, _URL_SCHEMA]}),
    ] = ""
    aditional_images: list[ImageUrl] = Field(default_factory=list)

    def catalog(self) -> list[dict[str, Any]]:
        urls = [url for url in (self.default, *self.aditional_images) if url]
        return [{"url": url, "is_primary": index == 0} for index, url in enumerate(urls)]


_CATALOG_NAMES = {"stock": "inventory", "bar_code": "barcode"}


class Seed004ProductIn(BaseModel):
    """A create's body. Bounds the catalog sets (list lengths, currency codes and their minor
    units) are checked once the body is the catalog's (`catalog_input`)."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    description: Text | None = None
    short_description: ShortText | None = None
    price: Amount
    currency: str | None = Field(default=None, description="ISO 4217; USD when left out")
    stock: Quantity | None = None
    is_physical: StrictBool | None = Field(default=None, description="true when left out")
    bar_code: Sku | None = None
    sku: Sku | None = None
    recurrence: Seed004Recurrence | None = None
    images: Seed004Images | None = None
    payment_link: Literal[False] | None = Field(
        default=None, description="always false: this service makes no payment links"
    )
    taxes: list[Seed004Tax] | None = None

    def catalog(self) -> dict[str, Any]:
        """The fields given, under the catalog's names (null: back to the default)."""
        given = self.model_dump(exclude_unset=True, exclude={"payment_link"})
        fields = {_CATALOG_NAMES.get(name, name): value for name, value in given.items()}
        for name, nested in (("recurrence", self.recurrence), ("images", self.images)):
            if nested is not None:
                fields[name] = nested.catalog()
        return fields  # taxes: Seed004Tax dumps the catalog's names already


class Seed004ProductUpdate(Seed004ProductIn):
    """A PUT's body: any of the fields, each optional; those named replace the stored ones."""

    name: Name | None = None  # type: ignore[assignment]
    price: Amount | None = None  # type: ignore[assignment]


# ------------------------------------------------------------------ the create's answer ----
class Seed004CreatedId(BaseModel):
    id: str


class Seed004Created(Seed004Message):
    data: Seed004CreatedId


# ------------------------------------------------------------------ writes ------------------
def catalog_input(fields: dict[str, Any]) -> ProductInput:
    try:
        return ProductInput.model_validate(fields)
    except ValidationError as invalid:
        raise from_validation_errors(invalid.errors()) from None


def create(principal: Principal, body: Seed004ProductIn) -> Product:
    return service.create_product(principal, catalog_input(body.catalog()))


def update(
    principal: Principal, product_id: str, body: Seed004ProductUpdate, if_match: str | None
) -> Product:
    return service.replace_product(principal, product_id, body.catalog(), if_match)
