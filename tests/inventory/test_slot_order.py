"""Module slots are listed in the order an engineer reads them, not as text."""

from netcare.inventory.pages import slot_order


def test_numbers_inside_slots_sort_as_numbers() -> None:
    slots = ["10", "3", "1/0/10", "1/0/2", "PSU10", "PSU2", "CMU(MPU 9)"]
    assert sorted(slots, key=slot_order) == [
        "1/0/2",
        "1/0/10",
        "3",
        "10",
        "CMU(MPU 9)",
        "PSU2",
        "PSU10",
    ]
