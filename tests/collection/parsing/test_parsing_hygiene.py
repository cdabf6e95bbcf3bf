"""Hygiene on real captures (GBK, CRLF, pager remnants, ANSI, truncation) and properties."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from netcare.collection.parsing import hygiene
from netcare.collection.parsing.hygiene import clean, clean_text, decode, truncation_hints

DATA = Path(__file__).resolve().parents[2] / "data" / "outputs"


def test_gbk_session_decodes_and_loses_crlf_and_pager() -> None:
    raw = (DATA / "hp_comware" / "session_sw-core_gbk_crlf.log").read_bytes()
    assert b"\r\n" in raw and b"\x1b[16D" in raw
    result = clean(raw)
    assert result.encoding == "gb18030"
    assert "### LAN 核心上联 ###" in result.text
    assert "\r" not in result.text and "\x1b" not in result.text
    assert "More" not in result.text
    # the line after the erased pager keeps its own text, not the prompt's remnant
    assert "\nBrief information on interfaces in bridge mode:\n" in result.text


def test_vrp_pager_erased_with_cursor_moves_keeps_following_line() -> None:
    text = clean_text((DATA / "huawei_vrp" / "session_pe1_paged.log").read_bytes())
    assert "---- More ----" not in text
    assert "\n  SDRAM Memory Size   : 8192 M bytes\n" in text


def test_ios_more_erased_with_backspaces() -> None:
    text = clean_text((DATA / "cisco_ios" / "session_router1_more.log").read_bytes())
    assert "--More--" not in text and "\b" not in text
    assert (
        "\ncisco WS-C4948E (MPC8548) processor (revision 4) with 1048576K bytes of memory.\n"
        in (text)
    )


def test_truncated_output_is_reported() -> None:
    result = clean((DATA / "cisco_ios" / "show_interfaces_truncated.txt").read_text())
    assert "ended_at_pager" in result.hints
    assert result.text.endswith("input flow-control is off, output flow-control is unsupported\n")


def test_config_without_end_marker_is_a_truncation_hint() -> None:
    config = (DATA / "cisco_ios" / "show_running-config_as2border2.txt").read_text()
    assert truncation_hints(config, platform="cisco_ios", key="running_config") == []
    cut = "\n".join(config.splitlines()[:60])
    assert truncation_hints(cut, platform="cisco_ios", key="running_config") == [
        "config_without_end"
    ]


def test_bad_bytes_never_crash() -> None:
    text, encoding = decode(b"\xff\xfe\x81 Gi0/1 up")
    assert encoding == "utf-8-replace" and "Gi0/1 up" in text
    assert "undecodable_bytes" in clean(b"\xff\xfe\x81").hints


_PAGERS = st.sampled_from(
    [
        "  ---- More ----",
        "---- More ----",
        " --More-- ",
        "--More--",
        "---(more 42%)---",
        "  ---- More ----\x1b[42D" + " " * 42 + "\x1b[42D",
        "  ---- More ----\x1b[16D" + " " * 16 + "\x1b[16D",
        " --More-- " + "\b" * 10 + " " * 10 + "\b" * 10,
    ]
)
_NOISE = st.text(
    alphabet=st.sampled_from(list("ab -\r\n\b\t\x1b[0123456789DKm%More更多")), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_clean_never_raises_and_is_idempotent(raw: bytes | str) -> None:
    once = clean(raw).text
    assert clean(once).text == once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PAGERS, _NOISE, st.text(max_size=20)), max_size=12))
def test_no_pager_prompt_survives(parts: list[str]) -> None:
    text = clean_text("".join(parts))
    assert "---- More ----" not in text
    assert "--More--" not in text
    assert clean_text(text) == text
    assert all(line == line.rstrip() for line in text.splitlines())


_PAGERISH = st.text(alphabet=" \t\r\n-()%0123456789Moremore更多ORxy", max_size=80)


@settings(max_examples=500, deadline=None)
@given(text=_PAGERISH)
def test_fast_paths_agree_with_the_regexes(text: str) -> None:
    """The substring probes are shortcuts, never a different answer."""
    assert hygiene._has_pager(text) == (hygiene._PAGER.search(text) is not None)
    assert hygiene._split_lines(text) == hygiene._LINE_END.split(text)
