"""Word lists for the demo district: people, schools, book titles, observation focuses.

Names are ordinary and invented combinations; a few carry accents so that the demo
files exercise UTF-8. Book titles hold no commas, so the reading-log file never needs
quoting.
"""

from __future__ import annotations

DISTRICT_NAME = "Riverbend Unified"
EMAIL_DOMAIN = "riverbend.example.org"

FEMALE_FIRST_NAMES = (
    "Sofia", "Olivia", "Emma", "Ava", "Isabella", "Mia", "Amelia", "Harper", "Camila", "Aaliyah",
    "Zoë", "Maya", "Layla", "Chloe", "Grace", "Nora", "Valentina", "Hannah", "Leah", "Ximena",
    "Priya", "Mei", "Fatima", "Naomi", "Ruby", "Jasmine", "Lucía", "Imani", "Ella", "Abigail",
    "Victoria", "Madison", "Aria", "Brooklyn", "Renée", "Hana", "Esperanza", "Kiara", "Lily", "Danielle",
)  # fmt: skip
MALE_FIRST_NAMES = (
    "Liam", "Noah", "Mateo", "Elijah", "James", "Lucas", "Benjamin", "Santiago", "Jayden", "Ethan",
    "Daniel", "Josiah", "Caleb", "Isaac", "Malik", "Diego", "Andrew", "Jamal", "Wei", "Arjun",
    "Samuel", "Henry", "Owen", "Adrián", "Gabriel", "Marcus", "Julian", "Omar", "Leo", "Xavier",
    "Carter", "Jonah", "Dominic", "Kai", "Tomás", "Elias", "Micah", "Andre", "Hiroshi", "Nathan",
)  # fmt: skip
NEUTRAL_FIRST_NAMES = (
    "Alex",
    "Jordan",
    "Riley",
    "Sky",
    "Rowan",
    "Avery",
    "Quinn",
    "Emerson",
    "Sage",
    "River",
)
LAST_NAMES = (
    "Garcia", "Smith", "Johnson", "Rodriguez", "Williams", "Martinez", "Brown", "Hernandez", "Jones",
    "Lopez", "Davis", "Gonzalez", "Miller", "Wilson", "Anderson", "Nguyen", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill",
    "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
    "Roberts", "Chen", "Patel", "Kim", "Okafor", "Washington", "Muñoz", "Peña", "Ortiz", "Reyes",
    "Cruz", "Morales", "Gutierrez", "Chavez", "Ramos", "Nakamura", "Singh", "Ali", "Haddad", "Kowalski",
    "Murphy", "O'Brien", "Sullivan", "Bennett", "Brooks", "Coleman", "Jenkins", "Price", "Howard", "Ward",
    "Foster", "Bryant", "Russell", "Griffin", "Hayes", "Myers", "Ford", "Hamilton", "Graham", "Wallace",
    "Tran", "Pham", "Le", "Park", "Choi", "Yamamoto", "Mendoza", "Vargas", "Castillo", "Jimenez",
    "Romero", "Herrera", "Medina", "Aguilar", "Delgado", "Vega", "Stewart", "Morris", "Rogers", "Reed",
    "Cook", "Morgan", "Bell", "Cooper", "Richardson", "Cox", "Kelly", "Bailey", "Gray", "James",
)  # fmt: skip

ELEMENTARY_NAMES = (
    "Maple Grove", "Cedar Hill", "Lakeview", "Willow Creek", "Sunnyside", "Pine Ridge", "Brookside",
    "Harbor View", "Meadowlark", "Aspen Park", "Fox Hollow", "Juniper", "Stonebridge", "Clearwater",
    "Hawthorne", "Bluebird", "Orchard Park", "Silver Lake", "Timberline", "Redwood",
)  # fmt: skip
MIDDLE_NAMES = (
    "Riverbend", "Harriet Tubman", "Cesar Chavez", "Sally Ride", "Thurgood Marshall", "Rachel Carson",
    "Frederick Douglass", "Sonia Sotomayor", "Langston Hughes", "Maya Angelou", "Ellen Ochoa",
    "Katherine Johnson", "Jackie Robinson", "Amelia Earhart", "Dolores Huerta", "Mae Jemison",
    "Roberto Clemente", "Grace Hopper", "Wilma Rudolph", "Daniel Inouye",
)  # fmt: skip
HIGH_NAMES = (
    "Riverbend", "North Valley", "East Ridge", "Westfield", "Southgate", "Summit", "Lakeside",
    "Prairie View", "Canyon", "Bayside", "Highland", "Mesa Verde", "Union", "Central", "Eastlake",
    "Granite Falls", "Oak Park", "Heritage", "Mountain View", "Kingsley",
)  # fmt: skip

PICTURE_BOOKS = (
    "Where the Wild Things Are", "Frog and Toad Are Friends", "The Very Hungry Caterpillar",
    "Corduroy", "Last Stop on Market Street", "The Snowy Day", "Owl Moon", "Elephant and Piggie",
    "Pete the Cat", "Mercy Watson", "Henry and Mudge", "Dragons Love Tacos", "Knuffle Bunny",
    "Julian Is a Mermaid", "Creepy Carrots", "The Day the Crayons Quit", "Llama Llama Red Pajama",
)  # fmt: skip
CHAPTER_BOOKS = (
    "Charlotte's Web", "Wonder", "Because of Winn-Dixie", "The Wild Robot", "Esperanza Rising",
    "Dog Man", "Front Desk", "Magic Tree House", "Ivy and Bean", "Diary of a Wimpy Kid", "Matilda",
    "Hatchet", "Holes", "New Kid", "Roll of Thunder Hear My Cry", "The One and Only Ivan", "Amari and the Night Brothers",
)  # fmt: skip
YOUNG_ADULT_BOOKS = (
    "The Outsiders", "The Hate U Give", "Long Way Down", "Fahrenheit 451", "The Hunger Games",
    "Of Mice and Men", "Born a Crime", "The House on Mango Street", "Clap When You Land",
    "Brown Girl Dreaming", "The Giver", "Speak", "Animal Farm", "Ghost", "Refugee", "Dune", "Educated",
)  # fmt: skip

OBSERVATION_FOCUSES = (
    "Student discourse", "Checks for understanding", "Small-group reading", "Classroom routines",
    "Questioning techniques", "Independent reading conferences", "Feedback to students",
    "Academic vocabulary", "Engagement during independent work", "Lesson pacing",
)  # fmt: skip
RUBRIC_COMPONENTS = ("1a", "2a", "2d", "3b", "3c", "3d")  # a Danielson-like framework
