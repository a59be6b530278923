"""The bounds the domain puts on numbers: one place for API schemas, forms, models and query strings.

Every number a user can send is checked against one of these before it reaches the database or the
engine, so an out-of-range value is a 422 (API), a form error or an ignored filter with a message,
never a 500 (a 64-bit overflow, a MemoryError from ``range(start, start + 10**12)``, a notification
to every province for the year 99999).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

YEAR_MIN, YEAR_MAX = 2000, 2100
CONSTRUCTION_PERIOD_MIN, CONSTRUCTION_PERIOD_MAX = 1, 5
ID_MIN, ID_MAX = 1, 2**63 - 1  # a database primary key (BigAutoField)
SEED_MIN, SEED_MAX = 0, 2**63 - 1  # stored in a BigIntegerField: 0 <= seed < 2**63
PRIORITY_MIN, PRIORITY_MAX = 1, 100
QUOTA_MIN, QUOTA_MAX = 0, 200
OFFSET_MAX = 10**6
PAGE_MAX = 10**6
CODE_MAX_LENGTH = 32  # indicator, framework and region codes
SHORT_TEXT = 200  # names, labels, titles
REASON_TEXT = 2000  # reasons, comments, notes
LONG_TEXT = 200_000  # a plan section, a call text

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description=f"a year, {YEAR_MIN}–{YEAR_MAX}")]
DbId = Annotated[int, Field(ge=ID_MIN, le=ID_MAX, description="a record id")]
Seed = Annotated[int, Field(ge=SEED_MIN, le=SEED_MAX, description="random seed, 0 ≤ seed < 2^63")]
Priority = Annotated[int, Field(ge=PRIORITY_MIN, le=PRIORITY_MAX)]
Quota = Annotated[int, Field(ge=QUOTA_MIN, le=QUOTA_MAX)]
Offset = Annotated[int, Field(ge=0, le=OFFSET_MAX)]
Page = Annotated[int, Field(ge=1, le=PAGE_MAX)]
Code = Annotated[str, Field(max_length=CODE_MAX_LENGTH)]
ShortText = Annotated[str, Field(max_length=SHORT_TEXT)]
ReasonText = Annotated[str, Field(max_length=REASON_TEXT)]
LongText = Annotated[str, Field(max_length=LONG_TEXT)]
MEASURE_ABS_MAX = 1e15  # a finite value of any indicator, in any unit
Measure = Annotated[float, Field(ge=-MEASURE_ABS_MAX, le=MEASURE_ABS_MAX, allow_inf_nan=False)]
