"""What a library key asks for, as plain Python: the change a star or read key makes, the dialog
the tags and note keys open, and the change that dialog's answer makes.

No Textual here (the screen's ``LibraryActions`` runs the changes and the dialogs); the unit
tests drive it without an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacetui.safetext import display_text

if TYPE_CHECKING:
    from spacetui.articles.model import Article
    from spacetui.library import ArticleRef, ArticleState

TITLE_CHARS = 50  # of the article's title in a dialog's heading


@dataclass(frozen=True, slots=True)
class LibraryEdit:
    """One change to save (``Backend.change_library``): ``what`` is star, read, tags or note."""

    what: str
    value: object
    notice: str


@dataclass(frozen=True, slots=True)
class EditDialog:
    """The one-line dialog the tags or note key opens."""

    title: str
    initial: str
    placeholder: str


def toggled(what: str, state: ArticleState) -> LibraryEdit | None:
    """The change the star or read key makes (None: the key opens a dialog, or is unknown)."""
    if what == "star":
        return LibraryEdit("star", not state.starred, "Unstarred." if state.starred else "Starred.")
    if what == "read":
        return LibraryEdit("read", not state.read, "Marked unread." if state.read else "Marked read.")
    return None


def dialog(what: str, ref: ArticleRef, state: ArticleState) -> EditDialog | None:
    """The dialog the tags or note key opens on ``ref`` (None for other keys)."""
    title = display_text(ref.title)[:TITLE_CHARS] or ref.id
    if what == "tags":
        return EditDialog(f"Tags of “{title}”", " ".join(state.tags), "climate to-read")
    if what == "note":
        return EditDialog(f"Note on “{title}”", state.note, "a short note")
    return None


def answered(what: str, text: str) -> LibraryEdit:
    """The change the tags or note dialog's answer makes (an empty answer clears them)."""
    if what == "tags":
        from spacetui.library import parse_tags

        return LibraryEdit("tags", parse_tags(text), "Tags saved.")
    return LibraryEdit("note", text, "Note saved." if text else "Note removed.")


def opened_read(state: ArticleState | None) -> LibraryEdit | None:
    """Opening an unread article reads it (never the cursor passing over it in the results);
    None when it is read already or its state is not known."""
    if state is None or state.read:
        return None
    return LibraryEdit("read", True, "")


def shows(article: Article | None, ref: ArticleRef) -> bool:
    """Whether a pane showing ``article`` shows the article ``ref`` names (the same content, or
    the same id after its file was edited)."""
    return article is not None and (article.content_hash == ref.content_hash or article.id == ref.id)
