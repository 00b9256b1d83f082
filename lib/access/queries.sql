-- Who an email is in the school's own data. Parameters: $email (text), $staff_ids (list).
-- Emails compare without case or surrounding spaces; a blank email matches no one.

-- name: staff_by_email
SELECT staff_id, school_id, role
FROM staff
WHERE email IS NOT NULL AND trim(email) <> '' AND lower(trim(email)) = lower(trim($email))
ORDER BY school_id, staff_id;

-- name: homerooms
-- The sections these teachers teach that are some student's homeroom.
SELECT DISTINCT sec.teacher_id AS staff_id, sec.section_id
FROM sections sec JOIN students s ON s.homeroom_section_id = sec.section_id
WHERE list_contains($staff_ids, sec.teacher_id)
ORDER BY sec.teacher_id, sec.section_id;

-- name: grants_by_email
SELECT access, nullif(school_id, '') AS school_id
FROM access
WHERE lower(trim(email)) = lower(trim($email))
ORDER BY access, school_id;

-- name: access_rows
-- Does the store have an access.csv at all (a store from before schema 2 has no table).
SELECT count(*) AS grants FROM access;
