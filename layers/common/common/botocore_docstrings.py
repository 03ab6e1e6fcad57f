"""Stands in for `botocore.docs.docstring` (common/__init__.py puts it in its place).

botocore's client and waiter modules import their methods' lazy docstrings from that module,
which imports botocore's documentation builder at the top (its reST writer and an HTML
parser): 6-8 ms of every cold start with an AWS client, for docstrings that only `help()`
generates. These are the same classes, importing the builder when a docstring is generated.
tests/pure/test_botocore_docstrings.py checks that they generate what botocore's do.
"""

from importlib import import_module
from typing import Any


def _builder(module: str, name: str) -> Any:
    return getattr(import_module(f"botocore.docs.{module}"), name)


class LazyLoadedDocstring(str):
    """A docstring generated when it is first read (`str()`, or `help()`'s `expandtabs`) by
    `_write_docstring`, which subclasses define (boto3's too)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> "LazyLoadedDocstring":
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._gen_args = args
        self._gen_kwargs = kwargs
        self._docstring: str | None = None

    def _write_docstring(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("subclasses write their docstring")

    def expandtabs(self, tabsize: int = 8) -> str:  # type: ignore[override]
        return self._generate().expandtabs(tabsize)

    def __str__(self) -> str:
        return self._generate()

    __repr__ = __str__

    def _generate(self) -> str:
        if self._docstring is None:
            structure = _builder("bcdoc.restdoc", "DocumentStructure")("docstring", target="html")
            self._write_docstring(structure, *self._gen_args, **self._gen_kwargs)
            self._docstring = structure.flush_structure().decode("utf-8")
        return self._docstring


class ClientMethodDocstring(LazyLoadedDocstring):
    def _write_docstring(self, *args: Any, **kwargs: Any) -> None:
        _builder("method", "document_model_driven_method")(*args, **kwargs)


class WaiterDocstring(LazyLoadedDocstring):
    def _write_docstring(self, *args: Any, **kwargs: Any) -> None:
        _builder("waiter", "document_wait_method")(*args, **kwargs)


class PaginatorDocstring(LazyLoadedDocstring):
    def _write_docstring(self, *args: Any, **kwargs: Any) -> None:
        _builder("paginator", "document_paginate_method")(*args, **kwargs)
