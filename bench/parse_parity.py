"""How closely NetCare's parse matches the reference parser on every real output we hold.

``python -m bench.parse_parity`` walks ``tests/data/outputs/<platform>/*.txt`` (real device
outputs from public sources, see each ORIGIN.md), finds the command each file answers
(its name starts with the command, spaces as underscores), and for every command that
both NetCare and ntc-templates parse compares the records: identical when each ntc
record comes back with every ntc field and the same value (NetCare may add fields of
its own). It also counts the outputs that lost their facts — no records although the
output is not a vendor error — and those a template stopped on but were kept.

The reference is fed the same cleaned text as NetCare (pager, escapes and trailing
blanks removed), then, as a second figure, the file as it was captured.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import textfsm
from ntc_templates.parse import parse_output

from netcare.collection.parsing import commands, templates
from netcare.collection.parsing.hygiene import clean_text

OUTPUTS = Path(__file__).resolve().parents[1] / "tests" / "data" / "outputs"
_NTC_PLATFORM = {"cisco_xe": "cisco_ios"}

Record = dict[str, object]


@dataclass
class Tally:
    """Counts over the sample files."""

    files: int = 0
    compared: int = 0
    identical: int = 0
    identical_raw: int = 0
    compared_raw: int = 0
    reference_failed: int = 0
    lost: list[str] = field(default_factory=list)
    kept_after_error: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    different_raw: list[str] = field(default_factory=list)


def command_of(platform: str, stem: str) -> tuple[str, str] | None:
    """(the command-set command, the spelling the file is named after) for a file name
    (``show_interface_brief``): the longest command or alias that starts ``stem``."""
    named = [
        (entry.command, spelling)
        for entry in commands.command_set(platform)
        for spelling in (entry.command, *entry.aliases)
        if (stem + "_").startswith(spelling.replace(" ", "_") + "_")
    ]
    return max(named, key=lambda pair: len(pair[1])) if named else None


def reference(platform: str, command: str, text: str) -> list[Record] | None:
    """ntc-templates' records, or None when it has no template or stops on the text."""
    try:
        return parse_output(
            platform=_NTC_PLATFORM.get(platform, platform), command=command, data=text
        )
    except textfsm.TextFSMError:
        return None
    except Exception as exc:  # ntc raises a bare Exception when it has no template
        if "No template" in str(exc) or "template" in str(exc).lower():
            return None
        raise


def same(ours: list[templates.Record], theirs: list[Record]) -> bool:
    """Each ntc record, in order, with every ntc field and value; records of our own
    after them (ntc's fields blank: parts ntc's one wide row has no place for) are
    NetCare's additions, not a difference."""
    if len(ours) < len(theirs):
        return False
    head_same = all(
        all(mine.get(name) == value for name, value in rec.items())
        for mine, rec in zip(ours, theirs, strict=False)
    )
    fields = list(theirs[0]) if theirs else []
    extra_blank = all(not rec.get(name) for rec in ours[len(theirs) :] for name in fields)
    return head_same and extra_blank if theirs else not ours


def has_ntc_template(platform: str, command: str) -> bool:
    """Whether ntc-templates parses exactly this command too."""
    ref = templates.template_for(platform, command)
    if ref is not None and ref.source == "ntc":
        return True
    if templates.reference_for(platform, command) is not None:
        return True
    index = templates._ntc_index()
    ntc_platform = _NTC_PLATFORM.get(platform, platform)
    row = index.GetRowMatch({"Platform": ntc_platform, "Command": command})
    return bool(row) and templates._matches_whole(index, row, command)


def measure(root: Path = OUTPUTS) -> Tally:
    tally = Tally()
    for platform in commands.PLATFORMS:
        for path in sorted((root / platform).rglob("*.txt")):
            found = command_of(platform, path.stem)
            if found is None or templates.template_for(platform, found[0]) is None:
                continue
            command, spelling = found
            tally.files += 1
            name = f"{platform}/{path.name}"
            raw = path.read_bytes().decode("utf-8", errors="replace")
            text = clean_text(path.read_bytes())
            outcome = templates.parse_outcome(platform, command, text, cleaned=True)
            if outcome.error is None and not outcome.records:
                tally.lost.append(name)
            if outcome.template_error is not None:
                tally.kept_after_error.append(f"{name}: {outcome.template_error}")
            if not has_ntc_template(platform, spelling):
                continue
            theirs = reference(platform, spelling, text)
            if theirs is None:
                tally.reference_failed += 1
            else:
                tally.compared += 1
                if same(outcome.records, theirs):
                    tally.identical += 1
                else:
                    tally.different.append(name)
            theirs_raw = reference(platform, spelling, raw)
            if theirs_raw is not None:
                tally.compared_raw += 1
                if same(outcome.records, theirs_raw):
                    tally.identical_raw += 1
                else:
                    tally.different_raw.append(name)
    return tally


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100.0 * part / whole:.1f} %)" if whole else "0/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=OUTPUTS)
    parser.add_argument("-v", "--verbose", action="store_true", help="name the files")
    args = parser.parse_args(argv)
    tally = measure(args.root)
    print(f"outputs with a NetCare template: {tally.files}")
    identical = _share(tally.identical, tally.compared)
    print(f"identical to ntc-templates (same cleaned text): {identical}")
    print(
        "identical to ntc-templates (text as captured):  "
        f"{_share(tally.identical_raw, tally.compared_raw)}"
    )
    print(f"ntc-templates stopped (State Error) or had no template: {tally.reference_failed}")
    print(f"outputs that lost their facts: {len(tally.lost)}")
    print(f"template errors kept with the lines read: {len(tally.kept_after_error)}")
    if args.verbose:
        for title, names in (
            ("different", tally.different),
            ("different from the text as captured", tally.different_raw),
            ("lost", tally.lost),
            ("kept after a template error", tally.kept_after_error),
        ):
            for name in names:
                print(f"  {title}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
