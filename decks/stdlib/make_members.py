#!/usr/bin/env python3
"""Writes members.tsv: the public members of every standard-library module
that the study documents name, so that the quiz knows what a module really
has (a distractor `strftime()` for `time` is not wrong: time.strftime exists).

Usage (Python 3.11, from the repository root):

    python3.11 decks/stdlib/make_members.py > decks/stdlib/members.tsv

A module counts as named when a word of a document (decks/*.md) is in
sys.stdlib_module_names; a dotted name in the documents (`os.path`,
`concurrent.futures`) that imports as a module adds that submodule's members
too. Each line is `module<TAB>member`, sorted; members are `dir(module)`
without private names and without modules the module merely imported
(`os.sys`), which are not its members.
"""

import importlib
import pathlib
import re
import sys

# Importing these has side effects (a printed poem, a web browser).
NEVER_IMPORT = {"this", "antigravity", "idlelib", "turtledemo"}

DOCS = pathlib.Path(__file__).resolve().parent.parent
WORD = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


def named_modules(texts):
    stdlib = set(sys.stdlib_module_names) - NEVER_IMPORT
    top, dotted = set(), set()
    for text in texts:
        for match in WORD.finditer(text):
            parts = match.group(1).split(".")
            if parts[0] in stdlib and not parts[0].startswith("_"):
                top.add(parts[0])
                for n in range(2, len(parts) + 1):
                    dotted.add(".".join(parts[:n]))
    return top, dotted


def importable(name):
    try:
        return importlib.import_module(name)
    except Exception:  # a platform module (winreg), or not a module at all
        return None


def members(name, module):
    out = []
    for member in dir(module):
        if member.startswith("_"):
            continue
        value = getattr(module, member, None)
        # `os.sys` is an import, not a member; `os.path` is a real submodule.
        if type(value) is type(sys) and importable(f"{name}.{member}") is None:
            continue
        out.append(member)
    return out


def main():
    texts = [p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))]
    top, dotted = named_modules(texts)
    rows = set()
    for name in sorted(top):
        module = importable(name)
        if module is not None:
            rows.update((name, m) for m in members(name, module))
    for name in sorted(dotted - top):
        module = importable(name)
        if module is not None and type(module) is type(sys):
            rows.update((name, m) for m in members(name, module))
    for module, member in sorted(rows):
        print(f"{module}\t{member}")


if __name__ == "__main__":
    main()
