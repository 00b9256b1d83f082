"""The staff-meeting screen: one school's goals, a slide at a time, for a TV at /display.

The frame (app.py) decided who may see which school and set web.screen(); this page only
rotates. A fragment re-runs every `seconds`: it reads the data as it is now (a new import shows
at the next slide, with no reload), checks the display link is still valid, and draws the next
slide in place of the last.
"""

import streamlit as st

from lib.access.tokens import school_of_display_token
from lib.core import web
from lib.core.appdb import AppDatabase
from lib.core.filters import filter_options
from lib.display.html import Frame, message_html, slide_html, stylesheet
from lib.display.options import in_rotation, next_position
from lib.display.themes import PALETTES
from lib.display.words import BAD_LINK, NO_DATA, NO_SLIDES, updated_words
from lib.goals.slides import goal_slides
from lib.reading.slides import reading_slides

web.frame_first("display")  # a bookmark opened on a fresh server: run the frame, which runs this page

request, policy = web.screen(), web.context().settings.policy
palette = PALETTES[request.options.theme]
st.html(stylesheet(palette))


def link_still_valid() -> bool:
    return request.token is None or school_of_display_token(AppDatabase(), request.token) == request.school_id


@st.fragment(run_every=request.options.seconds)
def rotate() -> None:
    last_day = web.cached(filter_options)().last_day
    updated = updated_words(web.store_updated_at(), last_day, web.browser_today())
    frame = Frame(request.school_label, updated, 0, 0, request.options.notices)
    if not link_still_valid():
        st.html(message_html(*BAD_LINK, frame))
        return
    if last_day is None:
        st.html(message_html(*NO_DATA, frame))
        return
    slides = in_rotation(
        web.cached(goal_slides)(request.school_id, last_day, policy)
        + web.cached(reading_slides)(request.school_id, last_day, policy),
        request.options.slides,
    )
    if not slides:
        st.html(message_html(*NO_SLIDES, frame))
        return
    position = next_position([slide.key for slide in slides], st.session_state.get("_screen_shown"))
    slide = slides[position]
    st.session_state["_screen_shown"] = slide.key
    st.html(
        slide_html(
            slide, Frame(request.school_label, updated, position + 1, len(slides), frame.notices), palette
        )
    )
    if slide.celebrate:
        st.balloons()


rotate()
