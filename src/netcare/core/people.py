"""How NetCare writes a person's name: the one place a display name is composed.

Names are written in their own script's order, whatever the viewer's language: a
Chinese (or Japanese, Korean) name family name first with no space — 张伟, 欧阳娜娜 —
and a Latin name given name first with a space — Anna Schmidt. Django keeps a name as
``first_name`` (given) and ``last_name`` (family); ``split_full_name`` fills them from
a name as people type it (张 伟, 张伟, Anna Schmidt) and ``full_name`` writes them back.
Pages (the ``person`` filter), reports (``reports.wording.person``) and e-mails all
call ``display_name``. No Django import: report builders use it too.
"""

from __future__ import annotations

from typing import Any

#: Scripts written without spaces between family and given name: CJK ideographs (with
#: extensions A and the compatibility block), Hiragana, Katakana and Hangul.
_CJK_RANGES = (
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G
)


def is_cjk(char: str) -> bool:
    """Whether one character is of a script that joins names without a space."""
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    return any(is_cjk(char) for char in text)


def full_name(first: str, last: str) -> str:
    """The name to show from Django's ``first_name`` (given) and ``last_name`` (family).

    A name with CJK characters is written family name first, joined without a space
    where both sides are CJK (张伟; but "NetCare 管理员" keeps its space); any other name
    is given name first with a space (Anna Schmidt). A missing part leaves no stray space.
    """
    first, last = " ".join(first.split()), " ".join(last.split())
    if not first or not last:
        return first or last
    if has_cjk(first + last):
        head, tail = last, first
        return head + ("" if is_cjk(head[-1]) and is_cjk(tail[0]) else " ") + tail
    return f"{first} {last}"


def split_full_name(name: str) -> tuple[str, str]:
    """``(first_name, last_name)`` from a whole name as people type it.

    A CJK name is typed family name first: "张 伟" gives given 伟 and family 张; typed
    without a space ("张伟") it is kept whole as the family name, since where the family
    name ends (张 or 欧阳) cannot be told safely. A Latin name is typed given name first:
    "Anna Schmidt" gives Anna and Schmidt. ``full_name`` of the result shows the name
    as it was typed, without the space in a CJK name.
    """
    name = " ".join(name.split())
    if has_cjk(name):
        family, _, given = name.partition(" ")
        return given, family
    given, _, family = name.partition(" ")
    return given, family


def display_name(user: Any) -> str:
    """A user as pages, reports and e-mails name them: full name, else login; "" for none."""
    if user is None or isinstance(user, str):  # a template's missing variable is ""
        return user or ""
    name = full_name(getattr(user, "first_name", "") or "", getattr(user, "last_name", "") or "")
    return name or str(user.get_username())
