"""Small exact Money helpers for the shop (no float anywhere)."""

from decimal import ROUND_HALF_UP, Decimal

from djmoney.money import Money
from moneyed import get_currency


def minor_exponent(currency: str) -> int:
    sub_unit = get_currency(str(currency)).sub_unit or 1
    exponent = 0
    while sub_unit > 1:
        sub_unit //= 10
        exponent += 1
    return exponent


def quantize(money: Money) -> Money:
    exponent = minor_exponent(str(money.currency))
    return Money(money.amount.quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_UP), money.currency)


def zero(currency: str) -> Money:
    return Money(0, currency)


def money_sum(amounts, currency: str) -> Money:
    total = zero(currency)
    for amount in amounts:
        total += amount
    return total


def split_by_weights(total: Money, weights: list[Money]) -> list[Money]:
    """Split `total` across `weights` in proportion, exactly, by largest remainder (ties to the earlier).

    The parts always add up to `total`; an all-zero weighting gives everything to the first part.
    """
    if not weights:
        return []
    currency = str(total.currency)
    exponent = minor_exponent(currency)
    scale = Decimal(10) ** exponent
    total_minor = int((total.amount * scale).to_integral_value())
    weight_minor = [int((w.amount * scale).to_integral_value()) for w in weights]
    weight_sum = sum(weight_minor)
    if weight_sum <= 0:
        parts = [0] * len(weights)
        parts[0] = total_minor
    else:
        exact = [(total_minor * w, weight_sum) for w in weight_minor]
        parts = [numerator // denominator for numerator, denominator in exact]
        leftover = total_minor - sum(parts)
        order = sorted(range(len(weights)), key=lambda i: (-(exact[i][0] % exact[i][1]), i))
        for i in order[:leftover]:
            parts[i] += 1
    return [Money(Decimal(p) / scale, currency) for p in parts]
