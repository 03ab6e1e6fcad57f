"""The stand-in for botocore.docs.docstring (common/botocore_docstrings.py) generates what
botocore's own module generates, and only when a docstring is read."""

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import botocore
import pytest
from botocore.session import Session

import common.botocore_docstrings as stand_in


def _botocores_own() -> ModuleType:
    """botocore's docstring module, loaded from its file under a name of its own (in this
    process botocore may have been imported before common put the stand-in in its place)."""
    path = Path(botocore.__file__).parent / "docs" / "docstring.py"
    spec = importlib.util.spec_from_file_location("botocore_own_docstring", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dynamodb() -> Any:
    return Session().create_client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


@pytest.mark.parametrize(
    ("kind", "read"),
    [
        ("ClientMethodDocstring", lambda c: c.get_item.__doc__),
        ("PaginatorDocstring", lambda c: c.get_paginator("query").paginate.__doc__),
        ("WaiterDocstring", lambda c: c.get_waiter("table_exists").wait.__doc__),
    ],
)
def test_docstrings_are_botocores(kind: str, read: Any) -> None:
    # Given the arguments a client gives a docstring of this kind
    made = read(_dynamodb())
    args, kwargs = made._gen_args, made._gen_kwargs

    # When the stand-in's class and botocore's own generate it
    ours = getattr(stand_in, kind)(*args, **kwargs)
    assert ours._docstring is None  # nothing generated until it is read
    theirs = str(getattr(_botocores_own(), kind)(*args, **kwargs))

    # Then they are the same text, and help()'s path (expandtabs) reads it too
    assert str(ours) == theirs and len(theirs) > 500
    assert ours.expandtabs(4) == theirs.expandtabs(4)


def test_a_subclass_writes_its_own_docstring() -> None:
    # Given a subclass as boto3's resources define them (their own _write_docstring)
    class Written(stand_in.LazyLoadedDocstring):
        def _write_docstring(self, section: Any, text: str) -> None:
            section.write(text)

    # Then it is generated from its arguments, once
    docstring = Written("hello docs")
    assert str(docstring) == "hello docs" and repr(docstring) == "hello docs"
    assert docstring._docstring == "hello docs"
    with pytest.raises(NotImplementedError):
        str(stand_in.LazyLoadedDocstring())
