"""The body of a PUT (ProductUpdate): ProductInput's fields, each optional. A module of its own
because only the replace function validates it: built at import like every request model,
~8 ms that the create, PATCH, batch and door functions would pay for nothing
(tests/component/test_cold_start_imports.py)."""

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, create_model

from common.products.inputs import ProductInput


def _all_optional(model: type[ProductInput]) -> type[ProductInput]:
    """The body of a PUT: any of the writable fields, each optional and without default, so
    that only the fields a client names are changed; null sets an optional field back to its
    default, and a required one (name, price) has none, so it is not nullable. It keeps
    ProductInput's validators and documents the same rules."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[name] = (
            annotation if info.is_required() else annotation | None,
            # A type's own schema (Name's pattern) lands on its FieldInfo, not in metadata.
            Field(None, description=info.description, json_schema_extra=info.json_schema_extra),
        )
    return create_model(
        "ProductUpdate",
        __base__=model,
        __doc__="Body of PUT: the fields named replace the stored ones; the others stay.",
        **fields,
    )


if TYPE_CHECKING:  # to the type checker, a ProductInput whose fields may be left out
    ProductUpdate = ProductInput
else:
    ProductUpdate = _all_optional(ProductInput)
