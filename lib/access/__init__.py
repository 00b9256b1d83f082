"""Who is signed in, and what the school's data lets them see (staff.csv roles, access.csv)."""
