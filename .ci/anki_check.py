#!/usr/bin/env python3
"""Round-trip recall's Anki CSV export through Anki's own importer.

Usage: anki_check.py RECALL_BIN ANKI_PYTHON IMPORT_CHECK_PY

Exports every built-in deck plus a deck of hostile text (a question starting
with '#', '<', '&', quotes, commas, a code block, line breaks), imports it into a
fresh Anki collection twice, then imports an export made after an answer was
edited, and checks what Anki saw against what recall shows: one Anki card
per recall card, cloze cards as notes of Anki's Cloze type whose Text shows
the context with the answer in its gap, every other card a Basic note (code
as <pre><code>), the second import adding nothing, the edited re-export
updating one note.
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

템플릿 문법: `{{c2::x}}`, `a::b`, `}}` 닫기

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


CLOZE = re.compile(r"\{\{c1::(.*?)\}\}", re.S)
GAP = "[...]"


def cloze_shown(text):
    """A Cloze Text field as Anki shows it revealed: the deletion's text in place."""
    return shown_by_anki(CLOZE.sub(lambda m: m.group(1), text))


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
if collection["cards"] != len(cards):
    problems.append(f"Anki has {collection['cards']} cards for recall's {len(cards)}")
kinds = {}
notetypes = {}
for card in cards:
    kinds[card["kind"]] = kinds.get(card["kind"], 0) + 1
    note = notes.get(card["id"])
    if note is None:
        problems.append(f"missing note {card['id']}")
        continue
    notetypes[note["notetype"]] = notetypes.get(note["notetype"], 0) + 1
    if note["cards"] != 1:
        problems.append(f"{card['id']}: {note['cards']} Anki cards for one recall card")
    is_cloze = card["kind"] == "cloze" and card["question"].count(GAP) == 1
    if is_cloze:
        text = note["fields"].get("Text", "")
        if note["notetype"] != "Cloze" or len(CLOZE.findall(text)) != 1:
            problems.append(f"cloze {card['id']} arrived as {note['notetype']}: {note['fields']}")
            continue
        filled = card["question"].replace(GAP, card["answer"])
        if cloze_shown(text) != shown_by_recall(filled):
            problems.append(f"cloze text differs: {text!r} vs {filled!r}")
        if shown_by_anki(CLOZE.findall(text)[0]) != shown_by_recall(card["answer"]):
            problems.append(f"cloze answer differs: {text!r} vs {card['answer']!r}")
    else:
        if note["notetype"] != "Basic":
            problems.append(f"{card['kind']} {card['id']} arrived as {note['notetype']}")
            continue
        front, back = note["fields"]["Front"], note["fields"]["Back"]
        if shown_by_anki(front) != shown_by_recall(card["question"]):
            problems.append(f"front differs: {front!r} vs {card['question']!r}")
        if shown_by_anki(back) != shown_by_recall(card["answer"]):
            problems.append(f"back differs: {back!r} vs {card['answer']!r}")
        if card["kind"] == "code" and "```" in card["question"] and "<pre><code>" not in front:
            problems.append(f"code {card['id']} without <pre><code>: {front!r}")
    if note["decks"] != [card["deck"]]:
        problems.append(f"deck differs: {note['decks']} vs {card['deck']}")
    if sorted(t.lower() for t in note["tags"]) != sorted(t.lower() for t in set(card["tags"])):
        problems.append(f"tags differ: {note['tags']} vs {card['tags']}")
if not kinds.get("cloze") or notetypes.get("Cloze", 0) == 0:
    problems.append(f"no cloze card went to Anki's Cloze type: {kinds} → {notetypes}")

# Edit an answer, re-export, import into the same collection: one update.
with open(notes_file, "w", encoding="utf-8") as f:
    f.write(HOSTILE.replace("return 1 < 2", "return 0 < 2"))
run("import", notes_file, "--deck", "hostile::깊은 덱")
v2 = os.path.join(work, "v2.csv")
run("export", "-o", v2)
then = anki(v1, "--then", v2)
then_counts = [v for k, v in then.items() if k.startswith("then") or k.startswith("second")]
summary = {
    "cards": len(cards),
    "anki_cards": collection["cards"],
    "kinds": kinds,
    "notetypes": notetypes,
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
