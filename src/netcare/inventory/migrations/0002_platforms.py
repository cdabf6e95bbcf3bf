"""Seed the platform vocabulary every app shares (ntc-templates / netmiko names).

The rows are written here, not read from a data file, so the migration stays what it
was when it ran. Huawei VRP8 uses netmiko's ``huawei_vrpv8`` driver; collection picks
it from the version, the platform row names the VRP5 default.
"""

from django.db import migrations

PLATFORMS = [
    # slug, vendor, name_zh, name_en, version scheme, netmiko device type
    ("hp_comware", "H3C", "新华三 Comware", "H3C Comware", "comware", "hp_comware"),
    ("huawei_vrp", "Huawei", "华为 VRP", "Huawei VRP", "vrp", "huawei"),
    ("cisco_ios", "Cisco", "思科 IOS", "Cisco IOS", "ios", "cisco_ios"),
    ("cisco_xe", "Cisco", "思科 IOS XE", "Cisco IOS XE", "iosxe", "cisco_xe"),
    ("cisco_nxos", "Cisco", "思科 NX-OS", "Cisco NX-OS", "nxos", "cisco_nxos"),
    ("juniper_junos", "Juniper", "瞻博 Junos OS", "Juniper Junos OS", "junos", "juniper_junos"),
    ("arista_eos", "Arista", "Arista EOS", "Arista EOS", "eos", "arista_eos"),
]


def seed(apps, schema_editor):
    Platform = apps.get_model("inventory", "Platform")
    for slug, vendor, name_zh, name_en, scheme, device_type in PLATFORMS:
        Platform.objects.update_or_create(
            slug=slug,
            defaults={
                "vendor": vendor,
                "name_zh": name_zh,
                "name_en": name_en,
                "version_scheme": scheme,
                "netmiko_device_type": device_type,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("inventory", "Platform").objects.filter(
        slug__in=[p[0] for p in PLATFORMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
