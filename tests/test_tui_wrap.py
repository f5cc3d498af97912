"""The reading pane's quick wrap breaks lines exactly where rich's ``divide_line`` does."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line

from spacetui.tui.document import wrap_starts

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
