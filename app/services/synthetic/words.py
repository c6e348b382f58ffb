"""Syllables and words the synthetic names and texts are built from; every name is invented.

Real are only the country names (the dialogues' counterparts and the EU member states) and
common words of the trade; persons, towns, organisations and every sentence are combinations
made by :mod:`.names` and :mod:`.texts`.
"""

from __future__ import annotations

# ---- Central-Asian-like names ---------------------------------------------------------------
CA_ONSETS = ("Ai", "Ak", "Al", "Ar", "As", "Ay", "Ba", "Bak", "Bek", "Da", "Dau", "Er", "Ga",
             "Gul", "Ka", "Kai", "Ker", "Mad", "Mur", "Nur", "Ra", "Sa", "Ser", "Sul", "Ta",
             "Tol", "Ul", "Zha", "Zhan", "Ye", "Bol", "Ka", "Mir", "Ruk", "Sha", "Tim")
CA_MALE_ENDINGS = ("lan", "bek", "zhan", "dos", "mat", "khan", "ur", "ran", "tai", "gali",
                   "bol", "sen", "tas", "murat", "lat", "ik", "ibek", "ar", "bay", "khat")
CA_FEMALE_ENDINGS = ("gul", "ra", "na", "zhan", "ym", "ida", "ira", "sulu", "gerim", "ana",
                     "lia", "sha", "nur", "kul", "daria", "ia", "ila", "mira")
CA_STEMS_A = ("Abd", "Akh", "Al", "Ash", "Bay", "Bek", "Dzhu", "Er", "Ib", "Is", "Kas",
              "Kud", "Mam", "Mukh", "Nur", "Or", "Ras", "Sad", "Sar", "Tok", "Tur", "Usm",
              "Yus", "Zhak", "Zhum", "Kal", "Sey", "Kan", "Tash", "Yer")
CA_STEMS_B = ("ai", "an", "ar", "at", "bai", "ek", "en", "ib", "im", "ir", "ke", "met",
              "mir", "on", "ul", "ur", "yr", "al", "ush", "tai")
#: Surname endings: (male, female).
CA_SURNAME_ENDINGS = (("ov", "ova"), ("ev", "eva"), ("bayev", "bayeva"), ("bekov", "bekova"),
                      ("uly", "kyzy"), ("ov", "ova"), ("baev", "baeva"), ("ev", "eva"))

#: Latin to Cyrillic, longest first: how a Central-Asian name is written at home.
CYRILLIC = (("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("sh", "ш"), ("ch", "ч"), ("ts", "ц"),
            ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("ye", "е"), ("ai", "ай"), ("ei", "ей"), ("a", "а"), ("b", "б"),
            ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"),
            ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
            ("p", "п"), ("q", "қ"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
            ("v", "в"), ("w", "у"), ("x", "кс"), ("y", "ы"), ("z", "з"))
#: Other Latin transliterations of the same sounds.
LATIN_VARIANTS = (("zh", "j"), ("kh", "h"), ("yev", "ev"), ("dzh", "j"), ("ay", "ai"),
                  ("uly", "uli"), ("ov", "off"))

# ---- European-like names --------------------------------------------------------------------
EU_ONSETS = ("Al", "An", "Be", "Cla", "Da", "El", "Fe", "Ge", "Han", "In", "Jo", "Ka", "Lu",
             "Ma", "Ni", "O", "Pe", "Ro", "Sa", "Ti", "Vi", "Wi", "Ber", "Fre", "Lo", "Ste")
EU_MALE_ENDINGS = ("rik", "bert", "mund", "o", "as", "an", "ian", "el", "ard", "on", "lev",
                   "mar", "nus", "ric", "tan")
EU_FEMALE_ENDINGS = ("a", "ine", "ette", "ina", "ia", "ella", "ie", "ke", "lene", "rid",
                     "sa", "ora")
EU_STEMS = ("Bran", "Hol", "Kess", "Lind", "Mar", "Vol", "Fal", "Gar", "Ros", "Ber", "Dan",
            "Cor", "Tor", "Wes", "Hal", "Mor", "Ald", "Brun", "Eck", "Fern", "Grav", "Hart",
            "Jans", "Kor", "Lem", "Nord", "Ost", "Pell", "Rau", "Sten", "Vald", "Wend")
EU_SURNAME_ENDINGS = ("mann", "berg", "stein", "er", "eau", "ier", "ard", "ini", "etti",
                      "elli", "sen", "ström", "lund", "ski", "wicz", "ez", "ink", "ens",
                      "hoff", "quist", "escu", "ou", "aro")

# ---- Places and countries -------------------------------------------------------------------
TOWN_STARTS = ("Ak", "Kara", "Sary", "Kyzyl", "Ust", "Tal", "Zhana", "Bay", "Ken", "Shu",
               "Tas", "Ala", "Or", "Kok", "Uch", "Zhel", "Yany", "Tem")
TOWN_ENDS = ("tobe", "kol", "bulak", "su", "tau", "kent", "abad", "ozek", "dala", "shar",
             "arka", "yar", "tas", "kum", "dzhar", "sai")
COUNTERPARTS = ("Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Tajikistan", "Turkmenistan")
MEMBER_STATES = ("Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark",
                 "Estonia", "Finland", "France", "Germany", "Greece", "Hungary", "Ireland",
                 "Italy", "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands",
                 "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden")

# ---- Organisations ----------------------------------------------------------------------------
CSO_ADJECTIVES = ("Open", "Free", "Steppe", "Independent", "Civic", "Northern", "Caravan",
                  "Clear", "Bright", "United", "Legal", "Southern", "Mountain", "Public",
                  "Young")
CSO_NOUNS = ("Voice", "Dialogue", "Horizon", "Rights", "Justice", "Memory", "Future", "Law",
             "Citizens", "Dignity", "Conscience", "Truth", "Solidarity", "Word")
CSO_TYPES = ("Foundation", "Bureau", "Centre", "Network", "Initiative", "Association",
             "Coalition", "Institute", "Legal Clinic", "Watch", "Union", "Alliance")
LOCAL_WORD_STARTS = ("Adi", "Ken", "Sha", "Ash", "Bir", "Zha", "Tu", "Nar", "Ome", "Kuz")
LOCAL_WORD_ENDS = ("let", "es", "myr", "yq", "lik", "ryk", "ldyz", "rat", "gen", "ar")
MINISTRIES = ("Justice", "Foreign Affairs", "Internal Affairs", "Information", "Culture",
              "Labour and Social Protection", "Education", "Health", "Digital Development",
              "Energy", "Finance", "Religious Affairs", "Ecology")
STATE_BODIES = ("Prosecutor General's Office", "Constitutional Court", "Supreme Court",
                "National Security Committee", "Penitentiary Service",
                "Commissioner for Human Rights", "Central Election Commission",
                "Anti-Corruption Agency", "Presidential Administration",
                "Parliament, Committee on Legislation", "Parliament, Committee on Foreign Affairs")
REGIONAL_BODIES = ("Regional Court", "Regional Prosecutor's Office", "Regional Police Department",
                   "City Administration", "Regional Department of Internal Policy")
EU_BODIES = ("Directorate for Central Asia", "Human Rights Policy Division",
             "Parliamentary Subcommittee on Human Rights", "Delegation for Central Asia Relations",
             "Office of the Special Representative for Central Asia", "Democracy Support Unit",
             "Development Cooperation Unit, Central Asia", "Policy Planning Unit",
             "Trade and Sustainable Development Unit",
             "Council Working Party on Eastern Europe and Central Asia")
MS_DIVISIONS = ("Eastern Europe and Central Asia Division", "Human Rights Department",
                "Department for Multilateral Affairs", "Consular Department")
EU_SECTIONS = ("Political section", "Press and information section", "Cooperation section",
               "Human rights focal point", "Trade section", "Rule of law team")
MS_BODIES = ("Embassy of {state} in {country}", "{state} Ministry of Foreign Affairs, {division}",
             "Permanent Representation of {state} to the EU", "Consulate of {state} in {town}",
             "{state} Development Agency, {country} office",
             "{state} Parliament, Foreign Affairs Committee",
             "Special Envoy of {state} for Human Rights")
IGO_PREFIXES = ("Regional", "International", "Joint", "Multilateral")
IGO_BODIES = ("Human Rights Office", "Programme Office", "Rule of Law Centre",
              "Office for Democratic Institutions", "Media Freedom Desk", "Country Team")
MEDIA_NOUNS = ("Courier", "Herald", "Times", "Review", "Today", "Daily", "Post", "Echo",
               "Observer", "Inform", "Online", "Monitor", "Bulletin")
OTHER_BODIES = ("University, Law Faculty", "Bar Association", "Chamber of Commerce",
                "Institute of Political Studies", "Trade Union Federation")

# ---- Posts by kind of organisation ------------------------------------------------------------
ROLES = {
    "eu_institution": ("Head of Division", "Desk officer", "Human rights focal point",
                       "Political officer", "Deputy Head of Delegation", "Member",
                       "Policy adviser", "Head of Unit", "Special Representative"),
    "member_state": ("Ambassador", "Deputy Head of Mission", "Political counsellor",
                     "Human rights attaché", "Second secretary", "Desk officer"),
    "government": ("Deputy Minister", "Head of Department", "Chief specialist", "Director",
                   "Press secretary", "Judge", "Prosecutor", "Deputy", "Adviser to the Minister",
                   "Ombudsperson"),
    "cso": ("Director", "Lawyer", "Programme coordinator", "Researcher", "Founder",
            "Board member", "Trial monitor", "Activist", "Human rights defender"),
    "media": ("Editor-in-chief", "Journalist", "Correspondent", "Blogger", "Photographer",
              "Producer", "Investigative reporter"),
    "intergovernmental": ("Head of Office", "Human rights officer", "Programme officer",
                          "Legal adviser", "Election observer"),
    "other": ("Professor", "Consultant", "Independent expert", "Chair", "Defence lawyer"),
}

# ---- Themes: (area, its sub-topics) -----------------------------------------------------------
THEME_AREAS = (
    ("Freedom of expression", ("Media accreditation", "Blocking of websites",
                               "Criminal defamation", "'False information' offences",
                               "Bloggers and online speech", "Access to information",
                               "Satire and artistic expression", "Foreign media")),
    ("Freedom of association", ("Registration of NGOs", "Foreign funding rules",
                                "Registration of political parties", "Trade unions",
                                "Inspections of NGOs", "Community groups")),
    ("Freedom of peaceful assembly", ("Permits for protests", "Detention of protesters",
                                      "Spontaneous assemblies", "Policing of rallies",
                                      "Accountability for violent dispersals")),
    ("Fair trial and judicial independence", ("Independence of judges", "Defence lawyers",
                                              "Pre-trial detention", "Closed hearings",
                                              "Appeals", "Trial monitoring")),
    ("Torture and ill-treatment", ("Conditions in prisons", "Investigations of torture",
                                   "Forced confessions", "Medical care in custody",
                                   "Independent prison visits")),
    ("Persecution of critics", ("Activists", "Journalists", "Opposition politicians",
                                "Relatives of critics", "Summons as witnesses",
                                "Travel bans")),
    ("Rights of women and girls", ("Domestic violence", "Bride kidnapping",
                                   "Women in public life", "Shelters and support services")),
    ("LGBTIQ+ rights", ("'Propaganda' laws", "Attacks on LGBTIQ+ people",
                        "Legal gender recognition", "Community events")),
    ("Labour rights", ("Strikes", "Forced labour", "Migrant workers", "Union leaders")),
    ("Freedom of religion or belief", ("Registration of communities", "Religious literature",
                                       "Conscientious objection", "Prosecution for beliefs")),
    ("Digital rights and surveillance", ("Internet shutdowns", "Spyware",
                                         "Personal data protection", "Platform takedowns",
                                         "Online harassment campaigns")),
    ("Transnational repression", ("Extradition requests", "Interpol notices",
                                  "Pressure on exiles' families", "Attacks abroad")),
    ("Elections and political participation", ("Election observation", "Referendums",
                                               "Candidate registration", "Election campaigns")),
    ("Rights of minorities", ("Language rights", "Ethnic minorities", "Stateless persons")),
    ("Environmental defenders", ("Land disputes", "Mining and water", "Nuclear power plans")),
)
THEME_ASPECTS = ("Laws on {topic}", "Court practice on {topic}", "Regional patterns of {topic}",
                 "Monitoring of {topic}", "Complaints about {topic}",
                 "International obligations on {topic}", "Public debate on {topic}",
                 "Figures on {topic}")

# ---- Words for texts --------------------------------------------------------------------------
OFFENCES = ("spreading knowingly false information", "inciting social discord",
            "calling for mass unrest", "participating in an extremist group",
            "organising an unauthorised assembly", "insulting a state official",
            "abuse of office", "fraud", "illegal entrepreneurship", "hooliganism",
            "preparing mass riots", "financing extremism", "disobeying the police")
PUBLISHER_KINDS = ("Coalition briefing", "Shadow report", "Treaty-body observations",
                   "UPR outcome", "Monitoring report", "Joint statement", "Trial-monitoring report")
DOCUMENTS = ("a one-page update", "the list of cases", "a legal analysis", "the hearing calendar",
             "our monitoring notes", "a background note", "the draft statement",
             "the figures on detentions", "a summary of the indictment", "the lawyers' contacts",
             "a reading list", "the translated judgment")
RECIPIENTS = ("the desk officer", "the embassy", "the delegation", "the rapporteur's office",
              "the ministry", "the coalition partners", "the MEP's office", "the press officer",
              "the working group", "the ombudsperson's office")
ASK_VERBS = ("Raise", "Press for", "Ask about", "Insist on", "Welcome progress on",
             "Recall", "Urge action on", "Seek clarity on")
STANCE_WORDS = {
    "supportive": ("agreed to raise it", "backed our position", "will take it up",
                   "promised to follow it closely", "welcomed the suggestion"),
    "non_committal": ("took note", "asked for more detail first", "will consult colleagues",
                      "avoided a clear answer", "said it is under review"),
    "opposed": ("rejected the concern", "called it an internal matter",
                "said the law is being applied correctly", "refused to discuss individual cases",
                "questioned our sources"),
}
