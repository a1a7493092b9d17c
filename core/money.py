"""One way to write an amount of money for a person: "$1,200.00" on pages, in emails and in PDFs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.conf import settings
from moneyed import get_currency

LOCALE = "en_US"


def _minor_digits(currency: str) -> int:
    sub_unit = get_currency(currency).sub_unit or 1
    digits = 0
    while sub_unit > 1:
        sub_unit //= 10
        digits += 1
    return digits


def money_format(value, *, decimals: int | None = None) -> str:
    """`Money('1200', 'USD')` -> "$1,200.00"; `decimals=0` rounds to whole units ("$1,200").

    A bare Decimal (a database aggregate of a money column) is in `settings.DEFAULT_CURRENCY`.
    Nothing (None, "") gives "" so a template can leave the value out.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, (Decimal, int)):
        amount, currency = value, settings.DEFAULT_CURRENCY
    else:
        amount = getattr(value, "amount", None)
        currency = getattr(value, "currency", None)
    if amount is None or currency is None:
        return ""
    code = str(getattr(currency, "code", currency))
    digits = _minor_digits(code) if decimals is None else decimals
    rounded = Decimal(amount).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    pattern = "¤#,##0" + ("." + "0" * digits if digits else "")
    return format_currency(rounded, code, format=pattern, locale=LOCALE, currency_digits=False)
