"""What the OneRoster 1.1 and 1.2 CSV binding says: file names, columns, required ones.

Only the files the dashboard reads are described column by column; the set's other files
(courses, lineItems, results...) are accepted and checked for ids and the manifest only.
"""

from __future__ import annotations

COMMON = ("sourcedId", "status", "dateLastModified")
USERS_11 = COMMON + (
    "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName",
    "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
)  # fmt: skip
USERS_12 = COMMON + (
    "enabledUser", "username", "userIds", "givenName", "familyName", "middleName", "identifier",
    "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
    "resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
    "primaryOrgSourcedId", "pronouns",
)  # fmt: skip
RACES = (
    "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity",
)  # fmt: skip
COLUMNS = {
    "manifest": ("propertyName", "value"),
    "orgs": COMMON + ("name", "type", "identifier", "parentSourcedId"),
    "classes": COMMON
    + (
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ),  # fmt: skip
    "enrollments": COMMON
    + (
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ),  # fmt: skip
    "academicSessions": COMMON + ("title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"),
    "demographics": COMMON
    + (
        "birthDate",
        "sex",
        *RACES,
        "countryOfBirthCode",
        "stateOfBirthAbbreviation",
        "cityOfBirth",
        "publicSchoolResidenceStatus",
    ),  # fmt: skip
    "roles": COMMON
    + (
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),  # fmt: skip
    "userFlags": ("userSourcedId", "flag"),
    "student_flags": (
        "student_id",
        "english_learner",
        "special_education",
        "section_504",
        "economically_disadvantaged",
    ),  # fmt: skip
}
REQUIRED = {
    "manifest": ("propertyName", "value"),
    "orgs": ("sourcedId", "name", "type"),
    "users_1.1": ("sourcedId", "orgSourcedIds", "role", "givenName", "familyName"),
    "users_1.2": ("sourcedId", "givenName", "familyName"),
    "classes": ("sourcedId", "title", "schoolSourcedId"),
    "enrollments": ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate"),
    "demographics": ("sourcedId",),
    "roles": ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
    "userFlags": ("userSourcedId", "flag"),
    "student_flags": ("student_id",),
}
# Every file of the binding (1.2 adds several); each has a sourcedId and may be in a set.
OTHER_FILES = (
    "categories", "classResources", "courseResources", "courses", "lineItems", "resources",
    "results", "userProfiles", "lineItemLearningObjectiveIds", "lineItemScoreScales",
    "resultLearningObjectiveIds", "resultScoreScales", "scoreScales",
)  # fmt: skip
ROSTER_FILES = (
    "orgs",
    "users",
    "classes",
    "enrollments",
    "academicSessions",
    "demographics",
    "roles",
    *OTHER_FILES,
)
# Files schools add beside a OneRoster set for the flags it lacks: not in the manifest.
FLAG_FILES = ("userFlags", "student_flags")
KNOWN = {name.lower(): name for name in ("manifest", *ROSTER_FILES, *FLAG_FILES)}
VERSIONS = ("1.1", "1.2")
BOOLEAN_COLUMNS = {"users": ("enabledUser",), "enrollments": ("primary",), "demographics": RACES}
DATE_COLUMNS = {
    "enrollments": ("beginDate", "endDate"),
    "academicSessions": ("startDate", "endDate"),
    "roles": ("beginDate", "endDate"),
}


def columns_of(kind: str, version: str) -> tuple[str, ...]:
    """The spec's columns of a file the dashboard reads (users differ between 1.1 and 1.2)."""
    if kind == "users":
        return USERS_11 if version == "1.1" else USERS_12
    return COLUMNS.get(kind, ())


def required_of(kind: str, version: str) -> tuple[str, ...]:
    if kind == "users":
        return REQUIRED[f"users_{version}"]
    return REQUIRED.get(kind, ("sourcedId",))
