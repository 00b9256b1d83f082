"""Data: import a batch of CSV files, the import history, undo an import, templates, kept copies,
and (principals, district access) the staff-meeting screen's links.

For the school's data clerk, without a terminal. Imports and undos go the command line's way
(lib/importing/publish.py), so the app keeps serving while they run. No student figures here.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from lib.access import links_view, tokens
from lib.core import web
from lib.core.appdb import AppDatabase, AppDatabaseError
from lib.importing import view, words
from lib.importing.publish import Place

web.frame_first()  # a bookmark opened on a fresh server: run the frame, which runs this page

ICONS = {"success": "check_circle", "info": "info", "warning": "warning", "error": "error"}
config = st.column_config
WHEN = config.DatetimeColumn(format="ddd MMM D, YYYY, h:mm a")
COUNT = config.NumberColumn(format="localized")  # 290,483: the header names the unit
LINE = {"Line": config.NumberColumn(format="%d")}
RESULTS = ("data_import_result", "data_undo_result")
context = web.context()
# Local mode: the person at this computer (the history names the account the app runs under).
who = None if context.who == "local" else context.who


def draw_display_links(schools: dict[str, str]) -> None:
    """Make a link for a school's screen (its address shown once), list the links, revoke one."""
    st.subheader("Staff-meeting screen links")
    st.caption(links_view.CAPTION)
    app = AppDatabase()
    school_id = st.selectbox("School", list(schools), format_func=schools.get, key="display_link_school")
    label = st.text_input(
        links_view.LABEL_PROMPT, max_chars=tokens.MAX_LABEL_LENGTH, key="display_link_label"
    )
    if st.button("Create display link", icon=":material/add_link:", key="display_link_create"):
        made = links_view.create(app, school_id, label, context.who, schools, st.context.url)
        st.success(made.heading, icon=":material/check_circle:")
        st.code(made.url, language=None, wrap_lines=True)
        st.markdown(made.advice)
    links = tokens.display_links(app, schools)
    if not links:
        st.caption("No display links yet.")
        return
    moments = {"Created": WHEN, "Last used": WHEN, "Link": config.NumberColumn(format="%d")}
    st.dataframe(
        links_view.links_table(links, schools), hide_index=True, column_config=moments, placeholder="—"
    )
    active = links_view.revoke_choices(links, schools)
    if active:
        # The counts in the key: after a link is made or revoked, the choice starts afresh.
        key = f"display_link_revoke_{len(links)}_{len(active)}"
        chosen = st.selectbox("Link to revoke", list(active), format_func=active.get, key=key)
        if st.button("Revoke", icon=":material/link_off:", key="display_link_revoke"):
            st.session_state["display_link_revoked"] = links_view.revoke(app, chosen, context.who, schools)
            st.rerun()  # the table shows it revoked
    if "display_link_revoked" in st.session_state:
        level, sentence = st.session_state.pop("display_link_revoked")
        getattr(st, level)(sentence, icon=f":material/{ICONS[level]}:")


def draw_links_section() -> None:
    if link_schools:
        try:
            draw_display_links(link_schools)
        except AppDatabaseError as error:
            st.error(view.markdown_escape(str(error)), icon=":material/error:")


st.title("Data")
link_schools = links_view.school_choices(context.scope.name_schools, context.options.schools)
if not context.scope.data_page:  # the frame lists this page only for them; a stale link is refused too
    if not link_schools:
        st.info(
            "Your access does not include the Data page. Ask your data administrator.", icon=":material/lock:"
        )
        st.stop()
    # A principal: the screen's links, not the imports (those are the data clerk's).
    st.caption("Imports are made by the district's data team; your access includes the screen links.")
    draw_links_section()
    st.stop()
try:
    place = Place.default()
    log = view.history_log(place)
    st.markdown(f":material/database: {view.data_status(log, place)}")
except view.SENTENCE_ERRORS as error:
    st.error(view.markdown_escape(str(error)), icon=":material/error:")
    st.stop()
if place.files.is_changing():
    st.info("An import or undo is running now; a new one waits for it.", icon=":material/hourglass:")


def show(result: view.Result | None) -> None:
    """An import's or undo's outcome: its sentence, notes and tables."""
    if result is None:
        return
    getattr(st, result.level)(result.heading, icon=f":material/{ICONS[result.level]}:")
    for line in ([result.detail] if result.detail else []) + result.notes:
        st.caption(line)
    if result.rows is not None:
        counts = dict.fromkeys(result.rows.columns[1:], COUNT)
        st.dataframe(result.rows, hide_index=True, width="content", column_config=counts)
    if result.problems is not None:
        st.dataframe(result.problems, hide_index=True, column_config=LINE)
        web.csv_download(
            result.problems, f"import_{result.import_id}_problems", "Download the problems (CSV)"
        )


def run(label: str, change, result_key: str) -> None:
    """Run an import or undo with its steps in a status box; keep its result for the next run."""
    with st.status(label, expanded=True) as status:

        def step(text: str) -> None:
            status.update(label=words.step(text))
            st.caption(words.step(text))

        relay = view.ProgressRelay(step)
        result = change(relay)
        for key in RESULTS:  # only the latest change's result is shown
            st.session_state.pop(key, None)
        st.session_state[result_key] = result
    relay.raise_held()  # a click during the change: Streamlit's rerun, now that it is over
    st.rerun()  # the frame, the history and every page read the new data


st.subheader("Import files")
st.caption(words.IMPORT_CAPTION)
round_key = f"data_upload_{st.session_state.setdefault('data_upload_round', 0)}"
uploads = st.file_uploader(
    "CSV files of one batch, or a OneRoster zip",
    type=["csv", "zip"],
    accept_multiple_files=True,
    key=round_key,
)
roster = view.roster_defaults()
with st.expander("OneRoster settings (for a OneRoster roster export)", icon=":material/settings:"):
    st.caption(words.ONEROSTER_CAPTION)
    id_field = st.radio("Student and staff ids come from", view.ID_FIELDS, format_func=words.id_field_label,
                        index=view.ID_FIELDS.index(roster.id_field), key="oneroster_ids", horizontal=True)  # fmt: skip
    homeroom = st.text_input("Homeroom classes", roster.homeroom, key="oneroster_homeroom",
                             help=words.HOMEROOM_HELP)  # fmt: skip
    administrators = st.selectbox("OneRoster administrators are", view.ADMINISTRATOR_ROLES,
                                  index=view.ADMINISTRATOR_ROLES.index(roster.administrator_role),
                                  format_func=words.role_label, key="oneroster_administrators")  # fmt: skip
if uploads and st.button(words.import_button(len(uploads)), type="primary", icon=":material/upload:"):
    st.session_state["data_upload_round"] += 1  # the next run starts with an empty uploader
    options = view.roster_options(id_field, homeroom, administrators)
    change = partial(view.import_uploads, uploads, who, place=place, roster=options)
    run(f"Importing {words.plural(len(uploads), 'file')}...", change, RESULTS[0])
show(st.session_state.get(RESULTS[0]))

st.subheader("Import history")
if log.empty:
    st.info("No imports yet.", icon=":material/history:")
else:
    table = view.history_table(log)
    widths = {"Files": "medium", "Outcome": "medium", "Summary": "large"}
    wide = {name: config.TextColumn(width=width) for name, width in widths.items()}
    columns = {"Started": WHEN, "Rows added or updated": COUNT, **wide}
    st.dataframe(table, hide_index=True, column_config=columns, placeholder="—")
    web.csv_download(table, "import_history")
    rejected = view.rejected_choices(log)
    if rejected:
        shown = st.selectbox(
            "Problems of a rejected import",
            list(rejected),
            format_func=rejected.get,
            index=None,
            placeholder="Choose a rejected import",
            key="data_rejected",
        )
        if shown is not None:
            problems = view.history_problems(shown, place)
            st.dataframe(problems, hide_index=True, column_config=LINE)
            web.csv_download(problems, f"history_import_{shown}_problems", "Download the problems (CSV)")


def forget_undo() -> None:
    st.session_state.pop("data_undo_asked", None)


# The question stays asked (session state) until answered, so the answer reaches the dialog
# whether Streamlit reruns only the dialog (a browser) or the whole page (AppTest).
@st.dialog("Undo an import", width="medium", on_dismiss=forget_undo)
def confirm_undo(import_id: int) -> None:
    for line in view.undo_plan(log, import_id):
        st.markdown(line)
    yes, no = st.columns(2)
    if no.button("Cancel", key="data_undo_cancel", width="stretch"):
        forget_undo()
        st.rerun()
    if yes.button(f"Yes, undo import {import_id}", type="primary", key="data_undo_yes", width="stretch"):
        forget_undo()
        run(f"Undoing import {import_id}...", partial(view.undo, import_id, who, place=place), RESULTS[1])


st.subheader("Undo an import")
undoable = view.undoable_choices(log)
if undoable:
    # The newest import in the key: after an import, the choice starts at the new one.
    key = f"data_undo_{max(undoable)}"
    chosen = st.selectbox("Import to undo", list(undoable), format_func=undoable.get, key=key)
    if st.button(f"Undo import {chosen}...", icon=":material/undo:", key="data_undo"):
        st.session_state["data_undo_asked"] = chosen
    if st.session_state.get("data_undo_asked") in undoable:
        confirm_undo(st.session_state["data_undo_asked"])
else:
    st.caption("No import can be undone: none is in the data now.")
show(st.session_state.get(RESULTS[1]))

st.subheader("Templates")
templates = view.templates()
st.caption(words.templates_caption([template.table for template in templates]))
with st.container(horizontal=True):
    for template in templates:
        st.download_button(
            template.path.name,
            data=template.path.read_bytes(),
            file_name=template.path.name,
            mime="text/csv",
            icon=":material/download:",
            key=f"template_{template.table}",
        )
st.dataframe(view.templates_table(templates), hide_index=True)
with st.expander("Every file's columns and rules (data/README.md)", icon=":material/description:"):
    st.markdown(view.contract_text())

st.subheader("Kept copies of the data")
st.caption(view.snapshots_caption(place))
kept = view.snapshots_table(place)
if kept.empty:
    st.caption("No copies are kept yet: the next import or undo makes the first.")
else:
    size = config.NumberColumn(format="%.1f MB")
    st.dataframe(kept, hide_index=True, column_config={"Published at": WHEN, "Size (MB)": size})


draw_links_section()
