"""Entity sidebar benchmark on a real news archive: Reuters-21578 (with its gold document-level
``orgs``, ``people`` and ``places`` codes) and the BBC folder (no gold).

    flock /tmp/spacetui-heavy.lock nice /work/main/.venv/bin/python benchmarks/entities_reuters.py \
        --work /tmp/ent/bench [--limit 3000] [--bbc]

The corpus is indexed with entities into ``--work`` (kept: a second run with other rules
re-resolves the stored NER spans and does not run spaCy again), then the corpus-wide entity table
(what the sidebar and ``spacetui entities`` list) is checked:

- per gold code (the most frequent ones, mapped below to the names a reader knows them by, from
  the Reuters-21578 category lists): the entities whose name or an alias is one of those names.
  ``ok`` when exactly one such entity exists and it has the code's type (org, person, place);
- among the top 50 entities of each type, automatic checks only:
  * duplicate: another entity of the table (any type) is named by one of its names or aliases,
    or carries its name as an alias (names normalised as the corrections file matches them:
    case, dots, "the"); or another entity of its type has the same name (names only: two
    people share a first name) once US/UK spellings ("-ization" / "-isation"), hyphens and, for
    organisations, legal forms ("Inc", "Corp", "Co", "Ltd" ...) are set aside; or another
    entity carries a name of the same gold code;
  * wrong type: a name or alias is a gold name of a code of another kind (a country as an
    organisation, "Soviet Union" as an org);
  * source: the entity is the corpus's own outlet or its sign-off ("Reuters", "Reuter" in
    Reuters; "BBC", "BBC News" in the BBC stories).

Only this benchmark reads the gold codes: the entity rules never see them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._corpus import BBC, REUTERS, require  # noqa: E402

# Gold code -> names it is known by. Written from the Reuters-21578 category descriptions
# (all-orgs-strings, all-people-strings, all-places-strings) and common usage, not from output.
ORG_CODES: dict[str, list[str]] = {
    "ec": ["European Community", "European Communities", "European Economic Community", "EC", "EEC"],
    "imf": ["International Monetary Fund", "IMF"],
    "opec": [
        "OPEC",
        "Organization of Petroleum Exporting Countries",
        "Organisation of Petroleum Exporting Countries",
    ],
    "worldbank": ["World Bank", "International Bank for Reconstruction and Development", "IBRD"],
    "gatt": ["GATT", "General Agreement on Tariffs and Trade"],
    "ico-coffee": ["International Coffee Organization", "International Coffee Organisation", "ICO"],
    "oecd": [
        "OECD",
        "Organization for Economic Cooperation and Development",
        "Organisation for Economic Cooperation and Development",
        "Organization for Economic Co-operation and Development",
        "Organisation for Economic Co-operation and Development",
    ],
    "icco": ["ICCO", "International Cocoa Organization", "International Cocoa Organisation"],
    "adb-asia": ["Asian Development Bank"],
    "itc": ["International Tin Council", "ITC"],
    "adb-africa": ["African Development Bank"],
    "un": ["United Nations", "UN", "U.N."],
    "unctad": ["UNCTAD", "United Nations Conference on Trade and Development"],
    "fao": ["FAO", "Food and Agriculture Organization", "Food and Agriculture Organisation"],
    "inro": [
        "INRO",
        "International Natural Rubber Organization",
        "International Natural Rubber Organisation",
    ],
    "eib": ["European Investment Bank", "EIB"],
    "iea": ["International Energy Agency", "IEA"],
}
PEOPLE_CODES: dict[str, list[str]] = {
    "james-baker": ["James Baker"],  # (not "Baker": Howard Baker is another code)
    "reagan": ["Ronald Reagan", "Reagan"],
    "volcker": ["Paul Volcker", "Volcker"],
    "yeutter": ["Clayton Yeutter", "Yeutter"],
    "nakasone": ["Yasuhiro Nakasone", "Nakasone"],
    "lawson": ["Nigel Lawson"],
    "miyazawa": ["Kiichi Miyazawa", "Miyazawa"],
    "stoltenberg": ["Gerhard Stoltenberg", "Stoltenberg"],
    "lyng": ["Richard Lyng", "Lyng"],
    "greenspan": ["Alan Greenspan", "Greenspan"],
    "sumita": ["Satoshi Sumita", "Sumita"],
    "balladur": ["Edouard Balladur", "Balladur"],
    "ongpin": ["Jaime Ongpin", "Ongpin"],
    "poehl": ["Karl Otto Poehl", "Poehl"],
    "conable": ["Barber Conable", "Conable"],
    "thatcher": ["Margaret Thatcher", "Thatcher"],
    "subroto": ["Subroto"],
    "james-miller": ["James Miller"],
    "herrington": ["John Herrington", "Herrington"],
    "de-clercq": ["Willy De Clercq", "De Clercq"],
    "sarney": ["Jose Sarney", "Sarney"],
    "chirac": ["Jacques Chirac", "Chirac"],
    "howard-baker": ["Howard Baker"],
    "sprinkel": ["Beryl Sprinkel", "Sprinkel"],
    "boesky": ["Ivan Boesky", "Boesky"],
    "kohl": ["Helmut Kohl", "Kohl"],
}
PLACE_CODES: dict[str, list[str]] = {
    "usa": ["United States", "U.S.", "US", "USA", "United States of America"],
    "uk": ["Britain", "United Kingdom", "UK", "U.K.", "Great Britain"],
    "japan": ["Japan"],
    "canada": ["Canada"],
    "west-germany": ["West Germany", "Federal Republic of Germany"],
    "france": ["France"],
    "brazil": ["Brazil"],
    "australia": ["Australia"],
    "china": ["China", "People's Republic of China"],
    "ussr": ["Soviet Union", "USSR", "U.S.S.R."],
    "switzerland": ["Switzerland"],
    "belgium": ["Belgium"],
    "netherlands": ["Netherlands", "Holland"],
    "iran": ["Iran"],
    "italy": ["Italy"],
    "hong-kong": ["Hong Kong"],
    "philippines": ["Philippines"],
    "taiwan": ["Taiwan"],
    "spain": ["Spain"],
    "south-africa": ["South Africa"],
    "new-zealand": ["New Zealand"],
    "sweden": ["Sweden"],
    "south-korea": ["South Korea"],
    "indonesia": ["Indonesia"],
    "argentina": ["Argentina"],
    "iraq": ["Iraq"],
    "saudi-arabia": ["Saudi Arabia"],
    "india": ["India"],
    "thailand": ["Thailand"],
    "mexico": ["Mexico"],
    "malaysia": ["Malaysia"],
    "venezuela": ["Venezuela"],
    "ecuador": ["Ecuador"],
    "singapore": ["Singapore"],
    "kuwait": ["Kuwait"],
    "egypt": ["Egypt"],
}
CODE_TYPES = {"org": ORG_CODES, "person": PEOPLE_CODES, "place": PLACE_CODES}
TOP = 50
# Each corpus's own outlet and its sign-off, to count sources listed as entities. (Reuters in a
# BBC story is another outlet that the story cites: an entity of the story.)
REUTERS_NAMES = frozenset({"reuters", "reuter"})
BBC_NAMES = frozenset({"bbc", "bbc news", "bbc sport", "bbc news online"})
_LEGAL = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|company|cos|ltd|limited|plc|llc|ag|sa|nv|bv|gmbh)\b"
)


def norm(name: str) -> str:
    from spacetui.entities.overrides import norm as corrections_norm

    return corrections_norm(name)


def loose(name: str, type_: str) -> str:
    """A name with spelling choices set aside: US/UK "-ization", hyphens, spaces and, for an
    organisation, legal forms."""
    n = norm(name).replace("-", " ")
    n = re.sub(r"isation\b", "ization", n)
    n = re.sub(r"\bco operation\b", "cooperation", n)
    if type_ == "org":
        n = _LEGAL.sub(" ", n)
    return "".join(n.split())


def subset(limit: int, work: Path) -> Path:
    """The first ``limit`` Reuters stories with text (all of them for 0), as a JSONL file."""
    require(REUTERS)
    if limit <= 0:
        return REUTERS
    out = work / f"reuters-first-{limit}" / "reuters.jsonl"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        kept = []
        with REUTERS.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and (json.loads(line).get("text") or "").strip():
                    kept.append(line)
                    if len(kept) >= limit:
                        break
        out.write_text("".join(kept), encoding="utf-8")
    return out


def index(corpus: Path, ix: Path) -> float:
    from spacetui.index.build import update_index

    t0 = time.perf_counter()
    report = update_index(ix, [corpus], n_process=1, overrides_path=ix.parent / "no-corrections.toml")
    dt = time.perf_counter() - t0
    print(
        f"indexed {corpus}: {report.articles:,} articles in {dt:.0f} s "
        f"(re-resolved {report.entities_updated:,})"
    )
    return dt


def check(ix: Path, gold: bool, outlet: frozenset[str]) -> dict[str, object]:
    from spacetui.search.service import SearchService

    table = SearchService(ix).entities()
    names_of = {id(i): [i.name, *i.aliases] for i in table}
    by_name: dict[str, list[int]] = defaultdict(list)  # norm name or alias -> indexes into table
    by_loose: dict[tuple[str, str], list[int]] = defaultdict(list)  # (type, loose name) -> indexes
    for k, info in enumerate(table):
        for n in {norm(x) for x in names_of[id(info)]}:
            by_name[n].append(k)
        if key := loose(info.name, info.type):
            by_loose[(info.type, key)].append(k)
    code_of: dict[str, tuple[str, str]] = {}  # norm gold name -> (code, type)
    for type_, codes in CODE_TYPES.items():
        for code, names in codes.items():
            for n in names:
                code_of[norm(n)] = (code, type_)
    out: dict[str, object] = {}
    if gold:
        per_code: dict[str, dict[str, object]] = {}
        for type_, codes in CODE_TYPES.items():
            for code, names in codes.items():
                hits = sorted({k for n in names for k in by_name.get(norm(n), [])})
                right = [table[k] for k in hits if table[k].type == type_]
                wrong = [table[k] for k in hits if table[k].type != type_]
                per_code[code] = {
                    "type": type_,
                    "ok": len(right) == 1 and not wrong,
                    "entities": [f"{i.type}:{i.name} ({i.articles})" for i in right + wrong],
                }
        out["codes"] = per_code
    checks: dict[str, dict[str, list[str]]] = {}
    for type_ in ("org", "person", "place"):
        top = [k for k, i in enumerate(table) if i.type == type_][:TOP]
        dup: list[str] = []
        wrong_type: list[str] = []
        sources: list[str] = []
        for k in top:
            info = table[k]
            names = names_of[id(info)]
            # Another entity whose name is one of this one's names, or that has this one's name
            # among its aliases (two people sharing the alias "Baker" are not counted).
            others = {j for n in names for j in by_name.get(norm(n), []) if norm(table[j].name) == norm(n)}
            others |= set(by_name.get(norm(info.name), []))
            others |= set(by_loose.get((type_, loose(info.name, type_)), []))
            others -= {k}
            codes = {code_of[norm(n)] for n in names if norm(n) in code_of}
            if codes:
                for j, other in enumerate(table):
                    if j != k and any(code_of.get(norm(n)) in codes for n in names_of[id(other)]):
                        others.add(j)
            label = f"{info.name} ({info.articles})"
            if others:
                shown = ", ".join(
                    f"{table[j].type}:{table[j].name} ({table[j].articles})" for j in sorted(others)[:3]
                )
                dup.append(f"{label} ~ {shown}")
            if any(t != type_ for _, t in codes):
                wrong_type.append(f"{label}: gold {', '.join(sorted(f'{c} ({t})' for c, t in codes))}")
            if any(norm(n) in outlet for n in names):
                sources.append(label)
        checks[type_] = {
            "top": [f"{table[k].name} ({table[k].articles})" for k in top],
            "duplicates": dup,
            "wrong_type": wrong_type,
            "sources": sources,
        }
    out["top50"] = checks
    return out


def report(title: str, result: dict[str, object]) -> None:
    print(f"\n== {title}")
    codes = result.get("codes")
    if isinstance(codes, dict):
        for type_ in CODE_TYPES:
            rows = {c: v for c, v in codes.items() if v["type"] == type_}
            ok = sum(1 for v in rows.values() if v["ok"])
            print(f"gold {type_} codes with exactly one entity of the right type: {ok}/{len(rows)}")
            for code, v in rows.items():
                mark = "ok " if v["ok"] else "BAD"
                print(f"  {mark} {code:<14} {'; '.join(v['entities'][:5]) or '(no entity)'}")
    top50 = result["top50"]
    assert isinstance(top50, dict)
    for type_, c in top50.items():
        print(
            f"top {TOP} {type_}: {len(c['duplicates'])} duplicates, {len(c['wrong_type'])} wrong type, "
            f"{len(c['sources'])} sources"
        )
        print("   top: " + "; ".join(c["top"][:20]))
        for what in ("duplicates", "wrong_type", "sources"):
            for line in c[what]:
                print(f"   {what}: {line}")


def summary(result: dict[str, object]) -> str:
    parts = []
    codes = result.get("codes")
    if isinstance(codes, dict):
        ok = sum(1 for v in codes.values() if v["ok"])
        parts.append(f"codes ok {ok}/{len(codes)}")
    top50 = result["top50"]
    assert isinstance(top50, dict)
    for type_, c in top50.items():
        parts.append(
            f"{type_} dup {len(c['duplicates'])} wrong {len(c['wrong_type'])} src {len(c['sources'])}"
        )
    return "; ".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/spacetui-entities-bench"))
    ap.add_argument("--limit", type=int, default=0, help="first N Reuters stories (0: all)")
    ap.add_argument("--bbc", action="store_true", help="also the BBC folder")
    ap.add_argument(
        "--bbc-jsonl", action="store_true", help="also the same BBC stories as JSONL, with their source field"
    )
    ap.add_argument("--json", type=Path, help="write the full result here")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # The user's own corrections file must not change the figures.
    os.environ["SPACETUI_CONFIG"] = str(args.work / "config" / "config.toml")
    results = {}
    ix = args.work / (f"ix-reuters-{args.limit}" if args.limit else "ix-reuters")
    index(subset(args.limit, args.work), ix)
    results["reuters"] = check(ix, gold=True, outlet=REUTERS_NAMES)
    report(f"Reuters-21578 ({args.limit or 'all'} stories)", results["reuters"])
    if args.bbc:
        ix = args.work / "ix-bbc"
        index(require(BBC), ix)
        results["bbc"] = check(ix, gold=False, outlet=BBC_NAMES)
        report("BBC folder", results["bbc"])
    if args.bbc_jsonl:
        ix = args.work / "ix-bbc-jsonl"
        index(require(BBC.parent / "bbc_news.jsonl"), ix)
        results["bbc-jsonl"] = check(ix, gold=False, outlet=BBC_NAMES)
        report("BBC stories as JSONL (source: BBC News)", results["bbc-jsonl"])
    print()
    for name, r in results.items():
        print(f"{name}: {summary(r)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
