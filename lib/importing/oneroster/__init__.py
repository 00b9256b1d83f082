"""OneRoster 1.1 / 1.2 bulk CSV sets, translated into the contract's files before the import.

files.py reads the set (zip, folder or files) and checks it as a set; values.py reads the
values; people.py and classes.py map users, roles, classes and enrollments onto schools,
staff, sections and students; translate.py writes the contract files and locates every
problem of the contract import back in the OneRoster file, line and column it came from.
"""
