"""Signals other apps listen to, so contracts never import them."""

from django.dispatch import Signal

#: Sent with ``contract`` and ``actor`` when a contract becomes active (created active or
#: changed to active); the service plan starts from it.
contract_activated = Signal()

#: Sent with ``contract``, ``actor`` and ``changed`` (field names) when a contract or one
#: of its entitlements changes, so the plan can re-plan the future.
contract_amended = Signal()
