"""Micro-currency ↔ readable money, in the ad account's currency.

Pinterest states every amount as an integer count of millionths of the account currency
(1 USD = 1,000,000), whatever the currency's own minor unit. Conversions use `Decimal` so a
budget typed as "12.30" never turns into 12299999 through a float.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

MICRO = Decimal(1_000_000)

# ISO 4217 currencies among Pinterest's ad-account currencies that have no minor unit.
ZERO_DECIMAL = frozenset({"JPY", "KRW", "CLP", "HUF", "ISK", "VND"})


def decimals(currency: str) -> int:
    return 0 if currency.upper() in ZERO_DECIMAL else 2


def format_micro(micro: int | str, currency: str) -> str | None:
    """'50.00 USD' for 50_000_000 USD micro-units; extra precision is kept, never rounded away."""
    try:
        amount = Decimal(int(micro)) / MICRO
    except (ValueError, TypeError, InvalidOperation):
        return None
    step = Decimal(1).scaleb(-decimals(currency))
    shown = amount.quantize(step) if amount == amount.quantize(step) else amount.normalize()
    return f"{shown:f} {currency.upper()}"


def to_micro(amount: str | int | Decimal, currency: str) -> int:
    """Currency units to micro-units, refusing more precision than the currency has."""
    value = Decimal(str(amount))
    if value != value.quantize(Decimal(1).scaleb(-decimals(currency))):
        raise ValueError(f"{amount} {currency} has more decimal places than {currency} allows")
    return int(value * MICRO)
