"""Care operations, one module per noun.

* documents — the service plan document: generate from the confirmed plan, publish
* messages — house templates, a customer's own wording, drafting per channel and language
* touches — the care agenda, touches sent by e-mail or recorded, the due-touch reminder
* mail — the one function that mails a customer's contact
"""
