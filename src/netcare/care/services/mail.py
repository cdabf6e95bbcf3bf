"""The one place care mails a customer's contact: through the notification service.

``notifications.services.mail_address`` mails a kind's templates to an address that is
no NetCare user. A care greeting is text the account manager has drafted and may have
edited, so its kind (``care_greeting``, templates in this app) passes subject and body
through unchanged. Nothing is sent twice and nothing is stored by the notification
service: the caller records the touch once the mail went out.
"""

from __future__ import annotations

from netcare.notifications.services import mail_address

KIND = "care_greeting"


class MailRefused(Exception):
    """The mail server did not take the message (the notification service logs why)."""


def send_to_address(address: str, subject: str, body: str, *, language: str = "zh") -> None:
    """Send one greeting to one address; raise ``MailRefused`` when it did not go out."""
    if not mail_address(address, KIND, language, {"subject": subject, "body": body}):
        raise MailRefused(KIND)
