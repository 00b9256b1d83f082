"""The goal board: which goals are on track, which are slipping, what needs attention."""

import streamlit as st

from lib.core import web
from lib.core.metrics import METRIC_PAGES
from lib.core.status import STATUS_BADGES
from lib.core.text import long_date, markdown_escape, short_date
from lib.display.options import screen_address
from lib.goals.board import card_delta, metric_label, projection_sentence
from lib.goals.view import goal_board_page, school_links
from lib.importing.view import data_attention_notes
from lib.reviews.packet import goal_packet
from lib.reviews.view import overdue_notes
from lib.reviews.words import LOCAL_MODE

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

filters, context = web.filters(), web.context()
options, pages = context.options, context.pages
board_page = web.cached(goal_board_page)(filters, context.scope, context.settings)
board = board_page.board

st.title(f"{markdown_escape(options.school_label(filters.school_id))}: goals")
if filters.school_id is not None:
    present, packet, _ = st.columns([1, 1, 4])
    present.link_button(
        "Present",
        screen_address(options.school_label(filters.school_id)),
        icon=":material/co_present:",
        help="Open the school's staff-meeting screen in a new tab: its goals a slide at a time, large "
        "type, no names. For a TV that can't sign in, make a display link on the Data page.",
        width="stretch",
    )
    packet.download_button(
        "Packet (PDF)",
        data=web.on_click(
            goal_packet,
            filters.school_id,
            filters.as_of,
            context.scope,
            context.settings,
            LOCAL_MODE if context.who == "local" else context.who,
        ),
        file_name=f"goals-{filters.school_id}-{filters.as_of.isoformat()}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        help="Every goal of the school as of this date, a page each, with its charts: for the "
        "leadership team's meeting. Takes a few seconds to make.",
        width="stretch",
        key="goal_packet_pdf",
    )
st.caption(
    f"As of {long_date(filters.as_of)}. Goals count their own students and teachers; the grade and group filters choose which goals are listed."
)


if not board.cards:
    st.info(
        "No goals match these filters. Goals come from goals.csv (see data/README.md).",
        icon=":material/flag:",
    )
    st.stop()

st.subheader(board.headline)


def page_link(page: str | None, label: str) -> None:
    if page in pages:
        # No query_params: the filters are bound to the URL and Streamlit carries them along.
        st.page_link(f"pages/{page}.py", label=label, icon=":material/arrow_forward:")


def draw_card(card) -> None:
    word, icon, colour = STATUS_BADGES[card.status]
    delta, delta_mode, delta_note = card_delta(card)
    with st.container(border=True):
        st.markdown(f"**{markdown_escape(card.title)}**")
        st.badge(word, icon=icon, color=colour)
        owner = f" · {markdown_escape(card.owner)}" if card.owner else ""
        st.caption(
            f"{markdown_escape(card.scope)}{owner} · {short_date(card.start_date, with_year=True)} – {short_date(card.end_date, with_year=True)}"
        )
        st.metric(
            metric_label(card),
            card.current_label,
            delta=delta,
            delta_color=delta_mode,
            delta_description=delta_note,
            chart_data=list(card.trend) or None,
            chart_type="line",
            help=f"Target: {card.target_label}. Trend: {card.trend_label}." if card.trend else None,
        )
        if card.hidden_reason:
            st.caption(card.hidden_reason)
            return
        progress = card.progress
        if card.goal_id in board_page.bars:
            st.plotly_chart(
                board_page.bars[card.goal_id],
                width="stretch",
                key=f"bar_{card.goal_id}",
                config={"displayModeBar": False},
            )
        st.markdown(
            f"Target **{card.target_label}** by {short_date(card.end_date)}. {markdown_escape(progress.status_reason)}."
        )
        for sentence in (projection_sentence(card), progress.pace_note):
            if sentence:
                st.markdown(markdown_escape(sentence))
        page_link(METRIC_PAGES.get(card.metric), "See the detail")


left, right = st.columns([5, 2], gap="large")
with right:
    st.subheader("Needs attention this week")
    data_notes = data_attention_notes()  # data that stopped arriving, a rejected drop-folder batch
    # Open action items of goal reviews past their due date (read on every run: they change
    # without an import, so they are not in the board's cache).
    overdue = overdue_notes(
        context.scope.schools_in_view(filters.school_id), web.browser_today(), context.scope, options.schools
    )
    for note in overdue:
        with st.container(border=True):
            st.markdown(":material/assignment_late: **Action item**")
            st.markdown(markdown_escape(note))
            page_link("review", "Open the goal reviews")
    if not board.attention and not data_notes and not overdue:
        st.success(
            "Nothing urgent: no slipping goals, unseen teachers, lapsed mentoring pairs, widening gaps "
            "or quiet classes."
        )
    for note in data_notes:
        with st.container(border=True):
            st.markdown(":material/schedule: **Data**")
            st.markdown(markdown_escape(note))
            page_link("data", "Open the Data page")
    for item in board.attention:
        with st.container(border=True):
            st.metric(item.area.capitalize(), item.number, label_visibility="visible")
            st.markdown(markdown_escape(item.text))
            page_link(item.page, "Open")

with left:
    if filters.is_district:
        st.subheader("Schools by goal status")
        schools = school_links(board, filters, options)
        st.dataframe(
            schools,
            hide_index=True,
            column_order=[
                "school",
                "goals",
                "met or on track",
                "at risk",
                "off track",
                "not started or hidden",
                "link",
            ],
            column_config={
                "school": st.column_config.TextColumn("School", width="medium"),
                "goals": st.column_config.NumberColumn("Goals", width="small"),
                "met or on track": st.column_config.NumberColumn(
                    "On track", width="small", help="Met, or on track to be met"
                ),
                "at risk": st.column_config.NumberColumn("At risk", width="small"),
                "off track": st.column_config.NumberColumn("Off track", width="small"),
                "not started or hidden": st.column_config.NumberColumn(
                    "Other", width="small", help="Not started yet, or hidden for privacy"
                ),
                "link": st.column_config.LinkColumn(
                    "Board", display_text="Open ↗", help="The school's goal board, in a new tab"
                ),
            },
        )
        web.csv_download(
            schools.drop(columns=["link"]),
            f"goals-by-school-{filters.as_of.isoformat()}",
        )
        st.caption("Open a school from the table (a new tab with its own link), or pick it in the sidebar.")
    else:
        columns = st.columns(2)
        for index, card in enumerate(board.cards):
            with columns[index % 2]:
                draw_card(card)
