"""Team sheets: "R de Marigny; Mirco Bergamasco, W Pozzebon, A Masi (capt), L Nitoglia".

A sports story's line-up names players by initial and surname, one after another. Out of a
sentence the model cannot tell them apart from anything else: in one BBC line-up it read "W
Pozzebon" as a place, "M Bortolami" as an organisation, "CA del Fava" as a product. A list holds
one kind of thing, so a run of initialled names in which the model found people is a list of
people, and every initialled name in it (or its surname, where the model left the initial out)
is a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacetui.entities.resolve import Mention

_WORD = r"[A-Z](?=[\w'’\-]*[a-z])[\w'’\-]+"  # "Pozzebon", "O'Driscoll", "Smith-Jones"
_PARTICLE = r"(?:de|da|di|del|della|der|den|des|dos|du|la|le|van|von|ten|ter)"
# "de Villiers", "Lo Cicero", "Dal Maso" (not two surnames: "C Sweeney Newport-Gwent)", a bracket
# lost before the club)
_SURNAME = rf"(?:{_PARTICLE}[ \t]+)*(?:[A-Z][a-z]{{1,2}}[ \t]+)?{_WORD}"
_INITIALS = r"[A-Z]{1,2}\.?(?:[ \t]?[A-Z]\.)*"  # "M", "KP", "J.P.", "J. P."
_PLAYER = re.compile(rf"(?<![\w'’.\-])(?:(?P<initials>{_INITIALS})|{_WORD})[ \t]+(?P<surname>{_SURNAME})\b")
# Between two players: a note in brackets ("(capt)", "(Italy)"), then a comma, semicolon or "and".
_BETWEEN = re.compile(r"[ \t]*(?:\([^()\n]{1,30}\)[ \t]*)?(?:[,;]|[ \t]and)[ \t]*")
_MIN_INITIALLED = 4  # "A Masi, L Nitoglia": two could be a pair of anything
_MIN_PEOPLE = 2  # of them the model's people: the list's kind


def _runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Names of a player's shape that follow one another with only list punctuation between."""
    run: list[re.Match[str]] = []
    for m in _PLAYER.finditer(text):
        if run and not _BETWEEN.fullmatch(text, run[-1].end(), m.start()):
            yield run
            run = []
        run.append(m)
    if run:
        yield run


def team_sheet_people(text: str, mentions: list[Mention]) -> None:
    """Settle as people the initialled names of a team sheet (see the module's docstring)."""
    people = [m for m in mentions if m.type == "person"]  # (the model's and the rules' before this)
    for run in _runs(text):
        initialled = [p for p in run if p.group("initials")]
        if len(initialled) < _MIN_INITIALLED:
            continue
        found = sum(any(p.start() <= m.start and m.end <= p.end() for m in people) for p in run)
        if found < _MIN_PEOPLE:
            continue
        for p in initialled:
            for m in mentions:
                # the whole name, or its surname where the model left the initial out
                if (m.start, m.end) in ((p.start(), p.end()), (p.start("surname"), p.end())):
                    m.type, m.settled = "person", True
