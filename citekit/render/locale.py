"""Locale terms for en-US and en-GB: the words styles print, quotes, months, ordinals."""

from __future__ import annotations

from dataclasses import dataclass, field

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTHS_SHORT = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]
SEASONS = ["Spring", "Summer", "Autumn", "Winter"]

# term -> {form: (singular, plural)}
_COMMON: dict[str, dict[str, tuple[str, str]]] = {
    "and": {"long": ("and", "and"), "symbol": ("&", "&")},
    "et-al": {"long": ("et al.", "et al.")},
    "and others": {"long": ("and others", "and others")},
    "in": {"long": ("in", "in")},
    "available at": {"long": ("available at", "available at")},
    "accessed": {"long": ("accessed", "accessed")},
    "retrieved": {"long": ("retrieved", "retrieved")},
    "from": {"long": ("from", "from")},
    "no date": {"long": ("no date", "no date"), "short": ("n.d.", "n.d.")},
    "forthcoming": {"long": ("forthcoming", "forthcoming")},
    "in press": {"long": ("in press", "in press")},
    "editor": {"long": ("editor", "editors"), "short": ("ed.", "eds."), "verb": ("edited by", "edited by")},
    "translator": {"long": ("translator", "translators"), "short": ("trans.", "trans."),
                   "verb": ("translated by", "translated by")},
    "editortranslator": {"long": ("editor & translator", "editors & translators"),
                         "short": ("ed. & trans.", "eds. & trans."),
                         "verb": ("edited & translated by", "edited & translated by")},
    "director": {"long": ("director", "directors"), "short": ("dir.", "dirs."),
                 "verb": ("directed by", "directed by")},
    "page": {"long": ("page", "pages"), "short": ("p.", "pp.")},
    "volume": {"long": ("volume", "volumes"), "short": ("vol.", "vols.")},
    "issue": {"long": ("issue", "issues"), "short": ("no.", "nos.")},
    "number": {"long": ("number", "numbers"), "short": ("no.", "nos.")},
    "chapter": {"long": ("chapter", "chapters"), "short": ("chap.", "chaps.")},
    "edition": {"long": ("edition", "editions"), "short": ("ed.", "eds.")},
    "version": {"long": ("version", "versions"), "short": ("v.", "v.")},
    "presented at": {"long": ("presented at", "presented at")},
    "circa": {"long": ("circa", "circa"), "short": ("c.", "c.")},
    "bc": {"long": ("BC", "BC")},
    "ad": {"long": ("AD", "AD")},
}
_GB: dict[str, dict[str, tuple[str, str]]] = {
    "edition": {"long": ("edition", "editions"), "short": ("edn", "edns")},
    "editortranslator": {"long": ("editor & translator", "editors & translators"),
                         "short": ("ed. & trans.", "eds & trans."),
                         "verb": ("edited & translated by", "edited & translated by")},
}


@dataclass
class Locale:
    """Terms and punctuation conventions of one locale."""

    lang: str
    terms: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’")
    punctuation_in_quote: bool = True
    day_first: bool = False

    def term(self, name: str, form: str = "long", plural: bool = False) -> str:
        forms = self.terms.get(name) or {}
        pair = forms.get(form) or forms.get("long")
        if pair is None:
            return name
        return pair[1 if plural else 0]

    def override(self, name: str, **forms: tuple[str, str]) -> None:
        """A style's own term (Harvard's `eds` without a period)."""
        self.terms.setdefault(name, {}).update(forms)


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def get_locale(lang: str) -> Locale:
    """A fresh Locale for 'en-US' or 'en-GB' (other tags fall back to en-US)."""
    terms = {k: dict(v) for k, v in _COMMON.items()}
    if lang == "en-GB":
        for k, v in _GB.items():
            terms[k] = dict(v)
        return Locale("en-GB", terms, ("‘", "’", "“", "”"), punctuation_in_quote=False, day_first=True)
    return Locale("en-US", terms)
