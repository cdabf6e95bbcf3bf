"""Change assurance and critical-period assurance (变更保障, 关键时刻保障)."""
