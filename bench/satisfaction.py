"""Satisfaction arithmetic throughput: the figures across all customers from R responses
(default 200 customers × 50 responses × 12 items, with a comment in three of four),
synthesised deterministically (``--seed``). Goal: the cross-customer figures in < 1 s,
and the comment themes no slower than 25 µs per comment.

Run: .venv/bin/python -m bench.satisfaction [--customers 200] [--responses 50] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time

from netcare.satisfaction import results

ITEMS = [f"item_{n:02d}" for n in range(12)]
COMMENTS = [
    "问题响应很快，根因分析专业",
    "版本升级建议希望提前沟通",
    "The onsite engineer was helpful",
    "Reports come late",
    "谢谢",
    "希望增加培训和研讨",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--responses", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    scores, nps, comments = [], [], []
    for customer in range(args.customers):
        for _ in range(args.responses):
            for item in ITEMS:
                if rng.random() < 0.8:
                    scores.append(results.Score(item, rng.randint(1, 5), "survey", str(customer)))
            nps.append(rng.randint(0, 10))
            if rng.random() < 0.75:
                comments.append(rng.choice(COMMENTS) + f" #{len(comments)}")
    invited = args.customers * args.responses * 2
    started = time.perf_counter()
    figures = results.figures(
        invited=invited,
        responded=len(nps),
        scores=scores,
        recommendations=nps,
        comments=comments,
        items=ITEMS,
    )
    took = time.perf_counter() - started
    started = time.perf_counter()
    results.group_comments(comments)
    themes = time.perf_counter() - started
    print(
        f"{len(scores):,} scores, {len(nps):,} responses, {len(comments):,} comments: "
        f"figures in {took:.3f} s (goal < 1 s); themes {themes / max(len(comments), 1) * 1e6:.2f} "
        f"µs per comment (goal < 25); CSAT {figures.overall.share}% NPS {figures.nps.score}"
    )


if __name__ == "__main__":
    main()
