#!/usr/bin/env python3
"""Round-trip recall's Anki CSV export through Anki's own importer.

Usage: anki_check.py RECALL_BIN ANKI_PYTHON IMPORT_CHECK_PY

Exports every built-in deck plus a deck of hostile text (a question starting
with '#', '<', '&', quotes, commas, a code block, line breaks), imports it into a
fresh Anki collection twice, then imports an export made after an answer was
edited, and checks what Anki saw against what recall shows.
"""
import html
import json
import os
import re
import subprocess
import sys
import tempfile

recall, anki_python, import_check = sys.argv[1:4]
work = tempfile.mkdtemp(prefix="recall-anki-")
db = os.path.join(work, "recall.db")
env = dict(os.environ, RECALL_DB=db, RECALL_NOW="2026-11-21", NO_COLOR="1")

HOSTILE = """# #include 지시문

C 전처리기: `a < b && c > d`, "따옴표", 쉼표, 그리고 줄바꿈
두 번째 줄

```c
#include <stdio.h>
int main() { return 1 < 2 && "x"[0]; }
```
"""


def run(*args):
    return subprocess.run([recall, *args], env=env, check=True, capture_output=True, text=True).stdout


def anki(*args):
    out = subprocess.run([anki_python, import_check, *args, "--notes", "0"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def shown_by_anki(field):
    """What Anki displays, as plain text: <br> → newline, tags dropped, entities decoded."""
    field = field.replace("<br>", "\n").replace("<pre><code>", "").replace("</code></pre>", "")
    return html.unescape(re.sub(r"<[^>]+>", "", field))


def shown_by_recall(text):
    """recall's text with the fence lines of code blocks removed."""
    return "\n".join(line for line in text.split("\n") if not line.startswith("```"))


notes_file = os.path.join(work, "hostile.md")
with open(notes_file, "w", encoding="utf-8") as f:
    f.write(HOSTILE)
run("import", notes_file, "--deck", "hostile::깊은 덱")
v1 = os.path.join(work, "v1.csv")
run("export", "-o", v1)
cards = json.loads(run("cards", "--json"))

report = anki(v1, "--twice", "--strict")
first = report["import"]["counts"]
second = report["second_import"]["counts"]
collection = report["collection"]
notes = {n["guid"]: n for n in collection["sample_notes"]}
problems = []
if first["new"] != len(cards) or report["import"]["found_notes"] != len(cards):
    problems.append(f"first import: {first} for {len(cards)} cards")
if any(v for k, v in first.items() if k != "new"):
    problems.append(f"first import skipped or conflicted: {first}")
if second["new"] or second["updated"] or second["duplicate"] != len(cards):
    problems.append(f"second import changed something: {second}")
for card in cards:
    note = notes.get(card["id"])
    if note is None:
        problems.append(f"missing note {card['id']}")
        continue
    front, back = note["fields"]["Front"], note["fields"]["Back"]
    if shown_by_anki(front) != card["question"]:
        problems.append(f"front differs: {front!r} vs {card['question']!r}")
    if shown_by_anki(back) != shown_by_recall(card["answer"]):
        problems.append(f"back differs: {back!r} vs {card['answer']!r}")
    if note["decks"] != [card["deck"]]:
        problems.append(f"deck differs: {note['decks']} vs {card['deck']}")
    if sorted(t.lower() for t in note["tags"]) != sorted(t.lower() for t in set(card["tags"])):
        problems.append(f"tags differ: {note['tags']} vs {card['tags']}")

# Edit an answer, re-export, import into the same collection: one update.
with open(notes_file, "w", encoding="utf-8") as f:
    f.write(HOSTILE.replace("두 번째 줄", "고친 두 번째 줄"))
run("import", notes_file, "--deck", "hostile::깊은 덱")
v2 = os.path.join(work, "v2.csv")
run("export", "-o", v2)
then = anki(v1, "--then", v2)
then_counts = [v for k, v in then.items() if k.startswith("then") or k.startswith("second")]
summary = {
    "cards": len(cards),
    "first_import": first,
    "second_import": second,
    "decks": len([d for d in collection["decks"] if d["cards"]]),
    "tags": len(collection["tags"]),
    "edited_reimport": then_counts[0]["counts"] if then_counts else then.keys(),
}
edited = summary["edited_reimport"]
if not isinstance(edited, dict) or edited.get("updated") != 1 or edited.get("new") != 0:
    problems.append(f"edited re-import: {edited}")
print(json.dumps(summary, ensure_ascii=False, indent=2))
for p in problems[:20]:
    print("PROBLEM:", p)
sys.exit(1 if problems else 0)
