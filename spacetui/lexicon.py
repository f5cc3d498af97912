"""Word lists shared by text cleaning and entity resolution, kept once: months, weekdays,
honorifics, job titles, the last words of organisations' names and companies' legal forms.

Plain data (tuples of lower-case words, or of words as written where case matters), no imports:
cheap for the app and the loaders alike. ``pattern(words)`` makes a regular-expression
alternation from one of them.
"""

from __future__ import annotations

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    # abbreviations, in the order of the months they stand for (less May)
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
)
# Numbers as words, to their values: "Group of Seven", "five years ago".
NUMBER_WORDS = {
    **{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8},
    **{"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30},
}

# Time zones a news story writes after a clock time ("1700 EST", "0800 gmt").
TIME_ZONES = (
    "gmt",
    "utc",
    "bst",
    "cet",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "jst",
    "hkt",
    "sgt",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS = ("mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun")

# Before a person's name, never part of it ("Mr Blair" is Blair). As written.
# Lower-case words that open a surname ("De Clercq", "van Gogh", "von Weizsaecker"): a name of
# them and one more word is a surname said alone. ("Al", "Van" as first names: Al Gore, Van
# Morrison, so not "al"; "van" stays, the name must still end a fuller one.)
SURNAME_PARTICLES = (
    "da",
    "das",
    "de",
    "del",
    "della",
    "den",
    "der",
    "des",
    "di",
    "do",
    "dos",
    "du",
    "la",
    "le",
    "ten",
    "ter",
    "van",
    "von",
)
HONORIFICS = ("Mr", "Mrs", "Ms", "Mx", "Miss", "Dr", "Prof", "Sir", "Dame")

# Jobs written before a name, capitalised as a title ("Chancellor Gordon Brown", "Rapper
# Eminem"): not part of the name. As written. (Royal and noble titles are part of a name:
# "Prince Charles", "Lord Falconer".)
JOB_TITLES = (
    "Actor",
    "Actress",
    "Director",
    "Filmmaker",
    "Producer",
    "President",
    "Vice-President",
    "Premier",
    "Chancellor",
    "Minister",
    "Secretary",
    "Singer",
    "Rapper",
    "Coach",
    "Manager",
    "Striker",
    "Goalkeeper",
    "Captain",
    "Skipper",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Spokesman",
    "Spokeswoman",
    "Senator",
    "Governor",
    "Mayor",
    "Novelist",
    "Author",
    "Writer",
    "Journalist",
    "Presenter",
    "Comedian",
    "Star",
    "Judge",
    "Ambassador",
    "Officer",
    "Agent",
    "Analyst",
)

# Last words that make a name an organisation's ("Space Agency", "Toyota Motor Corp", "Labour
# Party"), lower case.
ORGANISATION_HEADS = (
    "agency",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "company",
    "co",
    "group",
    "bank",
    "university",
    "college",
    "institute",
    "council",
    "committee",
    "ministry",
    "department",
    "party",
    "association",
    "federation",
    "union",
    "club",
    "commission",
    "authority",
    "police",
    "army",
    "navy",
    "foundation",
    "trust",
    "fund",
    "society",
    "organisation",
    "organization",
    "airlines",
    "airways",
    "motors",
    "records",
    "studios",
    "pictures",
    "partners",
    "holdings",
    "network",
    "channel",
    "times",
    "post",
    "press",
    "news",
    "school",
    "academy",
    "office",
    "bureau",
    "board",
    "service",
    "services",
)

# Heads that, capitalised on their own, refer back to the institution an article named in full:
# "the Bank" after "the Bank of England", "the Fund" after "the International Monetary Fund".
BACK_REFERENCE_HEADS = (
    *("agency", "company", "corporation", "group", "bank", "university", "college", "institute"),
    *("council", "committee", "ministry", "department", "party", "association", "federation"),
    *("union", "club", "commission", "authority", "foundation", "trust", "fund", "society"),
    *("organisation", "organization", "office", "bureau", "board", "academy", "community"),
)

# A company's legal form, lower case, however written: one company as "Co" or "Corp" in two stories.
LEGAL_FORMS = (
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "cos",
    "ltd",
    "limited",
    "plc",
    "llc",
    "ag",
    "sa",
    "nv",
    "bv",
    "gmbh",
    "spa",
    "bros",
    "brothers",
)


def pattern(words: tuple[str, ...]) -> str:
    """A non-capturing alternation of the words, longest first (so "Vice-President" beats "President")."""
    import re

    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# Countries by their common English names (UN members and observers, and the states a news
# archive from the 1980s names: the Soviet Union, West Germany). A name here is a place, never a
# person's surname the model's "place" stands for ("Ireland" of "James Ireland").
COUNTRIES = (
    *("Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda", "Argentina"),
    *("Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados"),
    *("Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia and Herzegovina"),
    *("Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi", "Cambodia", "Cameroon"),
    *("Canada", "Cape Verde", "Central African Republic", "Chad", "Chile", "China", "Colombia"),
    *("Comoros", "Congo", "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czech Republic", "Denmark"),
    *("Djibouti", "Dominica", "Dominican Republic", "East Timor", "Ecuador", "Egypt", "El Salvador"),
    *("Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France"),
    *("Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada", "Guatemala", "Guinea"),
    *("Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia"),
    *("Iran", "Iraq", "Ireland", "Israel", "Italy", "Ivory Coast", "Jamaica", "Japan", "Jordan"),
    *("Kazakhstan", "Kenya", "Kiribati", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos", "Latvia", "Lebanon"),
    *("Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar"),
    *("Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius"),
    *("Mexico", "Micronesia", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique"),
    *("Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger"),
    *("Nigeria", "North Korea", "North Macedonia", "Norway", "Oman", "Pakistan", "Palau", "Palestine"),
    *("Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar"),
    *("Romania", "Russia", "Rwanda", "Saint Kitts and Nevis", "Saint Lucia", "Samoa", "San Marino"),
    *("Saudi Arabia", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore", "Slovakia"),
    *("Slovenia", "Solomon Islands", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain"),
    *("Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan"),
    *("Tanzania", "Thailand", "Togo", "Tonga", "Trinidad and Tobago", "Tunisia", "Turkey"),
    *("Turkmenistan", "Tuvalu", "Uganda", "Ukraine", "United Arab Emirates", "United Kingdom"),
    *("United States", "Uruguay", "Uzbekistan", "Vanuatu", "Vatican City", "Venezuela", "Vietnam"),
    *("Yemen", "Zambia", "Zimbabwe"),
    # The United Kingdom's nations, and states of the 1980s.
    *("England", "Scotland", "Wales", "Northern Ireland"),
    *("Soviet Union", "West Germany", "East Germany", "Yugoslavia", "Czechoslovakia", "Zaire"),
)

# Other names of one country in the place sense (the first name in COUNTRIES is the entity's key):
# short forms and acronyms as news writes them. Names of one country are one entity.
COUNTRY_ALIASES = {
    "United States": ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "Soviet Union": ("USSR", "U.S.S.R."),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Netherlands": ("Holland",),
    "New Zealand": ("NZ", "N.Z."),
    "Ivory Coast": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "Myanmar": ("Burma",),
    "Czech Republic": ("Czechia",),
    "Russia": ("Russian Federation",),
    "South Korea": ("Republic of Korea",),
    "North Korea": ("DPRK",),
    "East Timor": ("Timor-Leste",),
    "Eswatini": ("Swaziland",),
}
# A country's official name, and its acronym, as news writes them in full ("the Federal Republic
# of Germany"): more names of one country for the entities (not in COUNTRY_NAMES, whose words the
# index's analyser stems apart).
COUNTRY_OFFICIAL_NAMES = {
    "Soviet Union": ("Union of Soviet Socialist Republics",),
    "West Germany": ("Federal Republic of Germany", "FRG"),
    "East Germany": ("German Democratic Republic", "GDR"),
    "China": ("People's Republic of China", "PRC"),
    "Taiwan": ("Republic of China",),
    "Iran": ("Islamic Republic of Iran",),
    "Ireland": ("Republic of Ireland", "Eire"),
}
# U.S. states by the abbreviations news style writes after a town ("DETROIT, Mich."): the same
# place as the state's name. (Not "Wash." and "N.Y.": the bare "Washington" and "New York" of
# the news are mostly the cities.)
US_STATE_ABBREVIATIONS = {
    **{"Alabama": ("Ala.",), "Arizona": ("Ariz.",), "Arkansas": ("Ark.",), "California": ("Calif.",)},
    **{"Colorado": ("Colo.",), "Connecticut": ("Conn.",), "Delaware": ("Del.",), "Florida": ("Fla.",)},
    **{"Georgia": ("Ga.",), "Illinois": ("Ill.",), "Indiana": ("Ind.",), "Kansas": ("Kan.", "Kans.")},
    **{"Kentucky": ("Ky.",), "Louisiana": ("La.",), "Maryland": ("Md.",), "Massachusetts": ("Mass.",)},
    **{"Michigan": ("Mich.",), "Minnesota": ("Minn.",), "Mississippi": ("Miss.",), "Missouri": ("Mo.",)},
    **{"Montana": ("Mont.",), "Nebraska": ("Neb.", "Nebr."), "Nevada": ("Nev.",), "New Hampshire": ("N.H.",)},
    **{
        "New Jersey": ("N.J.",),
        "New Mexico": ("N.M.",),
        "North Carolina": ("N.C.",),
        "North Dakota": ("N.D.",),
    },
    **{
        "Oklahoma": ("Okla.",),
        "Oregon": ("Ore.", "Oreg."),
        "Pennsylvania": ("Pa.", "Penn."),
        "Rhode Island": ("R.I.",),
    },
    **{"South Carolina": ("S.C.",), "South Dakota": ("S.D.",), "Tennessee": ("Tenn.",), "Texas": ("Tex.",)},
    **{
        "Vermont": ("Vt.",),
        "Virginia": ("Va.",),
        "West Virginia": ("W.Va.", "W. Va."),
        "Wisconsin": ("Wis.", "Wisc."),
    },
    **{"Wyoming": ("Wyo.",)},
}

# Every name of a country, as written.
COUNTRY_NAMES = frozenset([*COUNTRIES, *(name for names in COUNTRY_ALIASES.values() for name in names)])

# Nationalities as adjectives and peoples ("Welsh", "Scots"), as written: a nationality is no
# organisation ("the Welsh had the upper hand": the team, named by its people).
DEMONYMS = (
    *("Afghan", "Albanian", "Algerian", "American", "Angolan", "Argentine", "Argentinian", "Armenian"),
    *("Australian", "Austrian", "Azerbaijani", "Bangladeshi", "Belarusian", "Belgian", "Bolivian"),
    *("Bosnian", "Brazilian", "British", "Briton", "Brits", "Bulgarian", "Burmese", "Cambodian"),
    *("Cameroonian", "Canadian", "Chilean", "Chinese", "Colombian", "Congolese", "Croatian", "Cuban"),
    *("Cypriot", "Czech", "Danish", "Dutch", "Ecuadorian", "Egyptian", "English", "Eritrean"),
    *("Estonian", "Ethiopian", "Fijian", "Filipino", "Finnish", "French", "Georgian", "German"),
    *("Ghanaian", "Greek", "Guatemalan", "Haitian", "Honduran", "Hungarian", "Icelandic", "Indian"),
    *("Indonesian", "Iranian", "Iraqi", "Irish", "Israeli", "Italian", "Ivorian", "Jamaican"),
    *("Japanese", "Jordanian", "Kazakh", "Kenyan", "Korean", "Kosovan", "Kurdish", "Kuwaiti"),
    *("Latvian", "Lebanese", "Liberian", "Libyan", "Lithuanian", "Malaysian", "Maltese", "Mexican"),
    *("Moldovan", "Mongolian", "Moroccan", "Namibian", "Nepalese", "Nigerian", "Norwegian"),
    *("Pakistani", "Palestinian", "Panamanian", "Paraguayan", "Peruvian", "Polish", "Portuguese"),
    *("Qatari", "Romanian", "Russian", "Rwandan", "Saudi", "Scottish", "Scots", "Senegalese"),
    *("Serbian", "Singaporean", "Slovak", "Slovenian", "Somali", "Spanish", "Sudanese", "Swedish"),
    *("Swiss", "Syrian", "Taiwanese", "Thai", "Tunisian", "Turkish", "Ugandan", "Ukrainian"),
    *("Uruguayan", "Uzbek", "Venezuelan", "Vietnamese", "Welsh", "Yemeni", "Zambian", "Zimbabwean"),
    *("Soviet", "Arab", "European", "African", "Asian"),
)

# Words right after a group's name that make the group an organisation: its party, its people in
# office and its voice ("Tory leader", "Democratic senators", "the Conservative party").
GROUP_ROLES = (
    *("party", "Party", "leader", "leaders", "leadership", "MP", "MPs", "MEP", "MEPs", "peer", "peers"),
    *("candidate", "candidates", "manifesto", "frontbench", "frontbencher", "frontbenchers"),
    *("backbench", "backbencher", "backbenchers", "spokesman", "spokeswoman", "spokesperson"),
    *("chairman", "chairwoman", "activists", "senator", "senators", "congressman", "congressmen"),
    *("congresswoman", "lawmakers", "legislators", "councillor", "councillors", "deputies", "whip", "whips"),
)

# A party's other name, as ``aliases.family`` keys it: its nickname -> its own name. "Tory" has
# been the Conservatives' name in Britain (and Canada) for two centuries: news says both, often in
# one story ("Tory leader Michael Howard ... the Conservatives").
PARTY_NICKNAMES = {"tory": "conservative"}

# Faiths, as adjectives and their people: a faith is no party ("Muslim leaders").
FAITHS = (
    *("Muslim", "Moslem", "Christian", "Catholic", "Protestant", "Jewish", "Jew", "Hindu", "Sikh"),
    *("Buddhist", "Islam", "Islamic", "Islamist", "Sunni", "Shia", "Shi'ite", "Shiite", "Orthodox"),
    *("Anglican", "Evangelical", "Methodist", "Baptist", "Mormon", "Lutheran", "Presbyterian", "Quaker"),
    *("Maronite", "Druze", "Alawite", "Copt", "Coptic"),
)

# Peoples that are not a country's nationals (those are DEMONYMS): no party either ("Kurdish
# leaders" are in DEMONYMS, "Tamil leaders" here).
PEOPLES = (
    *("Kurd", "Tamil", "Serb", "Croat", "Bosniak", "Zulu", "Xhosa", "Pashtun", "Hazara", "Hutu"),
    *("Tutsi", "Maori", "Aboriginal", "Aborigine", "Hispanic", "Latino", "Berber", "Tatar", "Chechen"),
    *("Basque", "Catalan", "Flemish", "Walloon", "Roma", "Gypsy", "Bedouin", "Uighur", "Uyghur"),
    *("Tibetan", "Cossack", "Slav", "Inuit", "Sami", "Yoruba", "Igbo", "Hausa", "Kikuyu", "Rohingya"),
    *("Baloch", "Punjabi", "Bengali", "Afrikaner", "Boer", "Anglo", "Gaelic", "Bantu", "Han"),
)

# A region's adjective: "Western leaders", "Nordic ministers" are no organisation.
REGIONAL_ADJECTIVES = (
    *("Western", "Eastern", "Northern", "Southern", "Central", "Gulf", "Latin", "Nordic"),
    *("Scandinavian", "Mediterranean", "Caribbean", "Baltic", "Balkan", "Pacific", "Atlantic"),
    *("Middle Eastern", "West European", "East European", "Western European", "Eastern European"),
)
