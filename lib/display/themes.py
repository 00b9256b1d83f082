"""The screen's two themes and the contrast rule they are held to (WCAG 2.1).

Text (words, figures, the status word on its badge) needs a contrast of at least 4.5:1 with
what is behind it; a bar's fill at least 3:1 with its track (a large graphic, WCAG 1.4.11).
tests/test_display.py checks every pair of each theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.core.status import AT_RISK, ENDED_MET, ENDED_MISSED, HIDDEN, MET, NOT_STARTED, OFF_TRACK, ON_TRACK

TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0


@dataclass(frozen=True)
class Palette:
    """Colours as '#rrggbb'. badges: status -> (badge background, badge text)."""

    background: str
    ink: str
    muted: str  # secondary words: the kicker, labels, the foot
    track: str  # a bar's empty part
    fill: str  # a bar's filled part
    marker: str  # the even-pace or target marker and its label
    badges: dict[str, tuple[str, str]]


_GOOD_DARK, _WARN_DARK, _BAD_DARK, _GREY_DARK = "#7ee2a8", "#ffd166", "#ff9b9b", "#c9d1d9"
_GOOD_LIGHT, _WARN_LIGHT, _BAD_LIGHT, _GREY_LIGHT = "#14632f", "#7a4b00", "#9b1c1c", "#3d4852"


def _badges(good: str, warn: str, bad: str, grey: str, text: str) -> dict[str, tuple[str, str]]:
    return {
        MET: (good, text),
        ON_TRACK: (good, text),
        ENDED_MET: (good, text),
        AT_RISK: (warn, text),
        OFF_TRACK: (bad, text),
        ENDED_MISSED: (bad, text),
        NOT_STARTED: (grey, text),
        HIDDEN: (grey, text),
    }


PALETTES = {
    "dark": Palette(
        background="#0d1b2a",
        ink="#ffffff",
        muted="#c4d0dc",
        track="#33475c",
        fill="#6cb6ff",
        marker="#ffffff",
        badges=_badges(_GOOD_DARK, _WARN_DARK, _BAD_DARK, _GREY_DARK, "#0d1b2a"),
    ),
    "light": Palette(
        background="#ffffff",
        ink="#111827",
        muted="#454f5b",
        track="#d5dde5",
        fill="#1f5fa8",
        marker="#111827",
        badges=_badges(_GOOD_LIGHT, _WARN_LIGHT, _BAD_LIGHT, _GREY_LIGHT, "#ffffff"),
    ),
}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of '#rrggbb' (0 black to 1 white)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
