"""Quotes around names: which quote opens and which closes, and where a quoted name ends."""

from __future__ import annotations

from loaders.extraction.document import Document, Token


def quote_role(doc: Document, tok: Token) -> str:
    """'open', 'close' or '' for a token, using the characters around straight quotes."""
    if tok.text in "«„":
        return "open"
    if tok.text == "»":
        return "close"
    if tok.text in "\"“”":
        before = doc.text[tok.start - 1] if tok.start > 0 else " "
        after = doc.text[tok.stop] if tok.stop < len(doc.text) else " "
        if (before.isspace() or before in "(«„\"“") and (after.isalnum() or after in "«„\"“"):
            return "open"
        if tok.text == "“" and after.isalnum():
            return "open"
        return "close"
    return ""


def read_quoted(doc: Document, k: int, end: int) -> int:
    """From an opening quote at token k, the index after the matching close (nested and unbalanced quotes tolerated)."""
    depth = 0
    t = k
    while t < end:
        role = quote_role(doc, doc.tokens[t])
        if role == "open":
            depth += 1
        elif role == "close":
            # a closing quote ends the name; closers written together close nested names too
            t += 1
            while t < end and quote_role(doc, doc.tokens[t]) == "close":
                t += 1
            return t
        elif doc.tokens[t].text in {",", ";", ".", "!", "?", ":", "(", ")"} and depth > 0 and t > k + 1 and not _abbreviating(doc, t):
            return t
        t += 1
        if t - k > 14 or (t < end and newline_before(doc, t)):
            break
    return t


def _abbreviating(doc: Document, t: int) -> bool:
    """The full stop after "им" or an initial shortens a word, it ends nothing: «ГКНПЦ им. М. В. Хруничева»."""
    before = doc.tokens[t - 1].text
    return doc.tokens[t].text == "." and (before.lower() == "им" or (len(before) == 1 and before.isupper()))


def newline_before(doc: Document, k: int) -> bool:
    return k > 0 and "\n" in doc.text[doc.tokens[k - 1].stop : doc.tokens[k].start]


def quoted_inner(doc: Document, i: int, j: int) -> str:
    """The text between the first opening quote and the final closing quote, nested quotes balanced."""
    text = doc.text[doc.tokens[i].stop : doc.tokens[j - 1].start if quote_role(doc, doc.tokens[j - 1]) == "close" else doc.tokens[j - 1].stop]
    text = text.strip().strip("\"“”")
    opens = sum(text.count(c) for c in "«„")
    closes = text.count("»")
    if opens > closes:
        text += "»" * (opens - closes)
    elif closes > opens:
        text = text.rstrip("»") if opens == 0 else text
    if text.count('"') % 2 == 1:
        text = text.replace('"', "«", 1) + "»"
    return " ".join(text.split())
