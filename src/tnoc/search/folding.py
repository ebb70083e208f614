"""The comparison forms of names and identifiers, the same at index and at query time.

A name is found whatever script or spelling it is typed in: :func:`fold` transliterates
it to Latin with ICU's ``Any-Latin; Latin-ASCII`` (CLDR transliteration rules, Unicode
TR 35 part 9: Cyrillic, Greek, Arabic, Hebrew, CJK... to Latin; diacritics dropped) and
lower-cases it, so "Владимир Путин", "Vladimír PUTIN" and "vladimir putin" all fold to
the tokens ``vladimir``, ``putin``; :func:`phonetic_keys` adds each token's Metaphone
key (Philips 1990, via ``jellyfish``) so "Vladimer Puttin" still meets them.

An identifier is compared by its :func:`identifier_key`: separators and spaces taken
out, upper-cased, a phone number reduced to its digits (an international prefix ``+``
or ``00`` dropped, as E.164 numbers are written without it), so "GB29 NWBK 6016 1331
9268 19" matches "gb29nwbk60161331926819" and "+44 20 7946 0000" matches
"0044-20-7946-0000".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "identifier_key", "name_tokens", "phonetic_keys"]

_TOKEN = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\s\-./()\[\]:_,;'\"]+")
_PHONE = re.compile(r"^\+?[\d\s\-./()]{6,}$")
TRANSLITERATION = "Any-Latin; Latin-ASCII; Lower"
"""ICU transform ids (CLDR): any script to Latin, then Latin to ASCII, lower-cased."""


@lru_cache(maxsize=1)
def _transliterator() -> object:
    from icu import Transliterator

    return Transliterator.createInstance(TRANSLITERATION)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """``text`` in lower-case ASCII: transliterated by ICU when it is not ASCII (the
    slow path, taken only for such text), else just lower-cased."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    if stripped.isascii():  # Latin with diacritics: no need for ICU
        return stripped.lower()
    return str(_transliterator().transliterate(text))  # type: ignore[attr-defined]


def name_tokens(text: str) -> list[str]:
    """The folded tokens of a name or text (letters and digits)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=200_000)
def _metaphone(token: str) -> str:
    import jellyfish

    return jellyfish.metaphone(token).lower()


def phonetic_keys(tokens: list[str]) -> list[str]:
    """The Metaphone key of each alphabetic token of two letters or more."""
    return [key for token in tokens if len(token) > 1 and token.isalpha()
            for key in (_metaphone(token),) if key]


def identifier_key(value: str) -> str:
    """The comparison form of an identifier (see the module): phones as their digits,
    everything else without separators, upper-cased; "" for a value with nothing left."""
    text = value.strip()
    if _PHONE.match(text) and sum(c.isdigit() for c in text) >= 6:
        digits = "".join(c for c in text if c.isdigit())
        return digits[2:] if digits.startswith("00") else digits
    return _SEPARATORS.sub("", text).upper()
