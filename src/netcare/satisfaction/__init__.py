"""Return visits, surveys and satisfaction results (回访与满意度调查)."""
