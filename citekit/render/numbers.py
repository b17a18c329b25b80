"""Number variables (page, volume, issue, edition, ...) as citeproc-js reads and prints them.

citeproc-js splits a number variable on its joiners (hyphens, commas, '&', 'and'), decides per piece
whether it is numeric and collapsible, writes page ranges with the style's page-range-format and an en
dash, and keeps anything it cannot read as written: `RC-6947` and `91-A` keep their hyphen, `415-U53`
too, `380B - 381` gets an en dash between spaces, `968-&` loses the dangling ampersand. The same pass
tells whether the value is numeric (CSL `is-numeric`: "2nd" is, "RC-6947" is not) and whether its label
is plural ("pp." for 12-15, "p." for "217495:1-217495:14").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page", "issue", "locator",
    "number", "number-of-pages", "number-of-volumes", "part-number", "printing-number", "section",
    "supplement-number", "version", "volume", "supplement", "citation-number"})

# citeproc-js's statute-subdivision labels (those that can stand in a number variable)
_LABELS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus", "subch.": "subchapter",
    "add.": "addendum", "amend.": "amendment", "annot.": "annotation", "app.": "appendix", "art.": "article",
    "bibliog.": "bibliography", "bk.": "book", "ch.": "chapter", "cl.": "clause", "col.": "column",
    "cmt.": "comment", "dec.": "decision", "dept.": "department", "ex.": "example", "fig.": "figure",
    "fld.": "field", "fol.": "folio", "n.": "note", "hypo.": "hypothetical", "illus.": "illustration",
    "intro.": "introduction", "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication", "r.": "rule",
    "rn.": "randnummer", "sched.": "schedule", "sec.": "section", "ser.": "series,", "subdiv.": "subdivision",
    "subsec.": "subsection", "supp.": "supplement", "tbl.": "table", "tit.": "title", "vol.": "volume"}
_DEFAULT_LABEL = {"page": "p.", "issue": "no.", "volume": "vol.", "section": "sec.", "chapter": "ch.",
                  "line": "l.", "note": "n.", "part": "pt.", "supplement": "supp."}
_DEFAULT_LABEL.update({v: k for k, v in _LABELS.items() if v not in _DEFAULT_LABEL and k != "pp."})
# terms the en-US and en-GB locales define (a label without a term is not a label)
_TERMS = frozenset({"article", "appendix", "book", "chapter", "column", "figure", "folio", "issue", "line",
                    "note", "opus", "page", "paragraph", "part", "rule", "section", "sub-verbo", "supplement",
                    "table", "verse", "volume"})
_LOCATOR_LIKE = ("locator", "number", "locator-extra", "page")

# ---- the pieces that number values are made of -----------------------------------------------------
#
# Every pattern below is assembled from these named parts; the rules they encode are stated next to
# each assembled pattern.

_DIGITS = r"[0-9]+"                          # ASCII digits only: "½" or "٣" are not numbers here
_LOWER_SUFFIX = r"[a-z]*"                     # "12a", "106s": a page's lower-case tail
_PREFIX = r"[0-9]*[a-zA-Z]+0*"                # a letter prefix before a number: "S", "e", "H", "2B0"
_PAGE_NUMBER = _DIGITS + _LOWER_SUFFIX          # "12", "12a"
_ROMAN_CHARS = "ivxlcmIVXLCM"
_SHORT_WORD = r"[a-z]{1,4}"                   # any lower-case word of up to four letters may be a label
_LONG_LABELS = ("subpara", "subch", "amend", "bibliog", "annot", "illus", "princ", "intro", "sched",
               "subdiv", "subsec")           # the longer label abbreviations


def _either(*alternatives: str) -> str:
    """A non-capturing group trying the alternatives in the order given."""
    return "(?:" + "|".join(alternatives) + ")"


# Joiners between the values of one field, tried in this order: an ampersand, "and" (after a comma or
# not), a semicolon or a comma followed by space, and a run of hyphens/en dashes (a backslash before a
# hyphen escapes it: "\-" is kept literally later).
_JOINERS = (
    r"\s*&\s*",
    r",\s+and\s+",
    r"\s+and\s+",
    r";\s+",
    r",\s+",
    r"\s*\\*[\-\u2013]+\s*",
)
_JOINER = re.compile("(" + "|".join(_JOINERS) + ")")  # captured, so split() keeps the joiners

# "12a-c" is one value (a sub-section range): a number with a letter or comma tail, optionally after
# abbreviated labels ("sec. 12a"), then a hyphen and letters/commas only.
_SUBSECTION_HEAD = re.compile(_either(_SHORT_WORD + r"\. +") + "*" + _DIGITS + r"[,a-zA-Z]+")
_LETTERS_AND_COMMAS = re.compile(r"[,a-zA-Z]+")

# A label inside a value: a short word or a long label abbreviation, at the start or after a space,
# ended by a period or a space, with the spaces after it ("p. ", "sec ", "subpara. ").
_LABEL = re.compile("(?:^| )" + _either(_SHORT_WORD, *_LONG_LABELS) + r"(?:\.| ) *")

# A number that may carry a letter/punctuation tail ("12", "12a", "12:3", "12-b"); a label is only
# taken as one when the values on both sides of it look like this.
_LABELLED_NUMBER = re.compile(_DIGITS + r"[-;,:a-zA-Z]*")

# One value split into its prefix and the number itself: "S12" -> ("S", "12"), "12a-b" -> ("", "12a-b").
_PREFIXED = re.compile(f"({_PREFIX})?({_DIGITS}[-,a-zA-Z]*)")

# Numeric values: digits (or the roman letters i, x, v) with a letter/punctuation tail, or followed by
# hyphenated digits ("12-3-4"). A tail at all means the value cannot be collapsed into a range.
_NUMBER_WITH_TAIL = re.compile(f"{_DIGITS}([-,:a-zA-Z]*)")
_NUMERIC = re.compile(_either(_DIGITS, "[ixv]+") + r"([-,:a-zA-Z]*|-[-0-9]+)")
_ROMAN = re.compile(f"[{_ROMAN_CHARS}]+")
_NUMBER_OR_ROMAN = re.compile(_either(_DIGITS, f"[{_ROMAN_CHARS}]+"))

# A range as the page mangler hands it back: prefix and number, the joiner (anything but digits), then
# the second number with its own prefix (one letter, hyphen or comma, and leading zeros).
_RANGE_PARTS = re.compile(f"({_PREFIX})?({_PAGE_NUMBER})" + r"(\s*[^0-9]+\s*)" + f"([-,a-zA-Z]?0*)({_PAGE_NUMBER})")

_LEADING_INT = re.compile(r"\s*[-+]?\d+")     # what JavaScript's parseInt reads (any Unicode digits)
_TWO_NUMBERS = re.compile(f"({_DIGITS})-({_DIGITS})")
_LOOSE_HYPHEN = re.compile(r"\s*-\s*")        # a hyphen with the spaces around it


def _int(text: str) -> int | None:
    """The integer a text starts with (after spaces and a sign), or None: JavaScript's parseInt."""
    m = _LEADING_INT.match(text)
    return int(m.group(0)) if m else None


def _is_letter(ch: str) -> bool:
    """An ASCII letter (the only letters that join words with a bare ampersand: "R&D")."""
    return ch.isascii() and ch.isalpha()


@dataclass
class _Num:
    """One value of a number field: its label ("p.", or "var:NAME" for a variable without a label
    abbreviation), the label as written, a letter prefix, the number, and the joiner after it."""

    label: str
    orig_label: str
    particle: str
    value: str
    joining: str
    numeric: bool = True
    collapsible: bool | None = None
    plural: bool = False
    label_suffix: str = ""   # the spaces written after the label
    shows_label: bool = False  # a label met in mid-field is printed with the value


def _compose(orig_label: str, label: str, val: str, joining: str | None, variable: str) -> _Num:
    """A value record: the label's first word, the value split into prefix and number (a value that is
    not prefix + number stays whole), and the joiner with the first spaced hyphen closed up."""
    if not label and variable not in _DEFAULT_LABEL:
        label = "var:" + variable
    words = label.split()
    label_word = words[0] if words else label
    after = label.lstrip()[len(label_word):] if words else ""
    m = _PREFIXED.fullmatch(val)
    particle, value = (m.group(1) or "", m.group(2)) if m else ("", val)
    return _Num(label_word, orig_label, particle, value, _LOOSE_HYPHEN.sub("-", joining or "", count=1),
                label_suffix=after[:len(after) - len(after.lstrip())])


def _split_values(text: str) -> list[str]:
    """The field cut at its joiners: value, joiner, value, ... An ampersand between two words becomes
    "&" (R&D) and "&" with spaces otherwise; "12a-c" (a number with a letter tail, a hyphen, letters)
    is put back together as one value."""
    pieces = _JOINER.split(text)
    for i in range(1, len(pieces), 2):
        if pieces[i].strip() == "&":
            before = pieces[i - 1]
            joined = before[:1] and _is_letter(before[0]) and _is_letter(before[-1])
            pieces[i] = "&" if joined else " & "
    for i in range(len(pieces) - 2, 0, -2):
        if (pieces[i] == "-" and _SUBSECTION_HEAD.fullmatch(pieces[i - 1])
                and _LETTERS_AND_COMMAS.fullmatch(pieces[i + 1])):
            pieces[i - 1:i + 2] = ["".join(pieces[i - 1:i + 2])]
    return pieces


def _term_label(slug: str, variable: str) -> bool:
    """Whether a label written in a value ("p.", "vol.") counts as one: it must name a term the locale
    has, and outside page and locator-like variables it must name the variable itself."""
    kind = _LABELS.get(slug)
    if kind is None or kind not in _TERMS:
        return False
    return variable in _LOCATOR_LIKE or kind == variable


def _parse(text: str, variable: str) -> list[_Num]:
    """A number field as a list of values with their labels and joiners. The variable's own label is
    assumed unless the field starts with a known label; page ranges may use en dashes. Words of up to
    four letters (and the longer label abbreviations) are labels only between numbers; the first of
    them is kept as text when it is not a locale term."""
    text = text.strip()
    default = _DEFAULT_LABEL.get(variable, "")
    if text and default and text.split(" ", 1)[0] not in _LABELS:
        text = default + " " + text
    if variable == "page":
        text = text.replace("\u2013", "-")
    elems = _split_values(text)
    values: list[_Num] = []
    label, orig_label = default, ""

    def shown_label() -> str:  # the written label, unless it is the label in force anyway
        return "" if orig_label == label.strip() else orig_label

    for i in range(0, len(elems), 2):
        chunk = elems[i]
        joining = elems[i + 1] if i + 1 < len(elems) else None
        found = _LABEL.findall(chunk)
        if not found:
            values.append(_compose(shown_label(), label, chunk, joining, variable))
            continue
        parts = _LABEL.split(chunk)
        for j in range(len(parts) - 1, 0, -1):  # a label next to a non-number is text again
            if parts[j - 1] and not (_LABELLED_NUMBER.fullmatch(parts[j])
                                     and _LABELLED_NUMBER.fullmatch(parts[j - 1])):
                parts[j - 1] = parts[j - 1] + found[j - 1] + parts[j]
                del parts[j]
                del found[j - 1]
        if found:
            slug = found[0].strip()
            if _term_label(slug, variable):
                orig_label = slug
            elif i == 0 and len(parts) > 1:
                del found[0]
                parts[0:2] = [parts[0] + " " + slug + " " + parts[1]]
        last = len(parts) - 1
        for j, piece in enumerate(parts):
            if piece or j == last:
                if 1 <= j <= len(found):
                    label = found[j - 1]
                values.append(_compose(shown_label(), label, piece.strip(), joining if j == last else None,
                                       variable))
    for a, b in pairwise(values):  # a labelled value is set off by a space
        if not a.joining and b.label:
            a.joining = " "
    _plurals_and_numerics(values)
    for v in values:
        if not v.numeric:
            v.plural = False
    return values


def _fix_group(values: list[_Num], pos: int, count: int) -> None:
    """Numeric, collapsible and plural for a run of values under one label, as its first value decides:
    it is numeric when it is a number (or i/v/x roman) with at most a letter tail; it can be collapsed
    into a range when it has no tail and was not escaped ("\\-"); two or more collapsible values make
    the label plural."""
    master = values[pos]
    val = master.value
    escaped = master.joining == "\\-"
    numeric, collapsible = True, master.collapsible
    with_tail, numeric_form = _NUMBER_WITH_TAIL.fullmatch(val), _NUMERIC.fullmatch(val)
    if not val or not with_tail or not numeric_form or escaped:
        collapsible = False
        if not val or not numeric_form:
            numeric = False
        if escaped:
            count -= 1
    if (with_tail and with_tail.group(1)) or (numeric_form and numeric_form.group(1)):
        collapsible = False
    group = values[pos:pos + count]
    if master.collapsible is None:
        for v in group:
            v.collapsible = _int(v.value) is not None or bool(_ROMAN.fullmatch(v.value))
        collapsible = master.collapsible
    for v in group:
        if count > 1 and collapsible:
            v.plural = True
        v.numeric = numeric
        v.collapsible = collapsible


def _plurals_and_numerics(values: list[_Num]) -> None:
    """_fix_group over each run of consecutive values that share a label. A run that starts in mid-field
    shows its label ("3-c 4"), unless the label is the variable's own name ("var:...")."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i].label != values[i - 1].label:
            if values:
                _fix_group(values, start, i - start)
                if start and not values[start].label.startswith("var:"):
                    values[start].shows_label = True
            start = i


def _range_delimiter(variable: str, val: _Num, delim: str, numeric: bool) -> str:
    """The joiner as printed: a plain hyphen between numeric values becomes an en dash in page,
    locator, issue, volume, edition, number and collection-number, unless (for page and locators)
    the value's label names no locale term."""
    ranged = variable == "page" or variable in ("locator", "locator-extra", "issue", "volume", "edition",
                                                "number", "collection-number")
    if not (ranged and numeric and delim == "-"):
        return delim
    if variable in ("locator", "locator-extra", "page"):
        return "\u2013" if _LABELS.get(val.orig_label or val.label) in _TERMS else delim
    return "\u2013"


# ---- page ranges (page-range-format) ----------------------------------------------------------------

# One side of a page range: an optional letter prefix, then the page number.
_PAGE = f"(?:{_PREFIX})?{_PAGE_NUMBER}"
# A range in the spaced form the mangler works on ("12 - 15", "S1 - S9"), captured for split().
_SPACED_RANGE = re.compile(f"({_PAGE}" + r"\s+-\s+" + f"{_PAGE})")
# The same range read into prefix, first number, prefix, last number (hyphen or en dash between).
_RANGE_ENDS = re.compile(f"({_PREFIX})?({_PAGE_NUMBER})" + r"\s*[-\u2013]\s*" + f"({_PREFIX})?({_PAGE_NUMBER})")
_UNESCAPED_DASH = re.compile(r"([^\\])[-\u2013]")    # a dash not after a backslash
_UNESCAPED_HYPHEN = re.compile(r"([^\\])-")
_SPACED_HYPHEN = re.compile(r"\s+-\s+")

def _chicago_range(prefix: str, first: str, last: str) -> str:
    """A page range as chicago-16 writes it: the prefix only once (S75-76), and when the first page is
    above 100 and not a multiple of 100 the last page drops the leading digits it shares with the first,
    keeping at least two (321-328 -> 321-28, 1496-1504 -> 1496-504, but 100-104 and 1100-1123 stay)."""
    begin = int(first.rstrip("abcdefghijklmnopqrstuvwxyz") or 0)
    end = _int(last) or 0
    if begin > 100 and begin % 100:
        for kept in range(2, len(str(end))):  # how many trailing digits the last page keeps
            divisor = 10 ** kept
            if begin // divisor == end // divisor:
                last = str(end % divisor)
                break
    return f"{prefix}{first}\u2013{last}"


def _write_range(piece: str, range_format: str | None) -> str:
    """One range ("S12-S15", "123-45") in the page-range format. It is rewritten only when both ends
    have the same prefix (or the last none) and the last page, completed from the first ("123-45" ->
    145), is the larger: then in full ("expanded", and without a format) or abbreviated
    ("chicago-16"). Anything else just gets an en dash."""
    m = _RANGE_ENDS.search(piece)
    if m:
        prefix, first, last_prefix, last = m.group(1) or "", m.group(2), m.group(3), m.group(4)
        if not last_prefix or prefix == last_prefix:
            if len(last) < len(first):
                last = first[:len(first) - len(last)] + last
            a, b = _int(first), _int(last)
            if a is not None and b is not None and a < b:
                if range_format in ("chicago", "chicago-16"):
                    return _chicago_range(prefix, first, last)
                return f"{prefix}{first}\u2013{prefix}{last}"
    return piece.replace("-", "\u2013")


def _mangle_pages(text: str, range_format: str | None) -> str:
    """Page ranges in a text written in `range_format`: every unescaped dash is spaced out, each
    "A - B" found is written by _write_range, and the hyphens left over become en dashes (a hyphen
    escaped with a backslash stays)."""
    spaced = _SPACED_HYPHEN.sub(" - ", _UNESCAPED_DASH.sub(r"\1 - ", text))
    parts = _SPACED_RANGE.split(spaced)  # text, range, text, ...
    for k in range(1, len(parts), 2):
        parts[k] = _write_range(_LOOSE_HYPHEN.sub("-", parts[k]), range_format)
    return _UNESCAPED_HYPHEN.sub("\\1\u2013", "".join(parts))


def _join_range(a: _Num, b: _Num, variable: str, range_format: str | None) -> int:
    """Make a range of two neighbouring values with one label, if they are one; return how many values
    of the current run count after it (0: the range is made, the next value starts afresh).

    Ends with different prefixes are not a range. A joiner other than a plain hyphen is not a range
    either, and b may start the next one. Without a page-range format a descending pair ("15-12")
    only gets its dash. Pages go through the page-range mangler; other values get an en dash between
    plain (or roman) numbers and keep their joiner otherwise. The result is read back into prefix,
    number, joiner, prefix, number when it has that shape."""
    if a.particle != b.particle:
        return 2
    if a.joining != "-":
        return 1
    first, last = _int(a.value), _int(b.value)
    if not range_format and first is not None and last is not None and first > last:
        a.joining = _range_delimiter(variable, b, a.joining, True)
        return 2
    if variable == "page" and first is not None and last is not None:
        text = _mangle_pages(f"{a.particle}{a.value} - {b.particle}{b.value}", range_format)
    else:
        if _NUMBER_OR_ROMAN.fullmatch(a.value) and _NUMBER_OR_ROMAN.fullmatch(b.value):
            a.joining = "\u2013"
        text = a.value + a.joining.replace("\\-", "-") + b.value
    m = _RANGE_PARTS.fullmatch(text)
    if m:
        a.particle, a.value = m.group(1) or "", m.group(2)
        a.joining = _range_delimiter(variable, b, m.group(3), bool(b.numeric))
        b.particle, b.value = m.group(4), m.group(5)
    return 0


def _fix_ranges(values: list[_Num], variable: str, range_format: str | None) -> None:
    """Ranges among the values. Walking the values, a run of collapsible values under one label is
    counted; its second value is tried as the end of a range with the one before (_join_range). A
    value followed by a hyphen starts a new run; a value that cannot be collapsed ends the run and
    only gets its joiner printed as a dash where the variable takes one."""
    run_label: str | None = None
    run = 0
    for i, val in enumerate(values):
        if not val.collapsible:
            run_label, run = None, 0
            val.joining = _range_delimiter(variable, val, val.joining, val.numeric)
        elif val.label != run_label:
            run_label, run = val.label, 1
        elif val.joining == "-":
            run = 1
        else:
            run += 1
            if run == 2:
                run = _join_range(values[i - 1], val, variable, range_format)


@dataclass(frozen=True)
class NumberInfo:
    """How citeproc-js prints a number variable: its text, and its CSL is-numeric and plural flags."""

    text: str
    numeric: bool
    plural: bool


def _shown_label(v: _Num) -> str:
    """The label printed before a value: only a mid-field label that names no locale term ("c 4" in
    "c 3-c 4"), as written; a label with a term would print the locale's term, which this module does
    not know, so it is left out as before."""
    if not v.shows_label:
        return ""
    kind = _LABELS.get(v.label)
    if kind is not None and kind in _TERMS:
        return ""
    return v.label + v.label_suffix


@lru_cache(maxsize=16384)
def number_info(value: str, variable: str, range_format: str | None = None) -> NumberInfo:
    """A number variable as citeproc-js prints and judges it.

    The text: ranges of numbers get an en dash; page ranges follow `range_format` (None keeps the
    numbers as written, "expanded" writes the last page in full, "chicago-16" abbreviates it as
    Chicago does); values it cannot read stay as written. `numeric`: the first value is a number,
    possibly with a letter tail ("2nd", "12a"), not a code ("RC-6947"). `plural`: the field holds a
    range or list of numbers, or (number-of-pages, number-of-volumes) a count above one."""
    if value.isdigit() and value.isascii():  # the common case: one plain number
        return NumberInfo(value, True, variable.startswith("number-of-") and int(value) > 1)
    simple = _TWO_NUMBERS.fullmatch(value)
    if simple:  # and the next most common: 12-15 (the same result as the full reading below)
        a, b = simple.group(1), simple.group(2)
        if variable != "page" or (not range_format and int(a) > int(b)):
            return NumberInfo(f"{a}\u2013{b}", True, True)
        if len(b) < len(a):
            b = a[:len(a) - len(b)] + b
        if int(a) < int(b):
            if range_format in ("chicago", "chicago-16"):
                return NumberInfo(_chicago_range("", a, b), True, True)
            return NumberInfo(f"{a}\u2013{b}", True, True)
    values = _parse(value, variable)
    if not values:
        return NumberInfo(value, False, False)
    first = values[0]
    plural = first.plural
    if variable.startswith("number-of-") and first.numeric and (_int(value) or 0) > 1:
        plural = True
    _fix_ranges(values, variable, range_format)
    out = []
    for v in values:
        text = v.particle + v.value
        if text:
            out.append(_shown_label(v) + text + v.joining.replace("\\-", "-"))
    return NumberInfo("".join(out).strip(), first.numeric, plural)


def _slashed_number(value: str) -> bool:
    """Numbers joined by slashes and nothing else ("157/2012", "3/4/5"): a law's or issue's one number."""
    parts = value.split("/")
    return len(parts) > 1 and all(p.isdigit() and p.isascii() for p in parts)


def is_numeric(value: str, variable: str, slashed: bool = False) -> bool:
    """CSL is-numeric for a number variable. With `slashed`, numbers joined by slashes count as
    numeric too (Chicago's reading of "157/2012"); an empty value is never numeric."""
    value = value.strip()
    if not value:
        return False
    if slashed and _slashed_number(value):
        return True
    return number_info(value, variable).numeric


def is_plural(value: str, variable: str, slashed: bool = False) -> bool:
    """Whether a number variable's label takes its plural form (a range or list of numbers, or a
    count above one for number-of-...); numbers joined by slashes are one number with `slashed`."""
    value = value.strip()
    if not value or (slashed and _slashed_number(value)):
        return False
    return number_info(value, variable).plural
