"""Services: the only code that writes community data on a member's behalf.

Views call them and turn their domain exceptions into messages; each service runs in one
transaction and sends its mails after the commit.
"""
