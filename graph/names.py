"""Name folding: the comparison key ANNOTATION.md defines (case, ё, quotes, dashes, legal form)."""

from __future__ import annotations

import re

# Legal forms that may stand in front of an organisation's own name.
LEGAL_FORMS = (
    "ФГБОУ ВО", "ФГАОУ ВО", "ФГБОУ ВПО", "ФГАОУ ВПО", "ФГБОУ", "ФГАОУ", "ФГБУН", "ФГБУ", "ФГУП",
    "ФКП", "ГБОУ", "ГАОУ", "ГБУ", "ГАУ", "ГКУ", "ГУП", "МУП", "МБУ", "АНО", "НКО",
    "ПАО", "НАО", "ОАО", "ЗАО", "ООО", "АО", "ИП", "ТОО", "ОДО",
)
_LEGAL_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)) + r")\s+)+",
    re.IGNORECASE,
)
_QUOTES_DASHES = re.compile(r"[\"'«»„“”‘’`‹›\-‐‑‒–—―]")
_SPACES = re.compile(r"\s+")


def strip_legal_form(name: str) -> str:
    """Drop a leading legal form: «АО «НПФ «Микран»» → «НПФ «Микран»»."""
    return _LEGAL_RE.sub("", name.strip())


def fold_name(name: str) -> str:
    """The matching key of ANNOTATION.md: lower case, ё→е, no quotes or dashes, no legal form.

    >>> fold_name("АО «НПФ «Микран»")
    'нпф микран'
    >>> fold_name("Газпром-бурение")
    'газпромбурение'
    >>> fold_name("ЛЭМЗ–Т") == fold_name("ЛЭМЗ-Т")
    True
    """
    text = name.replace("ё", "е").replace("Ё", "Е")
    text = strip_legal_form(text)
    text = _QUOTES_DASHES.sub("", text)
    return _SPACES.sub(" ", text).strip().lower()
