"""Secrets masked out of a device configuration, for everyone outside the vendor's staff.

A running configuration holds local-user password hashes, SNMP communities, enable
secrets, AAA server keys, routing-protocol and VPN keys. Configurations are the
vendor staff's working material; wherever one is shown to a customer user or put in a
report, it goes through :func:`mask_secrets` first — the one masking function.

The engine is netutils' ``sanitize_config`` (a list of multi-line regex filters). netutils
1.19.2 ships the engine only: its sample filters (``_PROVIDED_SANITIZE_FILTERS``, private)
cover two Cisco ``username`` forms, so the filters for our seven platforms are here. Each
keeps the line and its keywords and replaces only the secret value with :data:`MASK`, so a
masked configuration still reads (and diffs) line for line. What the filters know:

* Cisco IOS/IOS-XE, NX-OS, EOS: ``enable secret|password``, ``username … secret|password``
  (types 0/5/7/8/9, ``sha512``), ``aaa root secret``, ``snmp-server community``, the
  community of ``snmp-server host``, ``snmp-server user … auth/priv`` keys,
  ``tacacs-server``/``radius-server``/``server-private … key``, ``key-string``,
  ``ip ospf authentication-key``/``message-digest-key``, ``ntp authentication-key``,
  BGP ``neighbor … password``, IS-IS ``area-/domain-password``, ``crypto isakmp key``,
  ``pre-shared-key``, ``password 7 …`` under lines, ``ppp chap|pap password``.
* Comware and VRP: every value after ``cipher``/``irreversible-cipher``/``simple``
  (``local-user … password irreversible-cipher``, ``password hash|cipher``,
  ``snmp-agent community read|write cipher|simple``, ``shared-key cipher``, OSPF and
  key-chain ``cipher``), ``password hash``, plain ``snmp-agent community read|write X``
  and ``securityname`` of a trap host.
* Junos: ``encrypted-password``, every ``$9$…`` value, and quoted values of ``secret``,
  ``authentication-key``, ``simple-password``, ``ascii-text``, ``hexadecimal``,
  ``pre-shared-key``, ``key``; ``snmp community NAME`` and, in the braces form,
  ``community NAME {`` under ``snmp``; a value ends at its statement's ``;``.

Plain Python (no Django): the pages, the API and reports share it.
"""

from __future__ import annotations

import re

from netutils.config.clean import sanitize_config

#: What a secret value becomes.
MASK = "******"

# Atomic: a type number once read is never taken back as the value (masking twice).
_TYPE = r"(?>(?: (?:[0-9]|sha512|sha256))?)"
_NOT_MASKED = "(?!" + re.escape(MASK) + ")"
# Words after "password" at the start of a line that are settings, not a password
# (VRP "password history record number 0", NX-OS "password strength-check", ...).
_SETTING_WORDS = (
    r"hash|cipher|simple|irreversible-cipher|history|expire|expire-notice|alert|policy|"
    r"min-length|complexity|aging|strength-check|recovery|restriction|encryption"
)


def _rule(regex: str, replace: str = rf"\1 {MASK}") -> dict[str, str]:
    return {"regex": regex, "replace": replace}


#: The filters, in order (netutils applies each to the whole text, multi-line mode).
FILTERS: list[dict[str, str]] = [
    # --- Cisco IOS / IOS-XE / NX-OS / EOS -------------------------------------------
    _rule(rf"^(\s*enable (?:secret|password)(?: level \d+)?{_TYPE}) {_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*username \S+\b.*?\b(?:secret|password){_TYPE}) {_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*aaa root secret{_TYPE}) {_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*password(?>(?: [0-9])?)) (?!(?:{_SETTING_WORDS})\b){_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*snmp-server community) {_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*snmp-server host .*?\bversion (?:1|2c)) {_NOT_MASKED}(\S+)"),
    _rule(
        r"^(\s*snmp-server host \S+(?: vrf \S+)?(?: (?:traps|informs))?) "
        rf"(?!(?:version|vrf|traps|informs|source-interface|use-vrf|filter-vrf)\b)"
        rf"{_NOT_MASKED}(\S+)"
    ),
    _rule(rf"^(\s*snmp-server user \S+.*?\bauth (?:md5|sha\S*)) {_NOT_MASKED}(\S+)"),
    _rule(
        r"^(\s*snmp-server user \S+.*?\bpriv(?: (?:aes|des|3des|aes-\d+))?(?: \d+)?) "
        rf"{_NOT_MASKED}(\S+)"
    ),
    _rule(
        r"^(\s*(?:tacacs-server|radius-server|server-private|tacacs|radius)\b.*?\bkey"
        rf"(?>(?: [0-9])?)) (?!cipher\b|simple\b){_NOT_MASKED}(\S+)"
    ),
    _rule(rf"(\bkey-string(?>(?: [0-9])?)) {_NOT_MASKED}(\S+)"),
    _rule(rf"(\bntp authentication-key \d+ md5) {_NOT_MASKED}(\S+)"),
    _rule(
        rf"(\bauthentication-key(?>(?: [0-9])?)) (?!md5\b|\d+ md5\b|cipher\b|simple\b|\")"
        rf"{_NOT_MASKED}([^\s;]+)"
    ),
    _rule(rf"(\bmessage-digest-key \d+ md5(?>(?: [0-9])?)) {_NOT_MASKED}(\S+)"),
    _rule(rf"^(\s*neighbor \S+ password(?>(?: [0-9])?)) {_NOT_MASKED}(\S+)"),
    _rule(rf"(\b(?:area|domain)-password) {_NOT_MASKED}(\S+)"),
    _rule(rf"(\bisis password) {_NOT_MASKED}(\S+)"),
    _rule(rf"(\bcrypto isakmp key(?>(?: [0-9])?)) {_NOT_MASKED}(\S+)"),
    _rule(
        r"(\bpre-shared-key(?: (?:local|remote))?(?>(?: [0-9])?)) "
        rf"(?!(?:cipher|simple|ascii-text|hexadecimal)\b){_NOT_MASKED}(\S+)"
    ),
    _rule(rf"(\bppp (?:chap|pap)\b.*?\bpassword(?>(?: [0-9])?)) {_NOT_MASKED}(\S+)"),
    # --- Comware / VRP -----------------------------------------------------------------
    _rule(rf"(\bpassword hash) {_NOT_MASKED}(\S+)"),
    # "cipher|simple authentication-mode …" of an SNMPv3 user says how the keys are given.
    _rule(
        r"(\busm-user\b.*?\bauthentication-mode (?:md5|sha\S*)) "
        rf"(?!(?:cipher|simple)\b){_NOT_MASKED}(\S+)"
    ),
    _rule(
        r"(\busm-user\b.*?\bprivacy-mode \S+) (?!(?:cipher|simple)\b)"
        rf"{_NOT_MASKED}(\S+)"
    ),
    _rule(rf"(\bsimple(?: plain| cipher)?) (?!authentication-mode\b){_NOT_MASKED}(\S+)"),
    # "cipher" before an algorithm list (ssh2 algorithm cipher aes128-ctr ...) is no secret.
    _rule(
        r"(\bcipher) (?!(?:aes|3?des|chacha|blowfish|arcfour|camellia|authentication-mode)\w*)"
        rf"{_NOT_MASKED}(\S+)"
    ),
    _rule(rf"(\bsnmp-agent community (?:read|write)) (?!(?:cipher|simple)\b){_NOT_MASKED}(\S+)"),
    _rule(rf"(\bsecurityname) {_NOT_MASKED}(\S+)"),
    # --- Junos ----------------------------------------------------------------------------
    # The value ends at the statement's ";" in the braces form (unquoted: ``brown23;``).
    _rule(r"(\bencrypted-password) (\"[^\"]*\"|[^\s;]+)", rf'\1 "{MASK}"'),
    _rule(r"\$9\$[^\"\s;]+", MASK),
    _rule(
        r"(\b(?:secret|authentication-key|simple-password|ascii-text|hexadecimal|"
        r"pre-shared-key|key)) \"[^\"]*\"",
        rf'\1 "{MASK}"',
    ),
    _rule(rf"(\bsnmp community) {_NOT_MASKED}(\S+)"),
    # Braces form: "community public {" (or "community public;") inside "snmp { … }". A
    # policy-options community always names its "members", so it is left alone.
    _rule(rf"^(\s*community) {_NOT_MASKED}(\"[^\"]*\"|[^\s{{;\"]+)(?=\s*[{{;])"),
]


def mask_secrets(config: str) -> str:
    """The configuration with every secret value replaced by :data:`MASK`.

    Lines, their order and their keywords stay; only the values go. Safe on any text
    (an output that is no configuration comes back unchanged unless it looks like one).
    """
    return sanitize_config(config, FILTERS)
