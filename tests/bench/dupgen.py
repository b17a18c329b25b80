"""Generate a realistic duplicate-detection benchmark from the real libraries in ../shared/corpora/.

Each base work comes from a real entry (deduplicated by folded title and DOI). Some works get copies
written the way other tools and people write them (DOI as a URL, a dropped subtitle, a typo, initials,
`Last, First` order, LaTeX accents, abbreviated venue, a preprint of the published version, missing
fields); some get look-alikes that are *different* works (another edition, volume, part, an erratum,
the conference version of a journal paper, a numbered report in the same series, the same authors and
year with another title). Gold: `clusters` maps each key to its work id; `kinds` names the look-alikes.

    python tests/bench/dupgen.py 10000 out.bib   # writes out.bib and out.gold.json
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from citekit import bibsyntax, load_store
from citekit.identifiers import find_doi
from citekit.normalize import fold

CORPORA = HERE.parents[3] / "shared" / "corpora"
KEEP = ("author", "editor", "title", "journal", "booktitle", "year", "volume", "number", "pages", "publisher",
        "address", "doi", "isbn", "edition", "series", "institution", "school", "month", "note", "chapter",
        "keywords", "url", "abstract")
TYPES = {"article", "inproceedings", "incollection", "book", "techreport", "phdthesis", "misc", "inbook",
         "report", "mastersthesis", "unpublished", "collection", "proceedings"}
ACCENTS = {"é": "{\\'e}", "á": "{\\'a}", "ó": "{\\'o}", "í": "{\\'\\i}", "ü": '{\\"u}', "ö": '{\\"o}',
           "ä": '{\\"a}', "ñ": "{\\~n}", "ç": "{\\c{c}}", "è": "{\\`e}", "ß": "{\\ss}"}
ABBREV = {"Journal": "J.", "Proceedings": "Proc.", "International": "Int.", "Conference": "Conf.",
          "Transactions": "Trans.", "Review": "Rev.", "Letters": "Lett.", "Science": "Sci.",
          "Society": "Soc.", "American": "Am.", "Physics": "Phys.", "Research": "Res."}


@dataclass
class Rec:
    """One generated entry: type, fields (plain BibTeX content) and its gold work id."""

    etype: str
    fields: dict[str, str]
    work: int
    kind: str = ""
    key: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def load_bases() -> list[Rec]:
    """Real entries with a title of 3+ words and a person or body as author/editor, one per work."""
    paths = sorted((CORPORA / "real").glob("*.bib")) + sorted((CORPORA / "dedup").glob("*.bib"))
    store = load_store(paths)
    seen_titles: set[str] = set()
    seen_dois: set[str] = set()
    out: list[Rec] = []
    for e in store.entries:
        if not e.key or e.broken or e.type not in TYPES:
            continue
        fields: dict[str, str] = {}
        for f in e.field_list:
            name = f.lname
            if name in KEEP and name not in fields:
                try:
                    text = bibsyntax.expand(f.source, store.strings)[0]
                except ValueError:
                    continue
                if text.strip() and "\n\n" not in text and len(text) < 2000:
                    fields[name] = " ".join(text.split())
        title = fold(fields.get("title", "").replace("{", "").replace("}", ""))
        if len(title.split()) < 3 or not (fields.get("author") or fields.get("editor")):
            continue
        tkey = "".join(title.split())[:80]  # 'branch-width' and 'branchwidth': one work in the corpora
        doi = find_doi(fields.get("doi", "")) or ""
        if tkey in seen_titles or (doi and doi in seen_dois):
            continue
        seen_titles.add(tkey)
        if doi:
            seen_dois.add(doi)
        if not re.search(r"\d{4}", fields.get("year", "")):
            fields["year"] = str(1960 + len(out) % 60)
        out.append(Rec(e.type, fields, len(out)))
    return out


# ---------- variations of one work (same work, written differently) ----------

def _typo(rng: random.Random, text: str) -> str:
    words = text.split()
    idx = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    p = rng.randrange(1, len(w) - 2)
    op = rng.randrange(3)
    if op == 0:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2:]
    elif op == 1:
        w = w[:p] + w[p + 1:]
    else:
        w = w[:p] + rng.choice("aeiourstn") + w[p + 1:]
    words[i] = w
    return " ".join(words)


def _names(rng: random.Random, value: str) -> str:
    """Rewrite an author list: order, initials, 'and others'."""
    if "{" in value:
        return value
    people = [p.strip() for p in re.split(r"\s+and\s+", value) if p.strip()]
    out = []
    mode = rng.randrange(3)
    for p in people:
        if p == "others":
            out.append(p)
            continue
        if "," in p:
            last, first = p.split(",", 1)
        else:
            parts = p.split()
            last, first = parts[-1], " ".join(parts[:-1])
        last, first = last.strip(), first.strip()
        if mode == 0:
            first = " ".join(w[0] + "." for w in re.split(r"[\s.]+", first) if w[:1].isalpha())
        if mode == 1 or not first:
            out.append(f"{last}, {first}" if first else last)
        else:
            out.append(f"{first} {last}")
    if len(out) > 3 and rng.random() < 0.4:
        out = out[:2] + ["others"]
    return " and ".join(out)


def _accents(text: str) -> str:
    return "".join(ACCENTS.get(ch, ch) for ch in text)


def _abbrev(text: str) -> str:
    return " ".join(ABBREV.get(w, w) for w in text.split())


def variant(rng: random.Random, base: Rec) -> Rec:
    """A copy of the same work as another source would write it."""
    f = dict(base.fields)
    ops = rng.sample(["doi", "title", "names", "drop", "pages", "venue", "accents", "case", "year", "authtypo",
                      "misc", "noyear"], rng.randint(1, 3))
    etype = base.etype
    for op in ops:
        if op == "doi" and "doi" in f:
            doi = find_doi(f["doi"]) or f["doi"]
            style = rng.randrange(3)
            if style == 0:
                del f["doi"]
                f["url"] = "https://doi.org/" + doi
            elif style == 1:
                f["doi"] = "doi:" + doi.upper()
            else:
                f["doi"] = "https://dx.doi.org/" + doi
        elif op == "title":
            t = f["title"]
            if ":" in t and len(t.split(":")[0].split()) >= 3 and rng.random() < 0.5:
                f["title"] = t.split(":")[0].strip()
            else:
                f["title"] = _typo(rng, t)
        elif op == "names":
            for role in ("author", "editor"):
                if role in f:
                    f[role] = _names(rng, f[role])
        elif op == "drop":
            for name in rng.sample(["pages", "publisher", "address", "note", "month", "isbn", "url", "series",
                                    "keywords", "abstract"], 3):
                f.pop(name, None)
        elif op == "pages" and "pages" in f:
            f["pages"] = f["pages"].replace("--", rng.choice(["-", "–", " -- "]))
        elif op == "venue":
            for name in ("journal", "booktitle"):
                if name in f:
                    f[name] = _abbrev(f[name])
        elif op == "accents":
            f["title"] = _accents(f["title"])
            if "author" in f:
                f["author"] = _accents(f["author"])
        elif op == "case":
            f["title"] = f["title"].upper() if rng.random() < 0.3 else "{" + f["title"] + "}"
        elif op == "authtypo" and "author" in f and "{" not in f["author"]:
            first, _, rest = f["author"].partition(" and ")
            f["author"] = _typo(rng, first.replace(",", " ,")).replace(" ,", ",") + (" and " + rest if rest else "")
        elif op == "misc":
            etype = "misc"
        elif op == "noyear" and "doi" in f:
            f.pop("year", None)
        elif op == "year" and "doi" in f and "year" in f and base.etype == "article":
            f["year"] = str(int(re.search(r"\d{4}", f["year"]).group()) + rng.choice((-1, 1)))  # type: ignore[union-attr]
    return Rec(etype, f, base.work, "dup")


def preprint(rng: random.Random, base: Rec) -> Rec:
    """The arXiv preprint of a published paper: same work."""
    f = {k: v for k, v in base.fields.items() if k in ("author", "title", "year", "abstract", "keywords")}
    arx = f"{rng.randint(10, 23):02d}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
    if rng.random() < 0.5:
        f.update(eprint=arx, archiveprefix="arXiv")
    else:
        f["doi"] = f"10.48550/arXiv.{arx}"
    f["year"] = str(int(re.search(r"\d{4}", f["year"]).group()) - rng.choice((0, 1)))  # type: ignore[union-attr]
    return Rec(rng.choice(("misc", "article", "unpublished")), f, base.work, "preprint")


# ---------- look-alikes (different works) ----------

def _year(f: dict[str, str]) -> int:
    m = re.search(r"\d{4}", f.get("year", ""))
    return int(m.group()) if m else 2000


def _is_preprint(f: dict[str, str]) -> bool:
    return bool(_ARXIV.search(" ".join(f.get(k, "") for k in ("journal", "url", "doi", "eprint", "archiveprefix"))))


_ARXIV = re.compile(r"arxiv|10\.48550", re.IGNORECASE)


def lookalike(rng: random.Random, base: Rec, work: int, pool: list[Rec]) -> Rec | None:
    """A different work that resembles `base`; may also adjust `base` (e.g. give it volume 1)."""
    f = dict(base.fields)
    for name in ("doi", "isbn", "url", "pages", "abstract"):
        f.pop(name, None)
    kinds = ["same-authors-year"]
    if base.etype in ("book", "collection", "proceedings"):
        kinds += ["edition", "edition", "volume"]
    if base.etype == "article":
        kinds += ["erratum", "part"]
        if not _is_preprint(base.fields):  # a preprint and its conference version are one work
            kinds.append("conference")
    if base.etype in ("techreport", "report"):
        kinds += ["report-number"]
    if base.etype in ("inproceedings", "incollection"):
        kinds += ["part"]
    kind = rng.choice(kinds)
    etype = base.etype
    if kind == "edition":
        n = rng.randint(2, 4)
        f["edition"] = rng.choice([str(n), f"{n}{'nd' if n == 2 else 'rd' if n == 3 else 'th'}",
                                   ["", "", "Second", "Third", "Fourth"][n]])
        f["year"] = str(_year(base.fields) + rng.randint(3, 12))
    elif kind == "volume":
        base.fields["volume"] = "1"
        f["volume"] = str(rng.randint(2, 4))
        f["year"] = str(_year(base.fields) + rng.randint(0, 2))
    elif kind == "part":
        t = base.fields["title"]
        base.fields["title"] = t + ", Part I"
        f["title"] = t + ", Part " + rng.choice(["II", "III", "2"])
    elif kind == "erratum":
        f["title"] = rng.choice(["Erratum: ", "Correction to: ", "Corrigendum to "]) + base.fields["title"]
        f["year"] = str(_year(base.fields) + rng.randint(0, 1))
        f["pages"] = str(rng.randint(1, 900))
    elif kind == "conference":
        etype = "inproceedings"
        f.pop("journal", None)
        f.pop("volume", None)
        f.pop("number", None)
        f["booktitle"] = "Proceedings of the " + rng.choice(["International", "Annual", "European"]) + \
            " Conference on " + rng.choice(["Computing", "Social Science", "Policy", "Linguistics"])
        f["year"] = str(_year(base.fields) - rng.randint(0, 1))
    elif kind == "report-number":
        num = base.fields.get("number", "") or "1"
        base.fields["number"] = num
        f["number"] = num + "-" + str(rng.randint(2, 9))
        f["year"] = str(_year(base.fields) + rng.randint(1, 5))
    else:
        other = rng.choice(pool)
        words = base.fields["title"].split()
        tail = other.fields["title"].split()[len(words) // 2:] or other.fields["title"].split()[-2:]
        f["title"] = " ".join(words[: max(2, len(words) // 2)] + tail)
        f["pages"] = str(rng.randint(1, 500)) + "--" + str(rng.randint(501, 900))
        if fold(f["title"]) == fold(base.fields["title"]):
            return None
    return Rec(etype, f, work, kind)


def synth_base(rng: random.Random, pool: list[Rec], work: int) -> Rec:
    """A distinct made-up work built from real parts (for sizes beyond the corpora)."""
    a, b, c = rng.sample(pool, 3)
    wa, wb = a.fields["title"].split(), b.fields["title"].split()
    title = " ".join(wa[: max(2, len(wa) // 2)] + wb[len(wb) // 2:] + [f"({work})"] * (rng.random() < 0.02))
    f = {k: v for k, v in c.fields.items() if k not in ("url", "note", "isbn", "abstract", "keywords")}
    if "arxiv" in f.get("journal", "").lower():
        for name in ("journal", "volume", "pages"):
            f.pop(name, None)
    f["title"] = title
    f["year"] = str(rng.randint(1950, 2025))
    if "doi" in f:
        f["doi"] = f"10.5555/synth.{work}"
    return Rec(c.etype, f, work, "base")


# ---------- assembling a data set ----------

def _key(rec: Rec, taken: set[str]) -> str:
    fam = re.sub(r"[^a-z]", "", fold((rec.fields.get("author") or rec.fields.get("editor") or "x")
                                     .split(" and ")[0].split(",")[0].split()[-1] or "x"))[:12] or "x"
    words = (re.sub(r"[^a-z0-9]", "", w) for w in fold(rec.fields["title"]).split())
    word = next((w for w in words if len(w) > 3), "work")[:10]
    base = f"{fam}{_year(rec.fields)}{word}"
    key, n = base, 1
    while key.lower() in taken:
        n += 1
        key = f"{base}{n}"
    taken.add(key.lower())
    return key


def generate(n: int, seed: int = 7, bases: list[Rec] | None = None) -> list[Rec]:
    """About n entries: bases, ~22% extra copies of works, ~6% look-alikes; shuffled."""
    rng = random.Random(seed)
    pool = bases if bases is not None else load_bases()
    nbase = int(n / 1.30)
    works = [Rec(r.etype, dict(r.fields), i) for i, r in enumerate(rng.sample(pool, min(nbase, len(pool))))]
    while len(works) < nbase:
        works.append(synth_base(rng, pool, len(works)))
    out: list[Rec] = []
    next_work = len(works)
    for w in works:
        r = rng.random()
        if r < 0.06:
            la = lookalike(rng, w, next_work, works)
            if la is not None:
                out.append(la)
                next_work += 1
        elif r < 0.26:
            is_pre = "arxiv" in " ".join(w.fields.values()).lower()
            out.append(preprint(rng, w) if w.etype in ("article", "inproceedings") and not is_pre
                       and rng.random() < 0.2
                       else variant(rng, w))
            if rng.random() < 0.15:
                out.append(variant(rng, w))
    out.extend(works)
    rng.shuffle(out)
    taken: set[str] = set()
    for rec in out:
        rec.key = _key(rec, taken)
    return out


def _balanced(v: str) -> str:
    depth = 0
    for ch in v:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            break
    return v if depth == 0 else v.replace("{", "").replace("}", "")


def to_bibtex(recs: list[Rec]) -> str:
    parts = []
    for r in recs:
        body = ",\n".join(f"  {k} = {{{_balanced(v)}}}" for k, v in r.fields.items())
        parts.append(f"@{r.etype}{{{r.key},\n{body}\n}}\n")
    return "\n".join(parts)


def gold(recs: list[Rec]) -> dict[str, object]:
    return {"clusters": {r.key: r.work for r in recs}, "kinds": {r.key: r.kind for r in recs if r.kind}}


def main(argv: list[str]) -> None:
    n, out = int(argv[1]), Path(argv[2])
    recs = generate(n)
    out.write_text(to_bibtex(recs), encoding="utf-8")
    out.with_suffix(".gold.json").write_text(json.dumps(gold(recs)), encoding="utf-8")
    print(f"{len(recs)} entries -> {out}")


if __name__ == "__main__":
    main(sys.argv)
