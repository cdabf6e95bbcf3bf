"""The words of an exposure's ``detail``: which range matched, or why the advisory does
not apply, or why the matcher could not decide — in Chinese and English, in plain words
an expert can read to a customer.

One writer for the matcher and for its reference loop (``reference.py``), so the proof
that both decide alike compares whole exposures, words included.
"""

from __future__ import annotations

from netcare.core.text import Text
from netcare.lifecycle.advisories.model import AffectedProduct, AffectedRange, FeatureCondition
from netcare.lifecycle.matching.model import DeviceRecord, Reason
from netcare.lifecycle.matching.ranges import Decision

__all__ = ["describe", "range_words"]

_LIST_MAX = 4


def range_words(r: AffectedRange) -> str:
    """The range as the record wrote it, else rebuilt from its bounds."""
    if r.raw.strip():
        return r.raw.strip()
    if r.exact:
        return f"= {r.exact}"
    parts = []
    if r.introduced:
        parts.append(f"{'>' if r.introduced_exclusive else '>='} {r.introduced}")
    if r.fixed:
        parts.append(f"< {r.fixed}")
    if r.last_affected:
        parts.append(f"<= {r.last_affected}")
    return ", ".join(parts) or "*"


def _listed(items: list[str] | tuple[str, ...], sep: str) -> str:
    shown = list(items[:_LIST_MAX])
    more = len(items) - len(shown)
    text = sep.join(shown)
    return f"{text}{sep}… (+{more})" if more > 0 else text


def _version_sentence(
    reason: Reason, d: Decision, product: AffectedProduct, version: str, scheme: str
) -> Text:
    name = product.product or product.vendor or "?"
    rng = range_words(d.range) if d.range is not None else ""
    if reason == Reason.VERSION_IN_RANGE:
        return Text(
            f"版本 {version} 在 {name} 的受影响范围 {rng} 内。",
            f"{version} is in the affected range {rng} of {name}.",
        )
    if reason == Reason.DEFAULT_AFFECTED:
        return Text(
            f"版本 {version} 不在 {name} 列出的范围内，公告称其余版本均受影响。",
            f"{version} is outside the ranges listed for {name}, and the advisory says "
            "its other versions are affected.",
        )
    if reason == Reason.VERSION_FIXED:
        where = f"（范围 {rng}）" if rng else ""
        where_en = f" (range {rng})" if rng else ""
        return Text(
            f"版本 {version} 已包含修复 {d.fixed_by}{where}，{name} 不受影响。",
            f"{version} is at or after the fix {d.fixed_by}{where_en}; {name} is not affected.",
        )
    if reason == Reason.VERSION_NOT_IN_RANGE:
        if d.range is not None:
            return Text(
                f"公告将版本范围 {rng} 列为不受影响，{version} 在其中。",
                f"The advisory lists {rng} as not affected, and {version} is in it.",
            )
        ranges = [range_words(r) for r in product.ranges if r.status == "affected"]
        listed = _listed(ranges, "; ") or "—"
        return Text(
            f"版本 {version} 不在 {name} 的任何受影响范围内（{listed}）。",
            f"{version} is in no affected range of {name} ({listed}).",
        )
    if reason == Reason.RANGE_UNKNOWN:
        return Text(
            f"版本 {version} 在范围 {rng} 内，公告称该范围的影响情况未知。",
            f"{version} is in the range {rng}, whose status the advisory gives as unknown.",
        )
    if reason == Reason.RANGE_UNREADABLE:
        p = d.problem
        bound = f"{p.field} {p.text!r}" if p is not None else rng
        why = p.why if p is not None else ""
        return Text(
            f"范围 {rng} 的边界 {bound} 无法按 {scheme} 版本规则读取（{why}），"
            f"无法判断 {version} 是否受影响。",
            f"The bound {bound} of the range {rng} cannot be read by the {scheme} version "
            f"scheme ({why}), so whether {version} is affected is unknown.",
        )
    if reason == Reason.NO_VERSIONS:
        if product.problems:
            problems = _listed(product.problems, "; ")
            return Text(
                f"公告提到 {name}，但其版本范围无法读取（{problems}）。",
                f"The advisory names {name}, but its version ranges could not be read "
                f"({problems}).",
            )
        return Text(
            f"公告提到 {name}，但未给出受影响版本。",
            f"The advisory names {name} without giving affected versions.",
        )
    if reason == Reason.DEFAULT_UNKNOWN:
        return Text(
            f"版本 {version} 不在 {name} 列出的范围内，公告称其余版本的影响情况未知。",
            f"{version} is outside the ranges listed for {name}, and the advisory gives "
            "its other versions' status as unknown.",
        )
    raise ValueError(f"no version sentence for {reason}")


def _feature_sentence(
    reason: Reason, feature: FeatureCondition, features: frozenset[str] | None
) -> Text:
    names = sorted(feature.any_of)
    wanted = names[0] if len(names) == 1 else f"{_listed(names, '、')} 之一"
    wanted_en = names[0] if len(names) == 1 else f"one of {_listed(names, ', ')}"
    said = f"（{feature.text}）" if feature.text else ""
    said_en = f" ({feature.text})" if feature.text else ""
    if reason == Reason.FEATURE_IN_USE:
        used = ", ".join(sorted((features or frozenset()) & set(feature.any_of)))
        return Text(
            f"设备启用了 {used}，满足触发条件{said}。",
            f"The device uses {used}, which the advisory's condition needs{said_en}.",
        )
    if reason == Reason.FEATURE_UNKNOWN:
        return Text(
            f"仅当启用 {wanted} 时受影响{said}；该设备未采集配置，功能使用情况未知。",
            f"It applies only when {wanted_en} is in use{said_en}; no configuration "
            "was collected from the device, so its features are unknown.",
        )
    return Text(
        f"但仅当启用 {wanted} 时受影响{said}，该设备均未启用。",
        f"But it applies only when {wanted_en} is in use{said_en}, and "
        f"{'it is not' if len(names) == 1 else 'none is'}.",
    )


def describe(
    reason: Reason,
    *,
    device: DeviceRecord,
    scheme: str,
    product: AffectedProduct | None = None,
    decision: Decision | None = None,
    feature: FeatureCondition | None = None,
    patterns: tuple[str, ...] = (),
    version_error: str = "",
) -> Text:
    """The ``detail`` of an exposure with this reason (see :class:`Reason`)."""
    if reason == Reason.MODEL_OUT_OF_SCOPE:
        listed = _listed(patterns, ", ")
        return Text(
            f"型号 {device.model} 不在公告所列型号（{listed}）之内。",
            f"The model {device.model} is not among the models the advisory names ({listed}).",
        )
    if reason == Reason.VERSION_UNKNOWN:
        shown = device.version or "—"
        return Text(
            f"版本 {shown!r} 无法按 {scheme} 版本规则读取（{version_error}），无法判断是否受影响。",
            f"The version {shown!r} cannot be read by the {scheme} version scheme "
            f"({version_error}), so whether the advisory applies is unknown.",
        )
    assert decision is not None and product is not None
    if reason in (Reason.FEATURE_IN_USE, Reason.FEATURE_UNKNOWN, Reason.FEATURE_NOT_IN_USE):
        assert feature is not None
        base = _version_sentence(decision.reason, decision, product, device.version, scheme)
        more = _feature_sentence(reason, feature, device.features)
        return Text(f"{base.zh}{more.zh}", f"{base.en} {more.en}")
    return _version_sentence(reason, decision, product, device.version, scheme)
