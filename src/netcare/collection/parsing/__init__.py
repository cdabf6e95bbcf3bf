"""Pure-Python parsing engine for collected device outputs (no Django import here).

Entry points: :func:`hygiene.clean`, :func:`commands.key_for`, :func:`templates.parse`,
:func:`recognise.recognise` / :func:`recognise.split_session`, :func:`facts.build_facts`
and :func:`features.detect_features`.
"""
