"""The screen's address: which school, and the `seconds`, `theme` and `slides` options.

Pure functions of the URL's query parameters (each a list of values, as Streamlit gives them).
A value that can't be used is replaced by the default and named in a notice the screen shows
at its foot: a TV has no one to click an error away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from lib.core.filters import school_labels
from lib.core.slides import CLASSES, SLIDE_KINDS, Slide

DEFAULT_SECONDS = 15
MIN_SECONDS, MAX_SECONDS = 5, 600
THEMES = ("dark", "light")
# Classes are left out unless asked for: a class's name often carries its teacher's, and a
# ranking of classes is a principal's choice to make, not the screen's default.
DEFAULT_SLIDES = tuple(kind for kind in SLIDE_KINDS if kind != CLASSES)


@dataclass(frozen=True)
class ScreenOptions:
    """seconds per slide, theme ('dark' or 'light'), slide kinds in order, and what was ignored."""

    seconds: int = DEFAULT_SECONDS
    theme: str = "dark"
    slides: tuple[str, ...] = DEFAULT_SLIDES
    notices: tuple[str, ...] = ()


def _quoted(text: str, limit: int = 40) -> str:
    """'“tv”': a value from the address as plain text (the screen escapes it as it draws it)."""
    shown = " ".join(text.split())
    return f"“{shown if len(shown) <= limit else shown[: limit - 1] + '…'}”"


def _last(values: Sequence[str] | None) -> str | None:
    return values[-1].strip() if values else None


def _seconds(text: str | None) -> tuple[int, str | None]:
    if text is None or text == "":
        return DEFAULT_SECONDS, None
    try:
        seconds = int(float(text))
    except (ValueError, OverflowError):  # 'abc', 'inf', '1e999'
        return DEFAULT_SECONDS, f"seconds={_quoted(text)} is not a number: {DEFAULT_SECONDS} seconds a slide."
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        kept = min(max(seconds, MIN_SECONDS), MAX_SECONDS)
        return (
            kept,
            f"seconds={_quoted(text)} is outside {MIN_SECONDS}–{MAX_SECONDS}: {kept} seconds a slide.",
        )
    return seconds, None


def _theme(text: str | None) -> tuple[str, str | None]:
    if not text or text.lower() in THEMES:
        return (text or "dark").lower(), None
    return "dark", f"theme={_quoted(text)} is not dark or light: dark."


def _slides(values: Sequence[str] | None) -> tuple[tuple[str, ...], str | None]:
    asked = [part.strip().lower() for value in values or () for part in value.split(",") if part.strip()]
    known = tuple(dict.fromkeys(kind for kind in asked if kind in SLIDE_KINDS))
    unknown = [kind for kind in asked if kind not in SLIDE_KINDS]
    if not unknown:
        return known or DEFAULT_SLIDES, None
    words = f"Unknown slides {', '.join(_quoted(kind) for kind in unknown[:3])} left out (slides: {', '.join(SLIDE_KINDS)})."
    return known or DEFAULT_SLIDES, words


def screen_options(params: Mapping[str, Sequence[str]]) -> ScreenOptions:
    """The options of the address's query parameters; defaults (with a notice) where unusable."""
    seconds, seconds_notice = _seconds(_last(params.get("seconds")))
    theme, theme_notice = _theme(_last(params.get("theme")))
    slides, slides_notice = _slides(params.get("slides"))
    notices = tuple(n for n in (seconds_notice, theme_notice, slides_notice) if n)
    return ScreenOptions(seconds, theme, slides, notices)


def school_of_param(value: str | None, schools: Mapping[str, str]) -> str | None:
    """The school id an address names by id, name or label (case and spaces aside); None: none."""
    if not value:
        return None
    wanted = value.strip().casefold()
    labels = school_labels(schools)
    for school_id in schools:
        if wanted in (school_id.casefold(), labels[school_id].casefold()):
            return school_id
    # A bare name two schools share names neither: the screen asks which (their labels add the id).
    named = [school_id for school_id, name in schools.items() if name.strip().casefold() == wanted]
    return named[0] if len(named) == 1 else None


def in_rotation(slides: Sequence[Slide], kinds: Sequence[str]) -> tuple[Slide, ...]:
    """The slides of `kinds`, kind by kind in that order, each kind's slides in their own order."""
    return tuple(slide for kind in kinds for slide in slides if slide.kind == kind)


def next_position(keys: Sequence[str], shown: str | None) -> int:
    """Where the rotation goes after the slide `shown`: the one after it, the first after the
    end or when `shown` is gone (new data took it away); 0 to start."""
    if shown is None or shown not in keys:
        return 0
    return (list(keys).index(shown) + 1) % len(keys)


@dataclass(frozen=True)
class ScreenRequest:
    """What the frame (app.py) worked out for one screen: the school, its label, the options,
    and the display link's token when the screen opened through one (checked on every slide,
    so a revoked link stops the screen at its next slide)."""

    school_id: str
    school_label: str
    options: ScreenOptions
    token: str | None = None


def screen_school(asked: str | None, allowed: Mapping[str, str]) -> str | None:
    """The school the screen shows: the one the address names among `allowed` (id -> name);
    without one, the only school allowed; None otherwise."""
    if asked:
        return school_of_param(asked, allowed)
    return next(iter(allowed)) if len(allowed) == 1 else None


def screen_address(school_label: str) -> str:
    """The screen's address relative to the app's root page: 'display?school=Maple+Grove+Elementary'."""
    return "display?" + urlencode({"school": school_label})
