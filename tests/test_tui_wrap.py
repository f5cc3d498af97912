"""The reading pane's quick wrap breaks lines exactly where rich's ``divide_line`` does, and a
document's lines at a width are its blocks' wraps, kept for the last widths asked for."""

from __future__ import annotations

import string
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line

from spacetui.articles.model import Article
from spacetui.tui.document import build_document, wrap_starts

ascii_text = st.text(alphabet=string.ascii_letters + string.digits + "    .,;-'\"", max_size=400)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200)


@settings(max_examples=400, deadline=None)
@given(text=ascii_text, width=st.integers(min_value=1, max_value=120))
def test_same_breaks_as_rich_on_ascii(text: str, width: int) -> None:
    assert wrap_starts(text, width) == divide_line(text, width, fold=True)


@settings(max_examples=200, deadline=None)
@given(text=any_text, width=st.integers(min_value=1, max_value=120))
def test_same_breaks_as_rich_on_any_text(text: str, width: int) -> None:
    assert wrap_starts(text, width) == divide_line(text, width, fold=True)


def test_long_word_is_folded() -> None:
    text = "a " + "x" * 30 + " b"
    assert wrap_starts(text, 10) == divide_line(text, 10, fold=True)


@settings(max_examples=500, deadline=None)
@given(
    label=st.text(
        alphabet=st.sampled_from([*string.ascii_letters, *" ,.()-'", "é", "ß", "中", "文", "…"]),
        max_size=90,
    ),
    count=st.integers(min_value=0, max_value=99999),
    width=st.integers(min_value=8, max_value=60),
)
def test_a_sidebar_line_counts_its_height_as_rich_lays_it_out(label: str, count: int, width: int) -> None:
    # The sidebar counts a one-line name's height without laying it out (50 names a search):
    # where it does, Rich's layout of the line must agree, or the list's rows would be off.
    from rich.console import Console

    from spacetui.tui.widgets.sidebar import EntityLine

    line = EntityLine("  ", label, count)
    console = Console(width=width, color_system=None)
    laid_out = console.render_lines(line, console.options.update_width(width), pad=False)
    try:
        cheap = line.height(width)
    except LookupError:  # no app: the line would be laid out, which needs one
        cheap = None
    if cheap is not None:
        assert cheap == len(laid_out), (label, width, laid_out)


@settings(max_examples=150, deadline=None)
@given(
    title=any_text,
    paragraphs=st.lists(st.one_of(ascii_text, any_text), max_size=6),
    width=st.integers(min_value=1, max_value=120),
)
def test_a_documents_lines_are_each_blocks_wrap_in_order(
    title: str, paragraphs: list[str], width: int
) -> None:
    doc = build_document(Article(id="a", title=title, body=paragraphs))
    wrapped = doc.wrapped(width)
    lines: list[tuple[int, int, int]] = []
    firsts: list[int] = []
    for b, block in enumerate(doc.blocks):
        firsts.append(len(lines))
        cuts = [0, *divide_line(block.text, width, fold=True), len(block.text)] if block.text else [0, 0]
        lines += [(b, start, end) for start, end in pairwise(cuts)]
    assert wrapped.lines == lines
    assert wrapped.block_first_line == firsts


def test_a_document_keeps_its_lines_for_the_last_widths_only() -> None:
    doc = build_document(Article(id="a", title="A title", body=["word " * 200, "another paragraph " * 50]))
    at_60 = doc.wrapped(60)
    assert doc.wrapped(60) is at_60  # worked out once
    at_30 = doc.wrapped(30)
    assert len(at_30.lines) > len(at_60.lines)
    assert doc.wrapped(60) is at_60 and doc.wrapped(30) is at_30
    doc.wrapped(90)  # a third width: the oldest is let go, and made again when asked for
    again = doc.wrapped(60)
    assert again is not at_60 and again == at_60


_words = st.text(alphabet=st.sampled_from([*string.ascii_letters, *"  ,.-'", "é", "中", "…"]), max_size=120)


@settings(max_examples=500, deadline=None)
@given(
    runs=st.lists(st.tuples(_words, st.booleans()), max_size=5),
    title=_words,
    width=st.integers(min_value=4, max_value=100),
)
def test_a_result_card_counts_its_height_as_rich_lays_it_out(
    runs: list[tuple[str, bool]], title: str, width: int
) -> None:
    # A search fills 50 cards and the list counts their heights without laying them out.
    from rich.console import Console

    from spacetui.search.results import Hit
    from spacetui.tui.widgets.results import ResultCard

    hit = Hit("a", title, "2021-05-13", "Site", ["A. Writer"], "a.txt", 10, 1.0, snippet=runs)
    card = ResultCard(hit, 1)
    console = Console(width=width, color_system=None)
    laid_out = console.render_lines(card, console.options.update_width(width), pad=False)
    try:
        counted = card.height(width)
    except LookupError:  # no app: the card would be laid out, which needs one
        return
    assert counted == len(laid_out), (runs, width, laid_out)


def test_a_cut_snippet_ends_in_one_ellipsis() -> None:
    # A snippet's fragments are joined by "…"; where the card cuts it there, one "…" says so.
    from rich.console import Console

    from spacetui.search.results import Hit
    from spacetui.tui.widgets.results import ResultCard

    runs = [(" ".join(["word"] * n) + " … ", False) for n in (3, 5, 4, 6, 2, 7)]
    for width in range(20, 90):
        hit = Hit("a", "Title", None, "Site", [], "a.txt", 10, 1.0, snippet=runs)
        console = Console(width=width, color_system=None, record=True)
        console.print(ResultCard(hit, 1))
        assert "……" not in console.export_text(), width


def _cells(lines: list[list[object]]) -> list[list[tuple[str, object]]]:
    from rich.segment import Segment

    out = []
    for line in lines:
        cells: list[tuple[str, object]] = []
        for seg in line:
            assert isinstance(seg, Segment)
            cells += [(ch, seg.style or None) for ch in seg.text]
        out.append(cells)
    return out


@settings(max_examples=300, deadline=None)
@given(
    runs=st.lists(st.tuples(_words, st.booleans()), max_size=5),
    title=_words,
    label=_words,
    count=st.integers(min_value=0, max_value=99999),
    read=st.booleans(),
    width=st.integers(min_value=4, max_value=100),
)
def test_cards_and_names_are_drawn_as_rich_draws_them(
    runs: list[tuple[str, bool]], title: str, label: str, count: int, read: bool, width: int
) -> None:
    # A card or a name in view is drawn from its own lines (not the console's general path):
    # each cell must hold the same character in the same style as Rich would draw it.
    from rich.console import Console

    from spacetui.library import ArticleState
    from spacetui.search.results import Hit
    from spacetui.tui.widgets.laid_out import _own_lines
    from spacetui.tui.widgets.results import ResultCard
    from spacetui.tui.widgets.sidebar import EntityLine

    hit = Hit("a", title, "2021-05-13", "Site", ["A. Writer"], "a.txt", 10, 1.0, snippet=runs)
    hit.state = ArticleState(
        read=read, starred=not read, tags=("t",) if read else (), note="n" if read else ""
    )
    console = Console(width=width, color_system="truecolor")
    options = console.options.update_width(width).update(highlight=False)
    for entry in (ResultCard(hit, 7), EntityLine("● ", label, count)):
        own = _own_lines(entry, console, options)
        rich = console.render_lines(entry, options, pad=False)
        if own is not None:
            assert _cells(own) == _cells(rich), (entry, width)
