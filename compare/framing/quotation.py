"""Quotation: quotes that differ from the readout's text, quotation against paraphrase, shortened quotes."""

from __future__ import annotations

import re

from compare.framing.attribution import UNNAMED_SOURCES, attribution_of, is_pronoun, said_by
from compare.framing.common import ClaimVoices, Voice, make_finding, quotations
from compare.framing.hedging import hedges
from compare.framing.worddiff import content_stems
from compare.model import Finding, FramingKind, Kind
from compare.text import QUALIFIER_WORDS


def _words(text: str) -> list[str]:
    text = re.sub(r"\[[^\]]*\]", " ", text)  # editorial insertions: "[an]"
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # "U.S." ~ "US"
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def _quotes_of(voice: Voice) -> list[str]:
    """Quotations in the words that carry the claim (a quote around or inside the part)."""
    quotes = quotations(voice.sentence.text)
    if voice.words == voice.sentence.text:
        return list(quotes)
    part = _words(voice.words)
    return [q for q in quotes if _shares_a_run(_words(q), part)]


def _shares_a_run(a: list[str], b: list[str], run: int = 3) -> bool:
    """Do two word lists share a run of `run` consecutive words (or is one inside the other)?"""
    if _contains(a, b) or _contains(b, a):
        return True
    grams = {tuple(a[i : i + run]) for i in range(len(a) - run + 1)}
    return any(tuple(b[i : i + run]) in grams for i in range(len(b) - run + 1))


MIN_ALTERED_WORDS = 5  # a quote of three or four words ("closest of allies") may come from anywhere
PARAPHRASE_SHARE = 0.33  # share of a quote's content words a plain sentence must carry to paraphrase it
SAME_SPEAKER_SHARE = 0.15  # ... or this share, when it names the quotation's speaker


def find(claim: ClaimVoices) -> list[Finding]:
    settings = claim.settings
    findings = []
    readouts = [v for v in claim.voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in claim.voices if v.document.kind is not Kind.READOUT]
    # A quote may span two readout sentences: compare with each readout's whole text.
    readout_words = _readout_words(claim)
    for voice in outlets:
        for quote in _quotes_of(voice):
            quote_words = _words(quote)
            if len(quote_words) < MIN_ALTERED_WORDS or not readouts:
                continue
            if any(_contains(words, quote_words) for words in readout_words):
                continue
            # Only a readout the quote is attributed to can show it altered: a quote of another release
            # ("U.S. Forces Japan said ...") is not the readout's text told wrongly.
            sources = _readouts_quoted(claim, voice, readouts)
            if not sources:
                continue
            # Close to a readout passage but not verbatim: the quote was altered.
            best = max(sources, key=lambda r: _overlap_share(quote_words, _words(r.sentence.text)))
            if _overlap_share(quote_words, _words(best.sentence.text)) >= settings.quotation_overlap:
                findings.append(
                    make_finding(
                        claim.claim,
                        FramingKind.QUOTATION,
                        f"{voice.name} quotes “{quote}”, which is not word for word what the {best.name} says",
                        "a quotation that differs from the readout's text",
                        [(voice, quote), (best, best.words)],
                        settings.quotation_altered,
                        [voice.document.id, " ".join(quote_words)],
                    )
                )
    quoted = _quoting(claim)
    quoting = {v.document.id for v, _ in quoted}
    plain = [v for v in outlets if v.document.id not in quoting and not _quotes_of(v)]
    for group in _one_quotation_each(quoted):
        findings.extend(_quoted_and_paraphrased(claim, group, plain))
        findings.extend(_shortened(claim, group))
    return findings


def _quoting(claim: ClaimVoices) -> list[tuple[Voice, str]]:
    """Each outlet that quotes the claim in any of its sentences, with its longest quotation.

    A source may state the claim in its lead and quote the readout a sentence later: it quotes it.
    """
    best: dict[str, tuple[Voice, str]] = {}
    for voice in claim.mentions:
        if voice.document.kind is Kind.READOUT:
            continue
        for quote in _quotes_of(voice):
            if len(_words(quote)) < 3:
                continue
            current = best.get(voice.document.id)
            if current is None or len(quote) > len(current[1]):
                best[voice.document.id] = (voice, quote)
    return list(best.values())


def _readouts_quoted(claim: ClaimVoices, voice: Voice, readouts: list[Voice]) -> list[Voice]:
    """The readouts a source's quotation may come from, by whom the source attributes it to.

    No one named (or "a statement", "officials", "the general"): any readout. The issuer of a readout:
    that one. A person the readout names (the readout reports the call in its speakers' words): the
    readouts that name them. Any other name (another body's release, a third party): none.
    """
    said = said_by(claim, voice)
    if said is None or said in UNNAMED_SOURCES or is_pronoun(said) or not said.split()[-1][:1].isupper():
        return readouts
    issued = [r for r in readouts if said == (r.document.issuer or r.document.outlet)]
    if issued:
        return issued
    surname = said.split()[-1]
    if surname not in claim.people:
        return []
    return [r for r in readouts if re.search(rf"\b{re.escape(surname)}\b", " ".join(_readout_text(claim, r)))]


def _readout_text(claim: ClaimVoices, readout: Voice) -> list[str]:
    return [s.text for s in claim.document_sentences.get(readout.document.id, ())] or [readout.sentence.text]


def _readout_words(claim: ClaimVoices) -> list[list[str]]:
    by_document = {
        d.id: [s.text for s in claim.document_sentences.get(d.id, ())]
        for d in claim.documents
        if d.kind is Kind.READOUT
    }
    texts = [" ".join(t) for t in by_document.values() if t] or list(claim.readout_texts)
    return [_words(text) for text in texts]


def _one_quotation_each(quoted: list[tuple[Voice, str]]) -> list[list[tuple[Voice, str]]]:
    """Sources grouped by the passage they quote: a finding is about one quotation."""
    groups: list[list[tuple[Voice, str]]] = []
    for voice, quote in quoted:
        for group in groups:
            if any(_shares_a_run(_words(quote), _words(other)) for _, other in group):
                group.append((voice, quote))
                break
        else:
            groups.append([(voice, quote)])
    return groups


def _quoted_and_paraphrased(claim: ClaimVoices, quoted: list[tuple[Voice, str]], plain: list[Voice]) -> list[Finding]:
    longest = max((q for _, q in quoted), key=lambda q: len(_words(q)))
    wanted = content_stems(longest)
    # A plain sentence paraphrases the quotation only if it carries much of what the quotation says.
    # Or, carrying less of it, if it names the same speaker as the quotation ("Ruto said" / "Ruto says").
    speakers = {_surname(attribution_of(v.sentence.text, documents=claim.documents)) for v, _ in quoted} - {""}
    paraphrasing = [
        v
        for v in plain
        if wanted
        and (
            _share(wanted, content_stems(v.words)) >= PARAPHRASE_SHARE
            or (
                _share(wanted, content_stems(v.words)) >= SAME_SPEAKER_SHARE
                and _surname(attribution_of(v.sentence.text, documents=claim.documents)) in speakers
            )
        )
    ]
    if not paraphrasing:
        return []
    quote_text = "; ".join(f"{v.name} quotes “{q}”" for v, q in quoted)
    manners = []
    for voice in paraphrasing:
        verbatim = any(_contains(_words(voice.words), _words(q)) for _, q in quoted)
        manners.append(
            f"{voice.name} " + ("uses the same words without quotation marks" if verbatim else "paraphrases")
        )
    return [
        make_finding(
            claim.claim,
            FramingKind.QUOTATION,
            f"{quote_text}; {'; '.join(manners)}",
            "direct quotation in one source, paraphrase in another",
            [(v, q) for v, q in quoted] + [(v, v.words) for v in paraphrasing],
            claim.settings.quotation_paraphrased,
            [f"{v.document.id}={' '.join(_words(q))}" for v, q in quoted] + [v.document.id for v in paraphrasing],
        )
    ]


def _shortened(claim: ClaimVoices, quoted: list[tuple[Voice, str]]) -> list[Finding]:
    if len(quoted) < 2:
        return []
    longest_voice, longest = max(quoted, key=lambda item: len(_words(item[1])))
    full = _words(longest)
    shorter = [
        (v, q)
        for v, q in quoted
        if v is not longest_voice
        and len(_words(q)) < len(full)
        and _contains(full, _words(q))
        and not _quotes_all_of(claim, v, full)
    ]
    if not shorter:
        return []
    # Quoting a fragment is ordinary reporting; a cut matters when it drops what narrows or turns the
    # passage ("unless", "not", "only", a number, a hedge).
    sure = 1.0 if any(_cut_qualifies(longest, q) for _, q in shorter) else 0.35
    return [
        make_finding(
            claim.claim,
            FramingKind.QUOTATION,
            "; ".join(f"{v.name} quotes “{q}”" for v, q in shorter)
            + f", a shorter passage than {longest_voice.name}'s “{longest}”",
            "the same quotation, shortened",
            [(longest_voice, longest), *shorter],
            claim.settings.quotation_shortened,
            [f"{longest_voice.document.id}={' '.join(full)}"]
            + [f"{v.document.id}={' '.join(_words(q))}" for v, q in shorter],
            confidence=sure,
        )
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“\"‘A-Z])")


def _cut_qualifies(longer: str, shorter: str) -> bool:
    """Do the words cut from the passage's sentence hold a qualifier, a number or a hedge?

    Against a quote of several sentences (a whole statement), only the sentence the shorter quote
    comes from counts: quoting one sentence of a statement cuts nothing from that sentence.
    """
    short = _words(shorter)
    passage = next((p for p in _SENTENCE_END.split(longer) if _contains(_words(p), short)), longer)
    words = _words(passage)
    start = next(i for i in range(len(words) - len(short) + 1) if words[i : i + len(short)] == short)
    cut = words[:start] + words[start + len(short) :]
    return any(w in QUALIFIER_WORDS or w[:1].isdigit() for w in cut) or bool(hedges(" ".join(cut)))


def _quotes_all_of(claim: ClaimVoices, voice: Voice, passage: list[str]) -> bool:
    """Does the source quote the whole passage after all, in pieces across its sentences?"""
    quoted = [
        w for s in claim.document_sentences.get(voice.document.id, ()) for q in quotations(s.text) for w in _words(q)
    ]
    grams = {tuple(quoted[i : i + 3]) for i in range(len(quoted) - 2)}
    needed = [tuple(passage[i : i + 3]) for i in range(len(passage) - 2)]
    return bool(needed) and sum(g in grams for g in needed) / len(needed) >= 0.9


def _share(quote: frozenset[str], plain: frozenset[str]) -> float:
    """How much of the quotation the plain words carry, or, for words that carry only a part of the
    claim (at least three content words), how much of them the quotation says."""
    covered = len(quote & plain) / len(quote)
    if len(plain) >= MIN_PART_WORDS:
        covered = max(covered, len(quote & plain) / len(plain))
    return covered


MIN_PART_WORDS = 3


def _surname(said: str | None) -> str:
    return said.split()[-1] if said else ""


def _overlap_share(needle: list[str], haystack: list[str]) -> float:
    return len(set(needle) & set(haystack)) / len(set(needle)) if needle else 0.0
