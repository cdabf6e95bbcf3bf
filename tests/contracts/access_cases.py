"""Access-matrix rows for contracts, entitlements and the quota ledger."""

from tests.matrix import SEES_OWN, Case

CASES = {
    "api:contract-list": Case("list", "contract", SEES_OWN),
    "api:contract-detail": Case("detail", "contract", SEES_OWN),
    "api:entitlement-list": Case("list", "entitlement", SEES_OWN),
    "api:entitlement-detail": Case("detail", "entitlement", SEES_OWN),
    "api:ledger-list": Case("list", "ledger", SEES_OWN),
    "api:ledger-detail": Case("detail", "ledger", SEES_OWN),
    "contracts:contract_detail": Case("page_detail", "contract", SEES_OWN),
}
