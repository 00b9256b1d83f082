-- Items for "Needs attention this week". Parameters: $schools (list), $as_of (date),
-- $grades (list or NULL for all grades).

-- name: teachers_last_seen
-- Every teacher on staff by the as-of date with their latest leadership visit on or
-- before it (NULL: never visited). Grades narrow to teachers of that grade's sections.
SELECT t.staff_id, t.school_id, t.first_name, t.last_name, t.start_date,
       max(o.observed_on) AS last_observed_on
FROM staff t
LEFT JOIN observations o ON o.teacher_id = t.staff_id AND o.observation_type <> 'peer'
    AND o.observed_on <= $as_of
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
  AND ($grades IS NULL OR EXISTS (SELECT 1 FROM sections c WHERE c.teacher_id = t.staff_id
                                  AND list_contains($grades, c.grade_level)))
GROUP BY ALL
ORDER BY last_observed_on NULLS FIRST, t.last_name;

-- name: class_participation
-- Homeroom classes: students enrolled on the as-of date and how many logged reading
-- in the 7 days ending on it.
WITH roster AS (
    SELECT s.student_id, s.homeroom_section_id
    FROM students s
    WHERE list_contains($schools, s.school_id) AND s.homeroom_section_id IS NOT NULL
      AND ($grades IS NULL OR list_contains($grades, s.grade_level))
      AND enrolled_on($as_of, s.entry_date, s.exit_date)
), loggers AS (
    SELECT DISTINCT l.student_id FROM reading_logs l
    WHERE l.log_date BETWEEN $as_of - 6 AND $as_of
)
SELECT c.section_id, c.school_id, c.section_name, c.grade_level,
       t.first_name AS teacher_first_name, t.last_name AS teacher_last_name,
       count(*) AS enrolled, count(lg.student_id) AS participants
FROM roster r
JOIN sections c ON c.section_id = r.homeroom_section_id
LEFT JOIN staff t ON t.staff_id = c.teacher_id
LEFT JOIN loggers lg ON lg.student_id = r.student_id
GROUP BY ALL
ORDER BY participants / count(*), c.section_name;
