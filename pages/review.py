"""Goal reviews: hold the leadership team's review on a dated snapshot, write notes, decisions and
action items, close it (its figures are kept as they are), and export it."""

from datetime import datetime

import streamlit as st

from lib.core import web
from lib.core.appdb import AppDatabase, AppDatabaseError
from lib.core.text import long_date, markdown_escape, short_date
from lib.goals.edits import school_staff
from lib.goals.form_words import may_set_goals_notice
from lib.reviews import records
from lib.reviews.figures import charts_of
from lib.reviews.packet import chart_png, review_packet
from lib.reviews.tables import figures_table, items_table, stamped
from lib.reviews.view import (
    NO_SNAPSHOTS,
    SNAPSHOT_GONE,
    close,
    figures_on,
    now_words,
    review_goals,
    start,
    then_figures,
)
from lib.reviews.words import LOCAL_MODE, figures_line, item_line, review_label

web.frame_first()

filters, context = web.filters(), web.context()
options, policy = context.options, context.settings.policy
st.title("Goal reviews")
notice = may_set_goals_notice(filters.school_id, context.scope)
if notice:
    st.info(notice, icon=":material/lock:")
    st.stop()
school_id = filters.school_id
app = AppDatabase()


def write(change, *args) -> bool:
    """Make a change to the review; a sentence instead when it can't be made (closed meanwhile
    by someone else, a field missing, the app database unwritable)."""
    try:
        change(*args)
    except (records.ReviewError, AppDatabaseError) as error:
        st.error(markdown_escape(str(error)), icon=":material/error:")
        return False
    return True


try:
    reviews = records.reviews_of(app, school_id)
except AppDatabaseError as error:
    st.error(markdown_escape(str(error)), icon=":material/error:")
    st.stop()
st.caption(
    f"{markdown_escape(options.school_label(school_id))} · a review keeps the data it was started on, so its figures "
    "never change; closing it keeps every figure, chart and note as they read then."
)

with st.expander("Start a review", expanded=not reviews, icon=":material/add:"):
    with st.form("start_review", border=False):
        held_on = st.date_input(
            "Meeting date", value=web.browser_today(), format="MM/DD/YYYY", key="review_held_on"
        )
        attendees = st.text_input(
            "Attendees", placeholder="Principal Okafor, Ms. Chavez, Mr. Diaz", key="review_attendees"
        )
        if st.form_submit_button("Start the review", icon=":material/play_arrow:"):
            try:
                review_id = start(web.database(), app, school_id, held_on, attendees, context.who)
            except (records.ReviewError, AppDatabaseError) as error:
                st.error(markdown_escape(str(error)), icon=":material/error:")
            else:
                st.session_state["_review_pending"] = review_id
                st.rerun()

if not reviews:
    st.info("No review of this school yet: start one above.", icon=":material/rate_review:")
    st.stop()
# The box's labels say open or closed; a label that changes makes Streamlit drop the widget's
# value, so its key changes with them and the review being looked at is carried over by hand.
picker = f"review_{sum(r.is_closed for r in reviews)}"
if "_review_pending" in st.session_state:
    st.session_state[picker] = st.session_state.pop("_review_pending")
by_id = {r.review_id: r for r in reviews}
if st.session_state.get(picker) not in by_id:
    st.session_state.pop(picker, None)
chosen = st.selectbox("Review", list(by_id), format_func=lambda r: review_label(by_id[r]), key=picker)
review = by_id[chosen]
now_day = options.last_day
then = None
if not review.is_closed:
    then = web.cached(then_figures)(review.review_id, policy)
    now = web.cached(figures_on)(school_id, now_day, policy)
    if then is None:
        st.warning(SNAPSHOT_GONE, icon=":material/history:")
    elif review.snapshot is None:
        st.info(NO_SNAPSHOTS, icon=":material/history:")
else:
    now = {}
goals = review_goals(review, app, then, now)
then_day = short_date(review.data_day, with_year=True)
now_label = now_words(review, now_day)

facts = [f"Meeting {long_date(review.held_on)}", f"data as of {then_day}", f"started by {review.started_by}"]
if review.is_closed:
    facts.append(f"closed on {review.closed_at[:10]} by {review.closed_by}")
st.subheader(review_label(review))
st.caption(markdown_escape(" · ".join(facts)))  # emails and names: text, not links
if review.is_closed:
    st.text(f"Attendees: {review.attendees or '—'}")
else:
    people = st.text_input("Attendees", value=review.attendees, key=f"attendees_{chosen}")
    if people != review.attendees:
        write(records.set_attendees, app, chosen, people)

if not goals:
    st.info(
        "This school had no goals on the review's data and has none now: set one on the Set goals "
        "page (or import goals.csv), then start a new review.",
        icon=":material/flag:",
    )
    st.stop()
who = LOCAL_MODE if context.who == "local" else context.who
exports = st.container(horizontal=True)
exports.download_button(
    "Packet (PDF)",
    data=web.on_click(review_packet, chosen, policy, who),
    file_name=f"review-{chosen}-{school_id}-{review.held_on.isoformat()}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    key="review_pdf",
)
school_name = options.school_label(school_id)
generated = datetime.now().strftime("%Y-%m-%d %H:%M")
with exports:
    figures_csv = stamped(figures_table(goals, then_day, now_label), school_name, chosen, then_day, generated)
    web.csv_download(figures_csv, f"review-{chosen}-figures", "Figures (CSV)")
    items_csv = stamped(items_table(goals), school_name, chosen, then_day, generated)
    web.csv_download(items_csv, f"review-{chosen}-action-items", "Action items (CSV)")
side_days = {"then": then_day, "now": now_label}

staff = web.cached(school_staff)(school_id)["name"].tolist()


def chart_downloads(figures, side: str, goal_id: str, goal_title: str) -> None:
    for number, (figure, caption) in enumerate(charts_of(figures) if figures else []):
        st.plotly_chart(
            figure, width="stretch", key=f"chart_{side}_{goal_id}_{number}", config={"displayModeBar": False}
        )
        st.download_button(
            "Chart (PNG)",
            data=web.on_click(
                chart_png, figure, f"{goal_title}: {caption}", f"{school_name} · data as of {side_days[side]}"
            ),
            file_name=f"review-{chosen}-{goal_id}-{side}-{number + 1}.png",
            mime="image/png",
            icon=":material/image:",
            key=f"png_{side}_{goal_id}_{number}",
            help=caption,
        )


for goal in goals:
    with st.container(border=True):
        shown = goal.now or goal.then
        st.markdown(f"#### {markdown_escape(goal.title)}")
        st.caption(
            markdown_escape(
                f"{shown.scope} · {shown.owner or 'no owner'} · {shown.dates} · target {shown.target_label}"
            )
        )
        left, right = st.columns(2)
        with left:
            st.markdown(f"**Then** (data as of {then_day})")
            st.text(figures_line(goal.then))
            chart_downloads(goal.then, "then", goal.goal_id, goal.title)
        with right:
            st.markdown(f"**Now** (data as of {now_label})")
            st.text(figures_line(goal.now))
            chart_downloads(goal.now, "now", goal.goal_id, goal.title)
        if review.is_closed:
            st.text(f"Notes: {goal.notes or '—'}")
            st.text(f"Decisions: {goal.decisions or '—'}")
        else:
            with st.form(f"notes_{chosen}_{goal.goal_id}", border=False):
                notes = st.text_area("Notes", value=goal.notes, key=f"notes_{chosen}_{goal.goal_id}")
                decisions = st.text_area(
                    "Decisions", value=goal.decisions, key=f"decisions_{chosen}_{goal.goal_id}"
                )
                saved = st.form_submit_button("Save notes and decisions", icon=":material/save:")
                if saved and write(
                    records.save_notes, app, chosen, goal.goal_id, notes, decisions, context.who
                ):
                    st.rerun()
        st.markdown("**Action items**")
        for item in goal.items:
            if review.is_closed:
                st.text(item_line(item))
                continue
            line, state = st.columns([4, 1])
            line.text(item_line(item))
            picked = state.selectbox(
                "Status", records.ITEM_STATUSES, index=records.ITEM_STATUSES.index(item["status"]),
                key=f"item_{chosen}_{item['item_id']}", label_visibility="collapsed",
            )  # fmt: skip
            if picked != item["status"] and write(
                records.set_item_status, app, chosen, item["item_id"], picked, context.who
            ):
                st.rerun()
        if not goal.items:
            st.caption("No action items.")
        if not review.is_closed:
            with st.form(f"item_{chosen}_{goal.goal_id}", border=False, clear_on_submit=True):
                what, owner, due = st.columns([3, 2, 1])
                what_text = what.text_input(
                    "Action item", placeholder="What will be done", key=f"what_{chosen}_{goal.goal_id}"
                )
                owner_name = owner.selectbox(
                    "Owner",
                    staff,
                    index=None,
                    accept_new_options=True,
                    placeholder="Who",
                    key=f"owner_{chosen}_{goal.goal_id}",
                )
                due_on = due.date_input(
                    "Due", value=None, format="MM/DD/YYYY", key=f"due_{chosen}_{goal.goal_id}"
                )
                added = st.form_submit_button("Add action item", icon=":material/add_task:")
                if added and write(
                    records.add_item,
                    app,
                    chosen,
                    goal.goal_id,
                    what_text,
                    owner_name or "",
                    due_on,
                    context.who,
                ):
                    st.rerun()

if not review.is_closed:
    st.divider()
    sure = st.checkbox(
        "The review is finished: keep its figures, notes and action items as they are now", key="close_sure"
    )
    if st.button("Close the review", disabled=not sure, type="primary", icon=":material/lock:") and write(
        close, app, review, goals, now_day, context.who
    ):
        st.session_state["_review_pending"] = chosen
        st.rerun()
