"""A 30 MB article in a real terminal (tmux 120x40): open it, find in it, jump to its end.

    python benchmarks/big_article.py [--mb 30] [--keep /tmp/spacetui-big]

Writes one plain-text article of about ``--mb`` MB (varied sentences, a rare word every ~1,000
paragraphs), indexes it without entities, runs the app in tmux as a person would, and prints
how long each step takes from the key to the screen showing its result: opening the article from
the results (its query's hits counted in the status line), typing a find for the rare word
(letter by letter, as typed: each letter starts a find), End, and N (the last hit) from there.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import open_e2e
from open_e2e import screen, tmux, wait

RARE = "zanzibar"
WORDS = [
    "the",
    "committee",
    "reviewed",
    "quarterly",
    "figures",
    "and",
    "minister",
    "said",
    "output",
    "of",
    "nickel",
    "copper",
    "rose",
    "sharply",
    "in",
    "northern",
    "mines",
    "while",
    "exports",
    "fell",
    "after",
    "talks",
    "with",
    "traders",
    "over",
    "prices",
]


def write_article(folder: Path, mb: float) -> int:
    """Writes the article; returns how many times the rare word is in it."""
    rng = random.Random(7)
    size, n = 0, 0
    with (folder / "huge.txt").open("w", encoding="utf-8") as fh:
        fh.write("A very long report on the mines\n\n")
        while size < mb * 1024 * 1024:
            words = [rng.choice(WORDS) for _ in range(rng.randint(40, 120))]
            if n % 997 == 0:
                words.append(RARE)
            paragraph = " ".join(words).capitalize() + ".\n\n"
            fh.write(paragraph)
            size += len(paragraph)
            n += 1
    return (n + 996) // 997


def timed(key: str, check: str, timeout: float = 120.0) -> float:
    started = time.perf_counter()
    tmux("send-keys", "-t", open_e2e.SESSION, key)
    wait(lambda s: check in s, timeout)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="folder for the article and index (kept)")
    args = parser.parse_args()
    from spacetui.index.build import update_index

    folder = args.keep or Path(tempfile.mkdtemp(prefix="spacetui-big-"))
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    index = folder / "ix"
    rare = write_article(folder / "docs", args.mb)  # the same text every time (seeded)
    article = folder / "docs" / "huge.txt"
    started = time.perf_counter()
    update_index(index, [folder / "docs"], entities=False, max_bytes=int((args.mb + 8) * 1024 * 1024))
    print(
        f"article {article.stat().st_size / 1048576:.1f} MB indexed in {time.perf_counter() - started:.1f} s"
    )
    open_e2e.SESSION = f"bigarticle{id(folder)}"
    root = Path(__file__).resolve().parent.parent  # this checkout's code, whatever is installed
    app = ["env", f"PYTHONPATH={root}", sys.executable, "-m", "spacetui", "--index", str(index)]
    tmux("new", "-d", "-s", open_e2e.SESSION, "-x", "120", "-y", "40", *app)
    try:
        wait(lambda s: "article" in s)
        tmux("send-keys", "-t", open_e2e.SESSION, "mines")
        wait(lambda s: "1 result" in s)
        tmux("send-keys", "-t", open_e2e.SESSION, "Enter")
        time.sleep(0.5)
        tmux("send-keys", "-t", open_e2e.SESSION, "Home")
        opened = timed("Enter", "“mines” 1 of")
        print(f"open (Enter to the pane with its hits counted): {opened:.2f} s")
        tmux("send-keys", "-t", open_e2e.SESSION, "/")
        time.sleep(0.3)
        started = time.perf_counter()
        for letter in RARE:
            tmux("send-keys", "-t", open_e2e.SESSION, letter)
        wait(lambda s: f"“{RARE}” 1 of" in s, 120)
        print(
            f"find '{RARE}' typed letter by letter, to its hits counted: "
            f"{time.perf_counter() - started:.2f} s"
        )
        tmux("send-keys", "-t", open_e2e.SESSION, "Enter")
        print(f"End: {timed('End', '100%'):.2f} s")
        print(f"N (the last hit) from the end: {timed('N', f'{rare} of {rare}'):.2f} s")
    finally:
        final = screen()
        tmux("kill-session", "-t", open_e2e.SESSION)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(final.splitlines()[-2] if final else "")


if __name__ == "__main__":
    main()
