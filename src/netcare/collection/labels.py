"""Display names of the collection vocabularies, in the viewer's language.

Collection records keep short codes (a run's ``ok``/``unmatched``, an uploaded file's
``session``, a configuration feature's ``snmp_v2c``) because the CLI, the API and the
kit speak them; pages show these names instead. One table per vocabulary: run
statuses are ``DeviceRun.Status`` labels, features and file kinds are below. A feature
added to ``data/features.yaml`` needs its name here (a test walks the file).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netcare.collection.models import DeviceRun

#: Configuration features (``data/features.yaml``). Protocol names that read the same
#: in both languages are not translated.
FEATURES: dict[str, str | Promise] = {
    "bgp": _("BGP routing"),
    "ospf": _("OSPF routing"),
    "isis": _("IS-IS routing"),
    "static_route": _("static routes"),
    "vrrp": "VRRP",
    "stacking": _("stacking / multi-chassis"),
    "lacp": _("LACP link aggregation"),
    "stp": _("spanning tree"),
    "vlan": "VLAN",
    "vxlan_evpn": "VXLAN / EVPN",
    "mpls": "MPLS",
    "nat": _("address translation (NAT)"),
    "ipsec": "IPsec VPN",
    "acl": _("access control lists"),
    "qos": "QoS",
    "snmp_v1": "SNMPv1",
    "snmp_v2c": "SNMPv2c",
    "snmp_v3": "SNMPv3",
    "ssh_server": _("SSH server"),
    "telnet_server": _("Telnet server"),
    "http_server": _("HTTP management"),
    "https_server": _("HTTPS management"),
    "ntp": _("NTP time sync"),
    "syslog": _("remote syslog"),
    "aaa": "AAA",
    "tacacs": "TACACS+ / HWTACACS",
    "radius": "RADIUS",
    "dot1x": _("802.1X authentication"),
    "port_security": _("port security"),
    "dhcp_server": _("DHCP server"),
    "dhcp_relay": _("DHCP relay"),
    "multicast": _("multicast"),
}

#: What a file of an uploaded archive turned out to be (``bundles.FileReport.status``).
FILE_KINDS: dict[str, str | Promise] = {
    "output": _("command output"),
    "session": _("terminal session log"),
    "manifest": _("kit manifest"),
    "ignored": _("ignored"),
    "unrecognised": _("not recognised"),
}


def feature_name(code: str) -> str:
    return str(FEATURES.get(code, code))


def file_kind(code: str) -> str:
    return str(FILE_KINDS.get(code, code))


def run_status(code: str) -> str:
    """A device run's status (``ok`` → 成功 / ok, ``unmatched`` → 不在设备清单中)."""
    try:
        return str(DeviceRun.Status(code).label)
    except ValueError:
        return code
