-- The "Observation coverage" page. Parameters: $schools (list), $as_of (date),
-- $grades (list or NULL for all grades), $types (observation types that count: never
-- 'peer'), $roles (observer roles that count), $previous (the as-of date one cycle
-- earlier), $since (first day of visits to fetch).
-- Teachers in scope are staff with role 'teacher' on staff by the as-of date (blank
-- start_date: always), narrowed by grade to teachers of that grade's sections, as on the
-- goal board (goals.coverage_weekly, attention.teachers_last_seen).

-- name: teachers
-- Every teacher in scope with their latest counted visit on or before the as-of date
-- (NULL: never), who made it and of what type, and their latest visit on or before
-- $previous (for the change since the previous cycle).
WITH counted AS (
    SELECT o.teacher_id, o.observation_id, o.observed_on, o.observation_type,
           coalesce(w.first_name || ' ' || w.last_name, o.observer_id) AS observer_name,
           coalesce(w.role, 'other') AS observer_role
    FROM observations o LEFT JOIN staff w ON w.staff_id = o.observer_id
    WHERE o.observation_type <> 'peer' AND list_contains($types, o.observation_type)
      AND list_contains($roles, coalesce(w.role, 'other')) AND o.observed_on <= $as_of
)
SELECT t.staff_id, t.school_id, t.first_name, t.last_name, t.start_date,
       max(c.observed_on) AS last_observed_on,
       arg_max(c.observer_name, (c.observed_on, c.observation_id)) AS last_observer,
       arg_max(c.observer_role, (c.observed_on, c.observation_id)) AS last_observer_role,
       arg_max(c.observation_type, (c.observed_on, c.observation_id)) AS last_observation_type,
       max(c.observed_on) FILTER (c.observed_on <= $previous) AS previous_last_observed_on
FROM staff t LEFT JOIN counted c ON c.teacher_id = t.staff_id
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
  AND teaches_grades(t.staff_id, $grades)
GROUP BY t.staff_id, t.school_id, t.first_name, t.last_name, t.start_date
ORDER BY t.school_id, t.last_name, t.first_name, t.staff_id;

-- name: visits
-- Counted visits (chosen types and observer roles, never peer) of teachers in scope from
-- $since through the as-of date, with observer and teacher names and the feedback date.
SELECT o.observation_id, o.teacher_id, t.school_id,
       t.first_name || ' ' || t.last_name AS teacher_name,
       o.observer_id, coalesce(w.first_name || ' ' || w.last_name, o.observer_id) AS observer_name,
       coalesce(w.role, 'other') AS observer_role,
       o.observed_on, o.observation_type, o.feedback_on
FROM observations o
JOIN staff t ON t.staff_id = o.teacher_id
LEFT JOIN staff w ON w.staff_id = o.observer_id
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND o.observation_type <> 'peer' AND list_contains($types, o.observation_type)
  AND list_contains($roles, coalesce(w.role, 'other'))
  AND o.observed_on BETWEEN $since AND $as_of
  AND teaches_grades(t.staff_id, $grades)
ORDER BY o.observed_on, o.observation_id;

-- name: peer_visits
-- Peer observations of teachers in scope from $since through the as-of date, whoever
-- observed (the type and role filters don't apply: peer visits are shown on their own).
SELECT o.observation_id, t.school_id, o.teacher_id,
       t.first_name || ' ' || t.last_name AS teacher_name,
       o.observer_id, coalesce(w.first_name || ' ' || w.last_name, o.observer_id) AS observer_name,
       o.observed_on
FROM observations o
JOIN staff t ON t.staff_id = o.teacher_id
LEFT JOIN staff w ON w.staff_id = o.observer_id
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND o.observation_type = 'peer' AND o.observed_on BETWEEN $since AND $as_of
  AND teaches_grades(t.staff_id, $grades)
ORDER BY o.observed_on, o.observation_id;

-- name: rubric_ratings
-- Rubric ratings of counted visits from $since through the as-of date, aggregated per
-- component and month (month set) and per component over the whole span (month NULL).
-- Only aggregates leave the database; each row says how many teachers it stands on so
-- lib/observations/rubric.py can hide rows over too few teachers.
SELECT r.component, date_trunc('month', o.observed_on) AS month,
       count(DISTINCT o.teacher_id) AS teachers, count(*) AS ratings, avg(r.rating) AS average_rating
FROM observation_ratings r
JOIN observations o ON o.observation_id = r.observation_id
JOIN staff t ON t.staff_id = o.teacher_id
LEFT JOIN staff w ON w.staff_id = o.observer_id
WHERE list_contains($schools, t.school_id) AND t.role = 'teacher'
  AND o.observation_type <> 'peer' AND list_contains($types, o.observation_type)
  AND list_contains($roles, coalesce(w.role, 'other'))
  AND o.observed_on BETWEEN $since AND $as_of
  AND teaches_grades(t.staff_id, $grades)
GROUP BY GROUPING SETS ((r.component, date_trunc('month', o.observed_on)), (r.component))
ORDER BY r.component, month NULLS FIRST;
