"""Hypothesis strategies of valid versions, one per scheme.

Each strategy draws a version's parts, writes them the way the vendor (or a user) does —
with padding, prefixes, case and separator variants — and returns ``(text, order)``.
``order`` is this file's own statement of the scheme's ordering rule
(docs/version-schemes.md), built from the drawn parts and never from the parser, so the
property tests check the parser against an independent oracle.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

Drawn = tuple[str, tuple[Any, ...]]
LETTER = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
NOISE = st.sampled_from(["{}", " {} ", "Version {}", "version: {}", "\t{}\n"])


@st.composite
def comware(draw: st.DrawFn) -> Drawn:
    release = draw(st.sampled_from([0, 305, 2418, 6728, 6729, 9999]))
    kind = draw(st.integers(0, 2))
    patch = draw(st.integers(0, 12))
    hotfix = draw(st.integers(0, 3)) if draw(st.booleans()) else 0
    tail = (f"P{patch:02d}" if patch else "") + (f"H{hotfix:02d}" if hotfix else "")
    if draw(st.booleans()):
        body = f"{'FER'[kind]}{release:04d}{tail}"
    else:
        body = f"{('Feature', 'ESS', 'Release')[kind]} {release:04d}{tail}"
    platform = draw(st.sampled_from(["", "7.1.070", "7.1.045", "5.20.99", "5.20", "7.1.064"]))
    if platform:
        body = platform + draw(st.sampled_from([", ", "-", " "])) + body
    text = draw(st.sampled_from(["{}", "Version {}", "Comware Software, Version {}"]))
    return text.format(body), (release, kind, patch, hotfix)


@st.composite
def vrp(draw: st.DrawFn) -> Drawn:
    v = draw(st.sampled_from([100, 200, 800]))
    r = draw(st.sampled_from([5, 19, 20]))
    c = draw(st.sampled_from([0, 10, 32]))
    spc = draw(st.sampled_from([0, 100, 500, 501, 999]))
    build = draw(st.integers(0, 12)) if draw(st.booleans()) else 0
    patch = draw(st.sampled_from(["", "", "SPH", "CP"]))
    number = draw(st.sampled_from([1, 18, 201, 999])) if patch else 0
    body = f"V{v:03d}R{r:03d}C{c:02d}"
    body += f"SPC{spc:03d}" if spc else ""
    body += f"B{build:03d}" if build else ""
    if patch:
        digits = 4 if patch == "CP" else 3
        named = draw(st.sampled_from(["", f"V{v:03d}R{r:03d}"]))
        glue = draw(st.sampled_from(["", " ", "+", " + "])) if not named else " "
        body += f"{glue}{named}{patch}{number:0{digits}d}"
    wrapper = draw(
        st.sampled_from(
            ["{}", "Version {}", "S5720 {}", "VRP (R) software, Version 5.170 (S5720 {})"]
        )
    )
    cold, hot = (number, 0) if patch == "CP" else (0, number)
    return wrapper.format(body), (v, r, c, spc, build, cold, hot)


IOS_TRAINS = ["", "E", "SE", "SY", "T", "M", "S", "EZ", "SXJ", "SXI", "JB", "EA", "EX", "SG"]


@st.composite
def ios(draw: st.DrawFn) -> Drawn:
    major = draw(st.sampled_from([12, 15]))
    minor = draw(st.sampled_from([2, 4]))
    train = draw(st.sampled_from(IOS_TRAINS))
    release = draw(st.sampled_from([1, 2, 7, 10, 55]))
    letter = draw(st.sampled_from(["", "", "a", "b", "m"]))
    maint = draw(st.sampled_from([0, 1, 2, 9, 10])) if train else 0
    rebuild = draw(st.sampled_from(["", "", "a", "d", "k", "s"])) if train else ""
    shown = f"{maint}{rebuild}" if (maint or rebuild) else ""
    text = draw(NOISE).format(f"{major}.{minor}({release}{letter}){train}{shown}")
    return text, (major, minor, train, release, letter, maint, rebuild)


@st.composite
def iosxe(draw: st.DrawFn) -> Drawn:
    minor = draw(st.sampled_from([1, 6, 9, 12]))
    patch = draw(st.sampled_from([0, 1, 4, 10]))
    rebuild = draw(st.sampled_from(["", "", "a", "b", "s", "w", "z", "ab"]))
    number = draw(st.integers(0, 3)) if rebuild else 0
    tail = f"{rebuild}{number or ''}"
    if draw(st.integers(0, 3)) == 0:  # the 3.x trains
        train = draw(st.sampled_from(["E", "S", "SE", "SG", "SQ"]))
        if draw(st.booleans()):
            body = f"03.{minor:02d}.{patch:02d}{tail}.{train}"
        else:
            body = f"3.{minor}.{patch}{tail}{train}"
        order: tuple[Any, ...] = (3, train, minor, patch, rebuild, number, "")
    else:
        major = draw(st.sampled_from([16, 17]))
        tag = draw(st.sampled_from(["", "", "", "SW"]))
        if draw(st.booleans()):
            body = f"{major}.{minor:02d}.{patch:02d}{tail}{tag}"
        else:
            body = f"{major}.{minor}.{patch}{tail}{tag}"
        order = (major, "", minor, patch, rebuild, number, tag)
    prefix = draw(st.sampled_from(["{}", "Version {}", "Cisco IOS XE Software, Version {}"]))
    return prefix.format(body), order


NXOS_TRAINS = ["I", "F", "U", "A", "N", "D", "DX", "SV"]


@st.composite
def nxos(draw: st.DrawFn) -> Drawn:
    maint = draw(st.sampled_from([0, 2, 3, 10]))
    ml = draw(st.sampled_from(["", "", "a", "b", "t", "w"]))
    if draw(st.booleans()):
        major = draw(st.sampled_from([6, 9, 10]))
        minor = draw(st.sampled_from([2, 3]))
        suffix = draw(st.sampled_from(["", "M", "F"])) if major >= 10 else ""
        if draw(st.booleans()):
            body = f"{major}.{minor}({maint}{ml}){suffix}"
        else:
            body = f"{major}.{minor}.{maint}{ml}" + (f".{suffix}" if suffix else "")
        order: tuple[Any, ...] = (major, minor, "", maint, ml, 0, 0, 0, "", suffix)
    else:
        major = draw(st.sampled_from([6, 7]))
        minor = draw(st.sampled_from([0, 3]))
        train = draw(st.sampled_from(NXOS_TRAINS))
        tn = draw(st.sampled_from([0, 1, 7]))
        tm = draw(st.sampled_from([0, 1, 9, 10]))
        ts = draw(st.sampled_from([0, 0, 4, 15]))
        tl = draw(st.sampled_from(["", "", "a", "b", "z"]))
        shown = train.lower() if draw(st.integers(0, 3)) == 0 else train
        inner = f"{tm}{f'.{ts}' if ts else ''}{tl}"
        if ts or draw(st.booleans()):
            body = f"{major}.{minor}({maint}{ml}){shown}{tn or ''}({inner})"
        else:
            body = f"{major}.{minor}.{maint}{ml}.{shown}{tn or ''}.{tm}{tl}"
        order = (major, minor, train, maint, ml, tn, tm, ts, tl, "")
    prefix = draw(st.sampled_from(["{}", "Version {}", "NXOS: version {}"]))
    return prefix.format(body), order


@st.composite
def junos(draw: st.DrawFn) -> Drawn:
    major = draw(st.sampled_from([15, 21]))
    minor = draw(st.sampled_from([1, 4]))
    kind = draw(st.sampled_from(["R", "R", "R", "B", "I", "F", "X"]))
    if kind == "X":
        x = draw(st.sampled_from([48, 49]))
        number = draw(st.sampled_from([10, 105, 200]))
        body = f"{major}.{minor}X{x}-D{number}"
        branch, stage = 2, 0
    else:
        x = 0
        number = draw(st.sampled_from([1, 2, 3, 10]))
        body = f"{major}.{minor}{kind}{number}"
        branch, stage = (1, 0) if kind == "F" else (0, "IBR".index(kind))
    service = draw(st.sampled_from([0, 1, 5, 10]))
    build = draw(st.sampled_from([0, 0, 2, 4, 15]))
    evo = draw(st.booleans())
    body += (f"-S{service}" if service else "") + (f".{build}" if build else "")
    body += "-EVO" if evo else ""
    if draw(st.integers(0, 4)) == 0:
        body = body.lower()
    prefix = draw(st.sampled_from(["{}", "Junos: {}", "JUNOS {}", " {} "]))
    return prefix.format(body), (major, minor, int(evo), branch, x, stage, number, service, build)


EOS_KINDS: list[tuple[str, ...]] = [(), ("F",), ("M",), ("FX",), ("FX", "CLI"), ("INT",)]


@st.composite
def eos(draw: st.DrawFn) -> Drawn:
    numbers = [
        4,
        draw(st.sampled_from([21, 28])),
        draw(st.sampled_from([0, 1, 3, 10])),
        draw(st.integers(0, 2)),
    ]
    kind = draw(st.sampled_from(EOS_KINDS))
    shown = numbers if numbers[3] or draw(st.booleans()) else numbers[:3]
    body = ".".join(map(str, shown)) + "-".join(kind)
    with_build: bool = draw(st.booleans())
    if kind and with_build:
        body += f"-{draw(st.integers(10**7, 10**8))}.{''.join(map(str, numbers))}{kind[0]}"
    prefix = draw(st.sampled_from(["{}", "EOS-{}", "Software image version: {}", "{} "]))
    return prefix.format(body), (*numbers, kind)


@st.composite
def generic(draw: st.DrawFn) -> Drawn:
    parts: list[tuple[int, Any]] = [(1, draw(st.sampled_from([0, 1, 2, 10])))]
    for _ in range(draw(st.integers(0, 4))):
        if parts[-1][0] == 1 and draw(st.booleans()):
            parts.append((0, draw(st.sampled_from(["a", "b", "rc", "beta", "z"]))))
        else:
            parts.append((1, draw(st.sampled_from([0, 1, 2, 9, 10, 300]))))
    text = ""
    for kind, value in parts:
        if kind == 1 and text and text[-1].isdigit():
            text += draw(st.sampled_from([".", "-", "_"]))
        text += str(value)
    prefix = draw(st.sampled_from(["{}", "v{}", "Version {}"]))
    return prefix.format(text), tuple(parts)


STRATEGIES: dict[str, st.SearchStrategy[Drawn]] = {
    "comware": comware(),
    "vrp": vrp(),
    "ios": ios(),
    "iosxe": iosxe(),
    "nxos": nxos(),
    "junos": junos(),
    "eos": eos(),
    "generic": generic(),
}
