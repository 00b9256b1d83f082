"""OneRoster values as real exports write them: booleans, dates, grades, sex and race.

Each reader returns the contract's value, or raises ValueError with the sentence a person
sees; a value that breaks the spec but is clear (TRUE, 9/14/2026, Ten) is returned with the
name of the tolerance, so the import can say how the file differs from the spec.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from lib.core.contract import RACE_ETHNICITY

SPEC_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})( \d{1,2}:\d{2}(:\d{2})?( ?[AaPp][Mm])?)?")
SPACE_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?")


def boolean(text: str) -> tuple[bool | None, str | None]:
    """(value, tolerance): 'true'/'false' as the spec writes them; any other case is a tolerance."""
    if text == "":
        return None, None
    if text in ("true", "false"):
        return text == "true", None
    if text.lower() in ("true", "false"):
        return text.lower() == "true", "case"
    raise ValueError("must be true or false")


def a_date(text: str) -> tuple[date | None, str | None]:
    """(date, tolerance) of a beginDate/endDate/startDate: YYYY-MM-DD, or M/D/YYYY (a tolerance)."""
    if text == "":
        return None, None
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text), None
        match = US_DATE.fullmatch(text)
        if match and not match.group(4):
            return date(int(match.group(3)), int(match.group(1)), int(match.group(2))), "us_date"
    except ValueError:
        pass
    raise ValueError("must be a real date written YYYY-MM-DD")


def last_modified(text: str) -> str | None:
    """The tolerance a dateLastModified uses ('date', 'us_date', 'space'), None for the spec's
    ISO datetime or a blank; ValueError when it is no date at all."""
    if text == "" or _fits(SPEC_DATETIME, text, lambda: datetime.fromisoformat(text.replace("Z", "+00:00"))):
        return None
    if _fits(ISO_DATE, text, lambda: date.fromisoformat(text)):
        return "date"
    if _fits(SPACE_DATETIME, text, lambda: datetime.fromisoformat(text)):
        return "space"
    match = US_DATE.fullmatch(text)
    if match and _fits(
        US_DATE, text, lambda: date(int(match.group(3)), int(match.group(1)), int(match.group(2)))
    ):
        return "us_date"
    raise ValueError("must be a date and time written YYYY-MM-DDTHH:MM:SSZ")


def _fits(pattern: re.Pattern[str], text: str, parse) -> bool:
    if not pattern.fullmatch(text):
        return False
    try:
        parse()
    except ValueError:
        return False
    return True


# CEDS grade codes (the OneRoster spec's grade vocabulary) and the contract grade each becomes.
CEDS_GRADES = {
    "IT": "IT", "PR": "PR", "PK": "PK", "TK": "TK", "KG": "K",
    **{f"{n:02d}": str(n) for n in range(1, 14)},
    "PS": "PS", "UG": "UG", "OTHER": "Other",
}  # fmt: skip
_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen").split()
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth"
).split()
VENDOR_GRADES = {
    "k": "K", "kindergarten": "K", "kinder": "K", "0": "K", "00": "K",
    "pre-k": "PK", "prek": "PK", "pre k": "PK", "p": "PK",
    **{word: str(n) for n, word in enumerate(_WORDS, start=1)},
    **{word: str(n) for n, word in enumerate(_ORDINALS, start=1)},
    **{str(n): str(n) for n in range(1, 14)},
    **{f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}": str(n) for n in range(1, 14)},
    **{f"grade {n}": str(n) for n in range(1, 14)},
}  # fmt: skip


def grade(text: str) -> tuple[str | None, str | None]:
    """(contract grade, tolerance) of one `grades` value: CEDS codes as the spec has them;
    'vendor' for a common spelling (K, Ten, 3rd). ValueError for anything else."""
    value = text.strip()
    if value == "":
        return None, None
    if value.upper() in CEDS_GRADES and (
        value.isdigit() or value == value.upper() or value.upper() == "OTHER"
    ):
        return CEDS_GRADES[value.upper()], None
    spelled = VENDOR_GRADES.get(value.lower()) or CEDS_GRADES.get(value.upper())
    if spelled is None:
        raise ValueError("is not a grade: use a CEDS code (IT, PR, PK, TK, KG, 01 to 13, PS, UG, Other)")
    return spelled, "vendor"


SEXES = {"female": "F", "male": "M", "other": "X", "unspecified": None}


def sex(text: str) -> tuple[str | None, str | None]:
    """(contract sex, tolerance): female F, male M, other X; unspecified and blank are blank."""
    if text == "":
        return None, None
    if text.lower() not in SEXES:
        raise ValueError("must be female, male, other or unspecified")
    return SEXES[text.lower()], None if text == text.lower() else "case"


RACE_COLUMNS = (
    ("americanIndianOrAlaskaNative", RACE_ETHNICITY[0]),
    ("asian", RACE_ETHNICITY[1]),
    ("blackOrAfricanAmerican", RACE_ETHNICITY[2]),
    ("nativeHawaiianOrOtherPacificIslander", RACE_ETHNICITY[4]),
    ("white", RACE_ETHNICITY[5]),
)
HISPANIC = "hispanicOrLatinoEthnicity"
TWO_OR_MORE = "demographicRaceTwoOrMoreRaces"
RACE_COLUMNS_ALL = (*(column for column, _ in RACE_COLUMNS), TWO_OR_MORE, HISPANIC)


def race_ethnicity(flags: dict[str, bool | None]) -> str | None:
    """The federal rule: Hispanic or Latino whatever the race; else Two or More Races when the
    file says so or marks more than one race; else the one race; blank when nothing is marked."""
    if flags.get(HISPANIC):
        return RACE_ETHNICITY[3]
    races = [name for column, name in RACE_COLUMNS if flags.get(column)]
    if flags.get(TWO_OR_MORE) or len(races) > 1:
        return RACE_ETHNICITY[6]
    return races[0] if races else None
