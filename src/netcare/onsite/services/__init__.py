"""Onsite support operations, one module per noun.

* visits — dispatch, arrival, days logged on the contract's ledger, over-quota approval,
  cancellation
* quota — the customer's person-days (granted, used, left, by visit) and the warning
  when less than one day is left
* records — the onsite support record, published as a deliverable that closes the request
"""
