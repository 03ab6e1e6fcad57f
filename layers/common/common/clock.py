"""Timestamps: ISO-8601 UTC with millisecond precision and a Z, as every response shows them."""

from datetime import UTC, datetime


def iso_timestamp(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
