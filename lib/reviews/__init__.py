"""Goal reviews: the goal packet (a PDF of a school's goals as of a day), for the app and the command line."""
