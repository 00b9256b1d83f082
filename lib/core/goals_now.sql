-- goals_now(): the goals as they stand. The store's rows (goals.csv imports), except where the
-- goal form saved a newer version: the table `app_goals`, which lib/core/db.py registers
-- before it defines this, on every cursor whose query calls it (the newest app-database row per goal_id, lib/core/goal_edits.py).
-- Newest wins: an edit beats the store's row unless an import wrote that row after the edit
-- was saved (a higher import_id than the edit's after_import).
CREATE OR REPLACE TEMP MACRO goals_now() AS TABLE
    SELECT g.goal_id, g.school_id, g.title, g.metric, g.target, g.start_date, g.end_date,
           g.subject, g.grade_level, g.subgroup, g.owner, g.import_id
    FROM goals g
    WHERE NOT EXISTS (
        SELECT 1 FROM app_goals a
        WHERE a.goal_id = g.goal_id AND a.after_import >= coalesce(g.import_id, 0))
    UNION ALL
    SELECT a.goal_id, a.school_id, a.title, a.metric, a.target, CAST(a.start_date AS DATE),
           CAST(a.end_date AS DATE), a.subject, a.grade_level, a.subgroup, a.owner,
           CAST(NULL AS INTEGER)
    FROM app_goals a
    WHERE NOT EXISTS (
        SELECT 1 FROM goals g
        WHERE g.goal_id = a.goal_id AND coalesce(g.import_id, 0) > a.after_import)
      AND a.school_id IN (SELECT school_id FROM schools);
