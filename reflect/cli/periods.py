"""The ``--registration-year`` option, accepted wherever ``--term`` is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def _parse(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from reflect.core.periods import PeriodError, parse_registration_year

    try:
        return parse_registration_year(value)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def registration_year_option(func: F) -> F:
    """Add ``--registration-year 2025-26`` (1 Dec 2025 to 30 Nov 2026); no setup needed."""
    return click.option(
        "--registration-year",
        "registration_year",
        metavar="YYYY-YY",
        callback=_parse,
        help="Or Social Work England's registration year, e.g. 2025-26 (1 Dec to 30 Nov).",
    )(func)
