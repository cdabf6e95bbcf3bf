"""Software lifecycle (SERVICE.md items 7 and 8): version schemes, the release catalog,
advisories and their affected ranges, exposures of devices, risk notices, the version
summary and the version assessment.

The engines — ``versions`` (vendor version schemes), ``advisories`` (CSAF 2.0, CVE JSON 5,
vendor bulletin files, KEV and EPSS readers), ``matching`` (the matcher and the risk
score) — are plain Python with no Django import; the app stores what they return.
"""
