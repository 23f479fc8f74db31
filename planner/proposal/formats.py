"""How each kind of number is shown: text for Word, a number format for Excel (the same
rounding), so a table reads the same in both.

=========  ==================  ==============  =============================
kind       Word                Excel           for
=========  ==================  ==============  =============================
yuan       1,234,567           #,##0           yuan amounts
yuan_m2    3.98                0.00            yuan per m²·month (a fee)
share      93.5%               0.0%            shares and rates
rate       30%                 0%              parameters given as shares
people     7.4                 0.0             full-time people
int        1,234               #,##0           counts, people on a shift
num1       2.4                 0.0             one decimal
num2       2.42                0.00            two decimals
factor     1.0500              0.0000          growth factors
signed     +1 / -2 / —         +#,##0;-#,##0   a change in people on a shift
signed1    +1.5 / -2.0 / —     +0.0;-0.0       a difference in full-time people
number     1,200 / 0.15        General         parameters as given
text       as is               @               words
=========  ==================  ==============  =============================
"""

from __future__ import annotations

import math

KINDS = ("text", "yuan", "yuan_m2", "share", "rate", "people", "int", "num1", "num2", "factor", "number",
         "signed", "signed1")

EXCEL_FORMATS = {
    "yuan": "#,##0", "yuan_m2": "0.00", "share": "0.0%", "rate": "0%", "people": "0.0", "int": "#,##0",
    "num1": "0.0", "num2": "0.00", "factor": "0.0000", "number": "General", "text": "@",
    "signed": '+#,##0;-#,##0;"—"', "signed1": '+0.0;-0.0;"—"',
}
NUMERIC = frozenset(KINDS) - {"text"}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value, kind: str, prefix: str = "", suffix: str = "") -> str:
    """``value`` as Word shows it (``prefix`` and ``suffix`` around numbers, e.g. '≥ ')."""
    if is_missing(value):
        return "—"
    if kind == "text":
        return str(value)
    v = float(value)
    if kind in ("yuan", "int"):
        text = f"{round(v):,}"
        text = "0" if text == "-0" else text
    elif kind in ("yuan_m2", "num2"):
        text = f"{v:,.2f}"
    elif kind == "share":
        text = f"{v:.1%}"
    elif kind == "rate":
        text = f"{round(v * 100, 4):g}%"
    elif kind in ("people", "num1"):
        text = f"{v:,.1f}"
    elif kind == "factor":
        text = f"{v:.4f}"
    elif kind in ("signed", "signed1"):
        text = f"{v:+,.0f}" if kind == "signed" else f"{v:+,.1f}"
        if text.lstrip("+-").strip("0.,") == "":
            text = "—"
    else:  # number: as given, without float noise
        text = f"{v:,.6g}" if abs(v) >= 1000 else f"{round(v, 6):g}"
        if "e" in text:
            text = f"{v:,.0f}"
    return f"{prefix}{text}{suffix}"


def excel_format(kind: str, prefix: str = "", suffix: str = "") -> str:
    """Excel's number format for ``kind``, with literal ``prefix``/``suffix``."""
    fmt = EXCEL_FORMATS[kind]
    if fmt == "General" or ";" in fmt or not (prefix or suffix):
        return fmt
    pre = f'"{prefix}"' if prefix else ""
    suf = f'"{suffix}"' if suffix else ""
    return f"{pre}{fmt}{suf}"
