"""Which advisories concern which devices, and what that costs: the exposure matcher
(``matcher``, with ``ranges``, ``tally`` and ``explain``), target releases (``targets``),
the risk coefficient (``risk``) and offline matching of files (``offline``). Plain Python,
no Django; docs/risk-score.md says the rules, ``reference`` is the plain loop the matcher
is proven against, and ``bench/match.py`` measures both.
"""
