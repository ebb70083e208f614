"""Currency names as written in transaction files, read as ISO 4217 codes.

Bank exports and synthetic AML sets write currencies as names ("US Dollar", "UK Pound",
"Yuan", "Bitcoin"); typology rules compare amounts only within one currency, so every
spelling must land on one code. ISO 4217 comes from pycountry; the names it does not know
and the crypto tickers are listed here. A currency that cannot be read is kept as written
and reported (never dropped): its transfers still take part in structure rules, but not
in amount comparisons with other currencies.

Money is never summed across currencies: a total is per currency
(:func:`format_totals`: "USD 1,234.00; EUR 567.00"). The code holds no exchange-rate
table with a source to convert at; the rates of :mod:`tnoc.money.fx` (given by the
analyst or implied by the case) only compare the two legs of one hop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pycountry

from tnoc.ingest.crypto import currency_code

# Names used by AMLworld (Altman et al. 2023), SAML-D and common bank exports that
# pycountry's lookup does not resolve.
CURRENCY_ALIASES: dict[str, str] = {
    "YUAN": "CNY", "RENMINBI": "CNY", "UK POUND": "GBP", "POUND": "GBP", "UK POUNDS": "GBP",
    "POUND STERLING": "GBP", "RUBLE": "RUB", "ROUBLE": "RUB", "RUPEE": "INR",
    "INDIAN RUPEE": "INR", "SHEKEL": "ILS", "BRAZIL REAL": "BRL", "REAL": "BRL",
    "US DOLLAR": "USD", "DOLLAR": "USD", "YEN": "JPY", "DIRHAM": "AED",
    "MOROCCAN DIRHAM": "MAD", "NAIRA": "NGN", "ALBANIAN LEK": "ALL", "TURKISH LIRA": "TRY",
    "PAKISTANI RUPEE": "PKR", "MEXICAN PESO": "MXN", "SWISS FRANC": "CHF",
}
CRYPTO_CODES = {"BTC", "ETH", "LTC", "BCH", "XMR", "USDT", "USDC", "TRX", "DASH", "ZEC",
                "XRP", "DOGE", "BSV", "ETC", "BNB", "SOL"}


@lru_cache(maxsize=4096)
def iso_currency(text: str | None) -> str | None:
    """ISO 4217 (or crypto ticker) for ``text``; ``None`` when it cannot be read."""
    if text is None or not text.strip():
        return None
    raw = " ".join(text.strip().upper().split())
    if raw in CURRENCY_ALIASES:
        return CURRENCY_ALIASES[raw]
    crypto = currency_code(raw)
    if crypto in CRYPTO_CODES:
        return crypto
    try:
        return str(pycountry.currencies.lookup(raw).alpha_3)
    except LookupError:
        return None


NO_CURRENCY = "no currency"
"""How a total of transfers that state no currency is labelled (never merged with one
that does)."""


def minor_digits(code: str) -> int:
    """Decimal places an amount in ``code`` is shown with: 8 for crypto (satoshis), 2
    otherwise."""
    return 8 if code in CRYPTO_CODES else 2


def format_money(currency: str | None, amount: float) -> str:
    """One amount with its currency, e.g. ``USD 1,234.00`` or ``BTC 0.12345678``."""
    code = currency or NO_CURRENCY
    return f"{code} {amount:,.{minor_digits(code)}f}"


def format_totals(totals: Iterable[Mapping[str, object]], sep: str = "; ") -> str:
    """Totals per currency (rows with ``currency`` and ``amount``, as kept with every
    alert) as ``USD 1,234.00; EUR 567.00``. Money is never summed across currencies:
    each currency is its own total, in the order given."""
    parts = []
    for row in totals:
        amount = row.get("amount")
        currency = row.get("currency")
        parts.append(format_money(str(currency) if currency else None,
                                  float(amount) if isinstance(amount, int | float) else 0.0))
    return sep.join(parts)
