"""CSV for spreadsheets: a cell that a spreadsheet would run as a formula is written as text.

OWASP's advice on CSV injection: prefix a cell that begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return with an apostrophe. Excel, LibreOffice and Google Sheets then show the
text and hide the apostrophe. Use it for every CSV meant to be opened in a spreadsheet; not for
files a program reads back byte for byte (the catalogue's EMX2 export).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """`value` as text that a spreadsheet shows as is (None is an empty cell)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_row(values) -> list[str]:
    return [spreadsheet_safe(value) for value in values]
