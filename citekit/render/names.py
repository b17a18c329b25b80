"""Rendering CSL names: order, initials, particles, 'and', et al. and role labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from citekit.render.locale import Locale
from citekit.render.rich import Rich, concat

_GIVEN_SPLIT = re.compile(r"[\s.]+")


@dataclass(frozen=True)
class NameOptions:
    """CSL name options for one `names` element."""

    and_: str | None = "text"           # "text", "symbol" or None
    delimiter: str = ", "
    precedes_last: str = "contextual"   # "contextual", "always", "never"
    precedes_et_al: str = "contextual"
    initialize_with: str | None = None  # ". " or "." to print initials
    sort_order: str | None = None       # None, "first" or "all"
    et_al_min: int = 0
    et_al_use_first: int = 1
    et_al_use_last: bool = False
    et_al_italic: bool = False
    short: bool = False                 # family names only
    label: str | None = None            # None, "short", "verb", "long"
    label_prefix: str = ""
    label_suffix: str = ""
    label_before: bool = False
    label_capitalize: bool = False
    with_translator: bool = False


def initials(given: str, sep: str) -> str:
    """'Jean-Pierre Marie' -> 'J.-P. M.' with sep '. ', 'J.-P.M.' with '.'."""
    words = [w for w in re.split(r"\s+", given.replace(".-", "-").replace(".", ". ").strip()) if w]
    out: list[str] = []
    for w in words:
        parts = [p for p in w.split("-") if p]
        if not parts:
            continue
        if len(parts) > 1:
            out.append("-".join(p[0].upper() + sep.strip() for p in parts if p[0].isalpha()))
        elif w[0].isalpha() and (w[0].isupper() or len(words) > 0):
            if w[0].islower() and len(w) > 2 and not w.endswith("."):
                out.append(w)  # a lowercase word such as a particle stays
            else:
                out.append(w[0].upper() + sep.strip())
        else:
            out.append(w)
    joiner = " " if sep.endswith(" ") else ""
    return joiner.join(out).strip()


def _one(name: dict[str, str], inverted: bool, o: NameOptions) -> str:
    if "literal" in name:
        return name["literal"]
    family = name.get("family", "")
    given = name.get("given", "")
    dp = name.get("dropping-particle", "")
    ndp = name.get("non-dropping-particle", "")
    suffix = name.get("suffix", "")
    if o.initialize_with is not None and given:
        given = initials(given, o.initialize_with)
    elif given:  # citeproc-js puts a period after a lone initial: "Jo A" -> "Jo A.", "I-Cherng" -> "I.-Cherng"
        given = re.sub(r"(?<![\w.])([A-Z])(?=[\s-]|$)", r"\1.", given)
    fam = " ".join(x for x in (ndp, family) if x)
    if o.short:
        return fam
    if not given and not dp:
        return " ".join(x for x in (fam, suffix) if x) if not inverted else (
            f"{fam}, {suffix}" if suffix else fam)
    if inverted:
        out = fam
        tail = " ".join(x for x in (given, dp) if x)
        if tail:
            out += ", " + tail
        if suffix:
            out += ", " + suffix
        return out
    return " ".join(x for x in (given, dp, fam, suffix) if x)


def render_names(people: list[dict[str, Any]], role: str, o: NameOptions, locale: Locale) -> Rich:
    """A list of names with the style's options; et al. in italics when asked."""
    n = len(people)
    shown = list(people)
    et_al = False
    use_last = False
    if o.et_al_min and n >= o.et_al_min:
        shown = people[:o.et_al_use_first]
        et_al = True
        use_last = o.et_al_use_last and n > o.et_al_use_first + 1
    texts = []
    for i, p in enumerate(shown):
        inverted = o.sort_order == "all" or (o.sort_order == "first" and i == 0)
        texts.append(_one(p, inverted, o))
    inverted_any = o.sort_order is not None
    if use_last:
        last = _one(people[-1], o.sort_order == "all", o)
        body = o.delimiter.join(texts) + o.delimiter + "… " + last
        r = Rich.of(body)
    elif et_al:
        body = o.delimiter.join(texts)
        comma = _precedes(o.precedes_et_al, len(texts), inverted_any)
        r = Rich.of(body + (o.delimiter if comma else " "))
        r = Rich(r.segs + ((locale.term("et-al"), "i" if o.et_al_italic else ""),))
    else:
        r = Rich.of(_and_join(texts, o, locale, inverted_any))
    if o.label and role in locale.terms:
        plural = len(people) > 1
        term = locale.term(role, o.label, plural)
        if o.label_capitalize:
            term = term[:1].upper() + term[1:]
        lab = Rich.of(o.label_prefix + term + o.label_suffix)
        r = concat(lab, r) if o.label_before else concat(r, lab)
    return r


def _precedes(rule: str, count: int, inverted: bool) -> bool:
    if rule == "always":
        return True
    if rule == "never":
        return False
    if rule == "after-inverted-name":
        return inverted
    return count >= 2


def _and_join(texts: list[str], o: NameOptions, locale: Locale, inverted: bool) -> str:
    if len(texts) == 1:
        return texts[0]
    if o.and_ is None:
        return o.delimiter.join(texts)
    word = locale.term("and", "symbol" if o.and_ == "symbol" else "long")
    head = o.delimiter.join(texts[:-1])
    rule = o.precedes_last
    comma = rule == "always" or (rule == "contextual" and len(texts) >= 3) or (
        rule == "after-inverted-name" and inverted)
    if texts[-1] == "others" or len(texts) == 2 and o.sort_order == "all" and ", " not in texts[-1]:
        comma = False  # citeproc-js sets no comma before "others" or before a one-part second name
    return head + (o.delimiter.rstrip() + " " if comma else " ") + word + " " + texts[-1]
