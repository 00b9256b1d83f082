"""The packet's pages with fpdf2: the cover, one section per goal, a footer on every page.

Text is drawn with DejaVu Sans (Debian's fonts-dejavu-core): fpdf2's built-in fonts are
Latin-1 only and would fail on a name like 'Nguyễn' or on the status symbols. Markup stays off
(fpdf2's default): text from the school's files prints exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lib.reviews.words import Cover, GoalSection

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu"
INK, MUTED = (31, 41, 51), (90, 100, 112)  # lib.core.chart_style's INK, and a muted grey that prints
MARGIN = 18  # mm
FOOTER_MM = 14
HEADING_WITH_A_LINE_MM = 16
CHART_WIDTH = 0.75  # of the text width: a goal with its review notes fits on its page


class PacketError(RuntimeError):
    """The packet can't be made; the message says why and what a person can do."""


@dataclass(frozen=True)
class Chart:
    """A chart's PNG and the sentence that says what it shows (also its alt text)."""

    png: bytes
    caption: str


def font_paths(folder: Path = FONT_DIR) -> dict[str, Path]:
    """{fpdf2 style: TTF file} of DejaVu Sans and its bold; PacketError naming the package if missing."""
    paths = {style: folder / name for style, name in FONT_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise PacketError(
            f"The packet needs the DejaVu fonts, and {', '.join(missing)} is missing: install "
            "Debian's fonts-dejavu-core package (apt-get install fonts-dejavu-core)."
        )
    return paths


class _Pages(FPDF):
    """Letter pages whose footer prints `footer` on the left and `page_words(n)` on the right."""

    def __init__(self, footer: str, page_words: Callable[[int], str]) -> None:
        super().__init__(format="Letter")
        self._footer, self._page_words = footer, page_words
        # Off, as fpdf2's docs say (its type hint says str): the {nb} alias would also replace
        # '{nb}' inside a goal's title. packet_pdf counts the pages instead.
        self.alias_nb_pages(None)  # type: ignore[arg-type]
        for style, path in font_paths().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER_MM)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-MARGIN - 4)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        page = self._page_words(self.page_no())
        page_width = self.get_string_width(page) + 2
        self.cell(self.epw - page_width, 5, _fitted(self, self._footer, self.epw - page_width - 4))
        self.cell(page_width, 5, page, align="R")
        self.set_text_color(*INK)

    def line_of_text(
        self, text: str, size: float, style: str = "", muted: bool = False, gap: float = 0
    ) -> None:
        """A paragraph of plain text across the page, then `gap` mm of space."""
        self.set_font(FAMILY, style, size)
        self.set_text_color(*(MUTED if muted else INK))
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(gap)


def _fitted(pdf: FPDF, text: str, width: float) -> str:
    """`text`, cut with '…' to fit `width` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def draw_cover(pdf: _Pages, cover: Cover) -> None:
    """The cover page: the school, the title, the facts, the headline and the goals' list."""
    pdf.add_page()
    pdf.ln(20)
    pdf.line_of_text(cover.school, 24, "B", gap=2)
    pdf.line_of_text(cover.title, 16, muted=True, gap=10)
    for fact in cover.facts:
        pdf.line_of_text(fact, 11, gap=1.5)
    pdf.ln(8)
    pdf.line_of_text(cover.headline, 14, "B", gap=4)
    for goal in cover.goals:
        pdf.line_of_text(goal, 11, gap=1.5)


def draw_goal_section(pdf: _Pages, section: GoalSection, charts: Sequence[Chart]) -> None:
    """One goal on a new page: what it is, its status and figure, its sentences, its charts.

    A review's blocks (now, notes, decisions, action items) come after the charts; a chart
    never leaves its caption at the foot of a page.
    """
    pdf.add_page()
    pdf.line_of_text(section.kicker, 9, muted=True, gap=2)
    pdf.line_of_text(section.title, 16, "B", gap=2)
    pdf.line_of_text(section.status, 12, "B", gap=4)
    if section.figure:
        pdf.line_of_text(section.figure, 22, "B", gap=1)
        pdf.line_of_text(section.figure_label, 10, muted=True, gap=4)
    for sentence in section.sentences:
        pdf.line_of_text(sentence, 11, gap=2)
    for chart in charts:
        _keep_together(pdf, chart)
        pdf.ln(4)
        pdf.line_of_text(chart.caption, 9, muted=True, gap=1)
        pdf.image(chart.png, w=pdf.epw * CHART_WIDTH, alt_text=chart.caption)
    for heading, lines in section.blocks:
        if pdf.get_y() + HEADING_WITH_A_LINE_MM > pdf.h - pdf.b_margin:
            pdf.add_page()  # a heading never ends a page
        pdf.ln(1.5)
        pdf.line_of_text(heading, 10, "B", gap=0.5)
        for line in lines:
            pdf.line_of_text(line, 10, gap=0.5)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header (IHDR)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _keep_together(pdf: _Pages, chart: Chart) -> None:
    """A new page when the chart, with its caption, would not fit on what is left of this one."""
    width, height = png_size(chart.png)
    needed = 4 + 8 + pdf.epw * CHART_WIDTH * height / max(width, 1)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()


def packet_pdf(
    cover: Cover,
    sections: Sequence[tuple[GoalSection, Sequence[Chart]]],
    footer: str,
    page_words: Callable[[int, int], str],
) -> tuple[bytes, int]:
    """(the PDF, its number of pages): the cover, then each goal's section with its charts.

    Laid out twice: the first pass counts the pages that every footer's 'Page N of M' names.
    """
    pages = _laid_out(cover, sections, footer, lambda page: "").page_no()
    document = _laid_out(cover, sections, footer, lambda page: page_words(page, pages))
    return bytes(document.output()), pages


def _laid_out(
    cover: Cover,
    sections: Sequence[tuple[GoalSection, Sequence[Chart]]],
    footer: str,
    page_words: Callable[[int], str],
) -> _Pages:
    pdf = _Pages(footer, page_words)
    pdf.set_title(f"{cover.school}: {cover.title}")
    pdf.set_lang("en-US")
    draw_cover(pdf, cover)
    for section, charts in sections:
        draw_goal_section(pdf, section, charts)
    return pdf
