"""Build cases.json: boundary-annotated paragraphs for the segmenter benchmark.

Two kinds of case:

* ``article``: every paragraph of real article text in /work/shared/seeds/*.txt and
  /work/shared/readouts/*.txt (site chrome, headlines, decks, bylines, datelines on a line
  of their own, captions, section sub-heads and credits are left out).  Each paragraph is
  named by its 1-based line numbers in the source file; hard-wrapped lines (seed 004) are
  re-joined with one space.  The gold split is given as the opening words of every sentence
  after the first, and the script checks each of them occurs exactly once.
* ``tricky``: hand-written paragraphs, given directly as their list of sentences; the text
  is the sentences joined by one space.

Conventions (see README.md): a quotation is never split, and a quotation that spans a
sentence break stays in ONE unit with its attribution (``“We will try. We will succeed,”
the minister said.`` is one sentence), because the comparison tool must know who said it.

Run:  python build_cases.py   (writes cases.json beside this file)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path("/work/shared")

# (source file, [line numbers joined into one paragraph], [opening words of sentences 2..n])
ARTICLE = [
    # --- 000 RFE/RL.  Skipped: 1, 3 (chrome), 5 (headline), 7 (caption), 37 (credit).
    ("seeds/000_bf593f0b0e3e61a2.txt", [9], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [11], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [13], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [15], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [17], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [19], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [21], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [23], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [25], []),
    # quotation spanning a sentence break + attribution: one unit
    ("seeds/000_bf593f0b0e3e61a2.txt", [27], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [29], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [31], []),
    ("seeds/000_bf593f0b0e3e61a2.txt", [33], ["Ankara said the conference"]),
    ("seeds/000_bf593f0b0e3e61a2.txt", [35], []),
    # --- 001 VOA.  Skipped: 1, 3 (chrome), 5 (headline), 7 (byline), 23, 39 (sub-heads),
    # 57 (chrome).
    ("seeds/001_30c6da09fd228377.txt", [9], []),
    ("seeds/001_30c6da09fd228377.txt", [11], ["The withdrawal, which starts Saturday"]),
    ("seeds/001_30c6da09fd228377.txt", [13], []),
    ("seeds/001_30c6da09fd228377.txt", [15], []),
    ("seeds/001_30c6da09fd228377.txt", [17], []),
    ("seeds/001_30c6da09fd228377.txt", [19], []),
    ("seeds/001_30c6da09fd228377.txt", [21], []),
    ("seeds/001_30c6da09fd228377.txt", [25], []),
    ("seeds/001_30c6da09fd228377.txt", [27], []),
    ("seeds/001_30c6da09fd228377.txt", [29], []),
    ("seeds/001_30c6da09fd228377.txt", [31], []),
    ("seeds/001_30c6da09fd228377.txt", [33], []),
    ("seeds/001_30c6da09fd228377.txt", [35], ["But U.S. President Joe Biden"]),
    ("seeds/001_30c6da09fd228377.txt", [37], ["The insurgents also refused"]),
    ("seeds/001_30c6da09fd228377.txt", [41], []),
    ("seeds/001_30c6da09fd228377.txt", [43], []),
    ("seeds/001_30c6da09fd228377.txt", [45], []),
    ("seeds/001_30c6da09fd228377.txt", [47], []),
    ("seeds/001_30c6da09fd228377.txt", [49], []),
    ("seeds/001_30c6da09fd228377.txt", [51], []),
    # quotation spanning a sentence break + attribution: one unit
    ("seeds/001_30c6da09fd228377.txt", [53], []),
    ("seeds/001_30c6da09fd228377.txt", [55], ["They pressed the two warring parties"]),
    # --- 002 Newsweek Pakistan.  Skipped: 1 (chrome+headline), 3 (headline), 5 (byline),
    # 7 (caption), 9 (deck), 19 (sub-head), 25, 27 (chrome).
    ("seeds/002_8bf87993404b5d35.txt", [11], []),
    ("seeds/002_8bf87993404b5d35.txt", [13], []),
    ("seeds/002_8bf87993404b5d35.txt", [15], ["Both the U.S. and Pakistan have"]),
    ("seeds/002_8bf87993404b5d35.txt", [17], []),
    ("seeds/002_8bf87993404b5d35.txt", [21], ["He emphasized that these were"]),
    ("seeds/002_8bf87993404b5d35.txt", [23], []),
    # --- 003 Newsweek Pakistan.  Skipped: 1, 3 (headline), 5 (deck), 7 (byline),
    # 9 (caption), 23, 25 (chrome).
    ("seeds/003_8dfa90e2cd21d513.txt", [11], []),
    ("seeds/003_8dfa90e2cd21d513.txt", [13], ["A subsequent statement issued by"]),
    ("seeds/003_8dfa90e2cd21d513.txt", [15], ["It said the Army chief had"]),
    ("seeds/003_8dfa90e2cd21d513.txt", [17], []),
    ("seeds/003_8dfa90e2cd21d513.txt", [19], ["According to diplomatic sources"]),
    ("seeds/003_8dfa90e2cd21d513.txt", [21], ["He also reiterated that he would"]),
    # --- 004 Express Tribune, hard-wrapped.  Skipped: 1 (headline), 2 (deck), 3 (byline),
    # 4 (photo caption, no final stop), 5 (dateline "ISLAMABAD:" on its own line).
    ("seeds/004_5c91bc419b3e8041.txt", [6, 7], []),
    ("seeds/004_5c91bc419b3e8041.txt", [8], ["The US delegation was led"]),
    ("seeds/004_5c91bc419b3e8041.txt", [9, 10], []),
    ("seeds/004_5c91bc419b3e8041.txt", [11], []),
    ("seeds/004_5c91bc419b3e8041.txt", [12], []),
    ("seeds/004_5c91bc419b3e8041.txt", [13], []),
    ("seeds/004_5c91bc419b3e8041.txt", [14], ["Under Trump presidency"]),
    ("seeds/004_5c91bc419b3e8041.txt", [15], []),
    ("seeds/004_5c91bc419b3e8041.txt", [16, 17], ["Pakistan will continue to remain"]),
    # --- readouts
    ("readouts/ispr-2021-04-28.txt", [1], ["During the call, matters of mutual"]),
    ("readouts/ispr-2021-04-28.txt", [3], ["He also reiterated that peace"]),
    ("readouts/ispr-2021-04-28.txt", [5], []),
    # the inline dateline stays with the first sentence
    ("readouts/pentagon-2021-04-28.txt", [1], []),
    ("readouts/pentagon-2021-04-28.txt", [3], []),
    ("readouts/pentagon-2021-04-28.txt", [5], []),
    ("readouts/pentagon-2021-04-28.txt", [7], []),
    ("readouts/pentagon-2021-04-28.txt", [9], []),
]

# (id, what it tests, [sentences])
TRICKY = [
    ("t01", "U.S. mid-sentence", [
        "The U.S. delegation met Pakistani officials in Rawalpindi on Thursday.",
        "The talks lasted six hours."]),
    ("t02", "sentence ending in the abbreviation U.S.", [
        "Bajwa said Pakistan wanted closer trade ties with the U.S.",
        "He also raised the issue of flood relief."]),
    ("t03", "U.N. mid-sentence", [
        "The U.N. Security Council met on Friday to discuss Afghanistan.",
        "No resolution was adopted."]),
    ("t04", "sentence ending in the abbreviation U.N.", [
        "The conference was to be co-hosted by Turkey, Qatar and the U.N.",
        "It was postponed after the Taliban refused to attend."]),
    ("t05", "Gen. before a name, also sentence-initial", [
        "Austin spoke with Gen. Qamar Javed Bajwa on Wednesday.",
        "Gen. Bajwa thanked him for the call."]),
    ("t06", "Lt Gen without stops", [
        "The Pakistani side was headed by Lt Gen Sahir Shamshad Mirza, the Chief of General Staff.",
        "Lt Gen Mirza later met the U.S. ambassador."]),
    ("t07", "Lt. Gen. with stops", [
        "The delegation was received by Lt. Gen. Sahir Shamshad Mirza at the General Headquarters.",
        "Lt. Gen. Mirza briefed it on the situation along the border."]),
    ("t08", "Mr without stop", [
        "The US delegation was led by Mr David Helvey, Assistant Secretary of Defence for Indo-Pacific Security Affairs.",
        "Mr Helvey thanked Pakistan for its role in the peace process."]),
    ("t09", "Mr. with stop", [
        "Mr. Kirby said the call lasted about 30 minutes.",
        "Mr. Austin did not take questions afterwards."]),
    ("t10", "Dr.", [
        "Pakistan's national security adviser, Dr. Moeed Yusuf, was also present.",
        "Dr. Yusuf later briefed reporters."]),
    ("t11", "No. 2", [
        "Deputy Secretary of State Wendy Sherman, the State Department's No. 2 official, also met Bajwa.",
        "She raised the issue of trade."]),
    ("t12", "Sept. 11 mid-sentence", [
        "The withdrawal is to be completed by Sept. 11, the 20th anniversary of the attacks.",
        "Biden announced the date in April."]),
    ("t13", "sentence ending in Sept. 11.", [
        "Islamabad said it had lost leverage after the U.S. announced a full withdrawal by Sept. 11.",
        "The Taliban have since captured several provincial capitals."]),
    ("t14", "a.m. mid-sentence", [
        "The call began at 9:30 a.m. Washington time and lasted half an hour.",
        "Both sides issued readouts later that day."]),
    ("t15", "sentence ending in a.m.", [
        "The meeting ended shortly before 11 a.m.",
        "Officials declined to say what was agreed."]),
    ("t16", "initials: Lloyd J. Austin III", [
        "Secretary of Defense Lloyd J. Austin III spoke by phone with General Qamar Javed Bajwa.",
        "The Pentagon released a readout of the call."]),
    ("t17", "initial: J. Austin", [
        "The statement was signed by J. Austin and posted on the department's website.",
        "It ran to four sentences."]),
    ("t18", "Inc. and Co. mid-sentence, $2.5 billion", [
        "Atlas Defense Systems Inc. and Boeing Co. both bid for the $2.5 billion contract.",
        "Neither company commented."]),
    ("t19", "sentence ending in Inc.", [
        "The contract went to Atlas Logistics Inc.",
        "The Pentagon gave no reason for the choice."]),
    ("t20", "St.", [
        "The reception was held at the St. Regis hotel in Washington.",
        "Bajwa left for London the next morning."]),
    ("t21", "curly quote + attribution", [
        "“The call was productive,” Kirby told reporters.",
        "He did not elaborate."]),
    ("t22", "straight quote + attribution", [
        "\"We appreciate what Pakistan has done so far,\" Khalilzad said.",
        "He was speaking to the Senate Foreign Relations Committee."]),
    ("t23", "nested curly quotes", [
        "“Pakistan will always support ‘Afghan led-Afghan Owned’ peace process,” the ISPR statement said.",
        "It did not mention the Taliban."]),
    ("t24", "nested straight quotes", [
        "\"We back an 'Afghan-led, Afghan-owned' process,\" the general said.",
        "The U.S. side agreed."]),
    ("t25", "sentence ending with a quoted sentence", [
        "Austin said: “We will stay.”",
        "Then he thanked Bajwa for his time."]),
    ("t26", "quote spanning a sentence break + attribution = ONE unit", [
        "“We will try. We will succeed,” the minister said.",
        "Reporters were not allowed to ask questions."]),
    ("t27", "straight-quoted three sentences + attribution = ONE unit", [
        "\"The talks were long. They were difficult. But they were worth it,\" a Pakistani official said.",
        "He asked not to be named."]),
    ("t28", "attribution before a multi-sentence quote = ONE unit", [
        "Kirby said: “The call was productive. Both sides agreed to stay in touch.”",
        "He gave no further details."]),
    ("t29", "quote interrupted by attribution, then a bare quoted sentence", [
        "“We will try,” the minister said.",
        "“And we will succeed, God willing.”"]),
    ("t30", "?” followed by capitalised attribution", [
        "“What comes after the withdrawal?” Kirby asked.",
        "No one answered."]),
    ("t31", "?” ending a sentence, new sentence follows", [
        "Reporters asked: “Will the talks resume?”",
        "No answer was given."]),
    ("t32", "!” followed by lower-case attribution", [
        "“Enough is enough!” the protesters chanted outside the embassy.",
        "Police dispersed them."]),
    ("t33", "plain question and exclamation marks", [
        "Will the Taliban return to the table?",
        "Nobody in Islamabad is sure!",
        "The next round is due in May."]),
    ("t34", "ASCII ellipsis inside a quote", [
        "The statement said Pakistan would “continue ... to support the peace process” after the withdrawal.",
        "It did not give details."]),
    ("t35", "ellipsis ending a sentence", [
        "The talks dragged on and on...",
        "Nothing was agreed."]),
    ("t36", "Unicode ellipsis inside a quote", [
        "Bajwa said the region “needs peace … and stability” above all.",
        "Austin agreed."]),
    ("t37", "parenthesised acronyms", [
        "The statement by the Inter-Services Public Relations (ISPR) was issued on Wednesday.",
        "The Department of Defense (DoD) issued its own."]),
    ("t38", "parenthesised full sentence", [
        "The ISPR issued its readout first.",
        "(The Pentagon's came two hours later.)",
        "Both mentioned Afghanistan."]),
    ("t39", "numbers with commas and decimals", [
        "The U.S. has around 2,500 troops in Afghanistan, and NATO has about 7,000.",
        "The package is worth $2.5 billion, or 0.8 percent of the budget.",
        "It passed 52-48."]),
    ("t40", "bracketed insertions", [
        "The general said Pakistan would “always support [an] Afghan-led, Afghan-owned peace process.”",
        "He said the U.S. “[would] remain engaged in the region.”",
        "Officials welcomed the remarks."]),
    ("t41", "em dashes, Feb.", [
        "The deal — signed in Doha on Feb. 29, 2020 — set a May 1 deadline for the withdrawal.",
        "That deadline was missed — by design, officials said."]),
    ("t42", "full stop outside the closing quote (British style)", [
        "Austin praised the “longstanding defense partnership”.",
        "Bajwa agreed."]),
    ("t43", "curly opening quote closed by a straight quote (as in seed 000)", [
        "Maas said Germany “remains a reliable partner on the side of the people in Afghanistan.\"",
        "He then flew to Islamabad."]),
    ("t44", "U.S. – Pakistan and U.S.-Pakistan", [
        "Austin “reaffirmed the importance of the U.S. – Pakistan bilateral relationship,” Kirby said.",
        "The U.S.-Pakistan dialogue resumed in January."]),
    ("t45", "inline dateline, initial without stop", [
        "RAWALPINDI: Secretary of Defense Lloyd J Austin III spoke by phone with Gen. Bajwa on Wednesday.",
        "The call lasted 30 minutes."]),
    ("t46", "e.g. and i.e.", [
        "The talks covered several issues, e.g. border management and trade.",
        "They did not cover nuclear issues, i.e. the subject Washington cares most about."]),
    ("t47", "multi-sentence quote, attribution, then a second quote = ONE unit", [
        "\"Pakistan has a special responsibility. We appreciate what it has done,\" Khalilzad said, adding: \"But we are not there yet.\"",
        "He gave no timeline."]),
    ("t48", "quote ending in U.S.”, new sentence follows", [
        "Bajwa said Pakistan “values its ties with the U.S.”",
        "He did not mention China."]),
]


def nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def article_cases() -> list[dict]:
    cases = []
    for src, lines, starts in ARTICLE:
        raw = (SHARED / src).read_text(encoding="utf-8").split("\n")
        text = " ".join(raw[n - 1].strip() for n in lines)
        assert text, (src, lines)
        cuts = []
        for s in starts:
            assert text.count(s) == 1, (src, lines, s)
            cuts.append(text.index(s))
        assert cuts == sorted(cuts), (src, lines)
        bounds = [0] + cuts + [len(text)]
        sents = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
        stem = Path(src).stem
        cases.append({
            "id": f"{stem}:L{'-'.join(map(str, lines))}",
            "kind": "article",
            "source": src,
            "text": text,
            "sentences": sents,
        })
    return cases


def tricky_cases() -> list[dict]:
    cases = []
    for cid, note, sents in TRICKY:
        cases.append({
            "id": cid,
            "kind": "tricky",
            "note": note,
            "text": " ".join(sents),
            "sentences": sents,
        })
    return cases


def main() -> None:
    cases = article_cases() + tricky_cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids))
    for c in cases:
        assert nows("".join(c["sentences"])) == nows(c["text"]), c["id"]
        assert all(s.strip() for s in c["sentences"]), c["id"]
    out = HERE / "cases.json"
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n_art = sum(c["kind"] == "article" for c in cases)
    n_sent = sum(len(c["sentences"]) for c in cases)
    print(f"wrote {out}: {len(cases)} cases ({n_art} article paragraphs, "
          f"{len(cases) - n_art} tricky), {n_sent} sentences")


if __name__ == "__main__":
    main()
