"""Extraction, the words the trigger readers look for (``geo.extract.triggers``), by lemma: who
(civilians, armed men, crowds), what they act on (property, territory, targets), with what
(aircraft, weapons), and the words of protests, riots and their policing.

Word sets only, no logic: each is read by the rule that names it in ``triggers``.
"""

from __future__ import annotations

AIRCRAFT = frozenset({"jet", "warplane", "aircraft", "plane", "drone", "helicopter", "gunship", "bomber", "aviation",
                      "airforce", "uav", "f-16", "mig", "sukhoi"})
AIR_VERBS = frozenset({"strike", "hit", "target", "attack", "bomb", "bombing", "bombard", "bombardment", "pound",
                       "raid",
                       "airstrike"})
GROUND_BOMB = frozenset({"car", "roadside", "truck", "improvised", "church", "mosque", "vehicle", "parcel",
                         "motorcycle", "pipe", "nail", "magnetic", "sticky", "homemade", "home-made", "landmine",
                         "buried", "booby-trap", "booby-trapped", "planted", "hidden", "makeshift", "crude", "petrol"})
LIGHT = frozenset({"carry", "launch", "conduct", "stage", "mount"})  # "carried out strikes", "conducted a patrol"
DETERMINERS = frozenset({"a", "an", "the", "two", "three", "several", "twin", "another", "one"})
SUICIDE_WITH = frozenset({"bomb", "bomber", "bombing", "attack", "attacker", "vest", "car", "blast", "explosion"})
# Victims: who an attack or a killing hit. Unarmed people and the places they gather are civilians.
CIVILIANS = frozenset({
    "civilian", "villager", "resident", "farmer", "herder", "worshipper", "worshiper", "woman", "child", "girl", "boy",
    "man", "student", "pupil", "teacher", "journalist", "reporter", "passenger", "driver", "trader", "merchant",
    "shopkeeper", "doctor", "nurse", "worker", "people", "person", "family", "pilgrim", "refugee", "judge", "official",
    "chief", "imam", "pastor", "priest", "elder", "businessman", "activist", "lawyer", "fisherman", "miner", "infant",
    "baby", "unarmed", "village", "market", "church", "mosque", "school", "hospital", "home", "house", "household",
    "wedding", "funeral", "mourner", "shepherd", "motorist", "traveller", "traveler", "politician", "candidate",
    "councillor", "mayor", "governor", "cleric", "monk", "displaced", "idp", "inhabitant", "citizen", "wife",
    "daughter", "son", "husband", "brother", "father", "mother", "teenager", "youth", "couple", "local",
    "developer", "owner", "landowner", "contractor", "engineer", "employee", "prisoner", "detainee", "inmate", "victim",
    "pedestrian", "vendor", "seller", "customer", "patient", "voter", "passer-by", "passerby", "bus", "minibus", "taxi",
    "truck", "lorry", "chairman", "chairperson", "director", "headmaster", "principal", "sheikh", "mukhtar",
    "suspect", "player", "footballer", "athlete", "artist", "singer", "sister", "uncle", "nephew", "cousin",
    "hotel", "restaurant", "cafe", "café", "nightclub", "beach", "shop"})
# Animals a raid takes: "raided cattle", "stole 200 goats": looting, unless someone was hurt.
LIVESTOCK = frozenset({"cattle", "cow", "goat", "sheep", "camel", "livestock", "donkey", "herd", "ox", "oxen"})
# Before "bomb": a bomb thrown by hand that burns, not a remote explosive ("a petrol bomb").
FIRE_BOMB = frozenset({"petrol", "gasoline", "molotov", "fire", "incendiary"})
ARMED = frozenset({
    "armed", "soldier", "troop", "fighter", "militant", "police", "policeman", "policemen", "officer", "force", "army",
    "militia", "militiaman", "rebel", "insurgent", "jihadist", "jihadi", "gunman", "guard", "commander", "combatant",
    "personnel", "recruit", "terrorist", "patrol", "checkpoint", "base", "convoy", "position", "post", "outpost",
    "barracks", "military", "serviceman", "marine", "paramilitary", "sniper", "battalion", "brigade", "unit",
    "garrison", "tank", "vehicle", "camp", "headquarters", "station", "bandit", "kidnapper", "extremist",
    "cadre", "operative", "mercenary", "legionnaire", "gendarme", "ranger", "defender", "loyalist", "warlord",
    "vigilante"})
TERRITORY = frozenset({"town", "village", "city", "area", "district", "base", "airport", "airbase", "checkpoint",
                       "position", "hill", "territory", "control", "outpost", "neighbourhood", "neighborhood", "road",
                       "bridge", "province", "region", "locality", "post", "barracks", "camp", "airfield", "port",
                       "suburb", "highway", "junction", "crossing", "capital", "settlement", "strongholds",
                       "stronghold", "island", "oasis", "mountain", "valley", "county", "municipality", "quarter",
                       "compound", "headquarters"})
CONTROL = frozenset({"take", "seize", "gain", "wrest", "assume", "retake", "regain", "capture", "establish"})
PROPERTY = frozenset({"house", "home", "shop", "store", "vehicle", "car", "building", "market", "property", "crop",
                      "field", "hut", "dwelling", "office", "granary", "livestock", "farm", "church", "mosque",
                      "school", "warehouse", "truck", "tower", "mast", "village", "pool", "structure", "shelter",
                      "tent", "facade", "plant", "pipeline", "kiosk", "stall", "bus", "motorcycle", "tyre", "tire",
                      "apartment", "flat", "boat", "tree", "seedling", "sapling", "orchard", "vineyard", "olive",
                      "machinery", "equipment", "antenna", "offices", "stadium", "tribune", "hall", "temple",
                      "monastery", "clinic", "bank", "factory", "residence", "hotel", "restaurant", "premises",
                      "compound", "statue", "monument", "excavator", "bulldozer", "tractor", "barn", "harvest"})
DESTROY = frozenset({"burn", "torch", "destroy", "demolish", "raze", "ransack", "damage", "uproot", "bulldoze",
                     "vandalise", "vandalize", "loot"})
BASE = frozenset({"base", "headquarters", "camp", "outpost", "post", "garrison"})
FOUND = frozenset({"establish", "set", "build", "open", "erect"})
# Protests: nouns that always say one, and words that say one only when used as a protest.
PROTEST_NOUNS = frozenset({"protester", "protestor", "demonstrator", "rally", "sit-in", "picket", "marcher",
                           "dharna"})
PROTEST_WORDS = frozenset({"protest", "demonstrate", "demonstration", "march"})
# A crowd gathering is a protest when it is a crowd or supporters, or the sentence says what it wants.
QUANTITIES = frozenset({"hundreds", "thousands", "dozens", "scores", "tens", "millions", "group", "number", "crowd"})
CAUSE = frozenset({"after", "following", "over", "against", "since"})  # a protest's reason comes after these
GATHER = frozenset({"gather", "rally", "assemble", "converge", "throng"})
DEMANDS = frozenset({"demand", "call", "chant", "slogan", "denounce", "condemn", "banner", "placard", "justice",
                     "solidarity", "release", "resign", "resignation", "support"})
PROTEST_AFTER = frozenset({"against", "in", "at", "outside", "over", "near", "for", "on", "to", "across", "throughout",
                           "after", "demanding", "calling", "denouncing", "condemning", "by", "of", "were", "was",
                           "took", "held", "erupted", "broke", "continued", "turned", "and"})
PROTEST_BEFORE = frozenset({"a", "an", "the", "held", "hold", "staged", "stage", "organised", "organized", "peaceful",
                            "mass", "street", "large", "several", "small", "student", "students", "public",
                            "anti-government", "popular", "led", "protests", "new", "violent", "joined", "spontaneous",
                            "residents", "people", "workers", "women", "youths", "citizens", "hundreds",
                            "thousands", "dozens", "members", "supporters", "villagers", "traders", "farmers",
                            "teachers", "doctors", "nurses", "activists", "prisoners", "inmates", "patients"})
RIOTING = frozenset({"riot", "rioter", "clash", "throw", "hurl", "pelt", "stone", "torch", "burn", "vandalise",
                     "vandalize", "loot", "molotov", "barricade"})
SYMBOLS = frozenset({"flag", "effigy", "portrait", "picture", "poster", "photo", "photograph", "image", "copy", "banner",
                     "likeness"})  # burnt at a protest: symbols, not property destroyed
LETHAL = frozenset({"kill", "dead", "death", "ammunition", "wound", "injure"})
LETHAL_IF = frozenset({"shoot", "fire", "bullet"})  # unless with tear gas, rubber bullets, water cannon
# Words that may follow a place's name and end its phrase: "fired on Qamishli and other towns".
AFTER_NAME = frozenset({"and", "in", "on", "from", "with", "near", "after", "before", "during", "killing", "wounding",
                        "overnight", "early", "late", "as", "while", "for", "at"})
DETAINEES = frozenset({"prisoner", "detainee", "hostage", "captive", "inmate", "abductee"})
FUNDS = frozenset({"billion", "million", "fund", "budget", "treasury", "embezzle", "embezzlement", "bribe"})
ACCUSED = frozenset({"accuse", "suspect", "charge", "convict", "guilty", "allegation", "allege", "sentence"})
GAS = frozenset({"gas", "tear-gas", "teargas", "smoke", "stun", "sound", "pepper"})  # "tear gas bombs", "stun grenades"
NOT_LETHAL = frozenset({"gas", "teargas", "tear-gas", "rubber", "cannon", "air", "warning"})
INTERVENE = frozenset({"disperse", "gas", "teargas", "tear-gas", "cannon", "arrest", "detain", "beat", "baton",
                       "break", "rubber", "crack", "crackdown", "intervene", "stop", "prevent", "block"})
RIOT_NOT = frozenset({"police", "policeman", "gear", "squad", "control", "shield", "unit", "officer"})
FILLERS = frozenset({"the", "a", "an", "back", "full", "parts", "part", "most", "much", "key", "strategic", "of",
                     "several", "two", "three", "four", "five", "control", "large", "swathes", "nearby"})
# "threatened to attack", "plans to strike": an intention, not an event
INTENT = frozenset({"threaten", "plan", "vow", "intend", "prepare", "try", "attempt", "want", "seek", "pledge",
                    "promise", "warn", "aim", "hope", "expect", "refuse", "decide"})
TARGETS = frozenset({"target", "area", "site", "facility", "depot", "infrastructure", "district", "neighbourhood",
                     "neighborhood"})
ON_THE_GROUND = frozenset({"ied", "landmine", "bomb", "explosive", "mine", "suicide", "grenade", "vbied"})
STRIKE_ON = frozenset({"hit", "target", "on", "near", "around", "against", "pound"})
BOTH_SIDES = frozenset({"dead", "death", "casualty", "injury", "body", "gunshot", "gunfire", "shooting", "corpse"})
# A crowd that attacks or clashes: mob violence, or a violent demonstration.
CROWD = frozenset({"resident", "villager", "youth", "crowd", "student", "local", "people", "supporter", "inhabitant",
                   "citizen", "worker", "trader", "community", "mob", "rioter", "protester", "demonstrator",
                   "activist", "partisan", "prisoner", "inmate", "fan", "group", "family", "neighbour", "neighbor",
                   "relative", "journalist", "vendor", "hawker", "merchant", "shopkeeper", "driver", "labourer",
                   "laborer", "motorcyclist", "pilgrim", "worshipper", "worshiper"})
CROWD_ACTS = frozenset({"attack", "clash", "assault", "beat", "lynch", "stone", "storm", "fight", "scuffle", "brawl"})
UNKNOWN = frozenset({"unknown", "unidentified", "anonymous"})  # "unknown people": no crowd, whoever did it
# The police side of a riot: "police officers fought with market vendors" (not soldiers or militants).
POLICE = frozenset({"police", "policeman", "policemen", "policewoman", "gendarme", "gendarmerie", "constable",
                    "trooper", "officer"})
# What fired projectiles do when they arrive, and the projectiles: "a missile hit", "shells landed in".
LANDED = frozenset({"hit", "land", "fall", "slam", "pound", "crash", "rain"})
PROJECTILES = frozenset({"missile", "rocket", "shell", "mortar", "projectile", "katyusha", "grad"})
REMOTE_WEAPONS = frozenset({"drone", "uav", "missile", "rocket", "projectile"})
ARMS = frozenset({"weapon", "arm", "ammunition", "explosive", "rifle", "gun", "mortar", "rocket", "ied", "bomb",
                  "cache", "munition", "grenade", "hand-grenade", "missile"})
GRIEVANCE = frozenset({"against", "the", "an", "of", "over", "unjust", "illegal", "wrongful", "arbitrary", "recent",
                       "his", "her", "their"})
# Before the strikes that backed a fight ("forces backed by coalition air strikes repelled ..."): support.
SUPPORT = frozenset({"backed", "supported", "support", "backing", "cover", "covered", "aided", "assisted"})
# Words that tell a fight between two sides: a battle, though shells or mortars flew in it.
REPEL = frozenset({"repel", "repulse", "thwart", "fend"})  # an attack fought off ("foiled" may be stopped before)
BATTLE = frozenset({"clash", "fight", "battle", "skirmish", "firefight", "gunfight", "repel", "repulse"})
HEAVY_WEAPONS = frozenset({"artillery", "mortar", "rocket", "tank", "howitzer", "cannon"})
SMALL_ARMS = frozenset({"gun", "machine-gun", "machinegun", "sniper", "rifle", "shot", "small", "pk", "dshk"})
ROADS = frozenset({"road", "street", "highway", "rail", "railway", "route", "traffic", "bridge", "motorway"})
PASSIVE = frozenset({"was", "were", "been", "being", "is", "are", "got", "get"})
TOLL = frozenset({"kill", "wound", "injure", "casualty", "death", "dead", "shoot", "beat"})
# A body found, and a sign that a person killed it: an attack (ACLED codes such finds as violence).
FOUND_BODY = frozenset({"find", "discover", "recover", "dump", "dumped"})  # also in _VOCABULARY
BODY = frozenset({"body", "corpse"})
SIGNS = frozenset({"tie", "bind", "bound", "blindfold", "blindfolded", "torture", "gunshot", "bullet", "shoot", "stab",
                   "behead", "mutilate", "decapitate", "strangle", "execute", "handcuff", "handcuffed", "gag"})

PREPOSITIONS = frozenset({"for", "of", "against", "with", "alongside", "on", "at", "to", "from", "among"})
BEFORE_ADJECTIVE = frozenset({"the", "for", "of", "two", "three", "several", "many", "some", "all", "their", "his",
                              "her", "freed", "rescued", "released", "found"})
# What a sentence after a protest tells when the protest turned violent (``events``).
TURNED_VIOLENT = frozenset({"riot", "rioter", "pelt", "scuffle", "vandalise", "vandalize", "torch", "burn", "loot",
                            "clash", "brawl", "hurl", "smash"})
# Before "for" and a charge: "detained 10 days ago for hurling a Molotov cocktail" tells why, not what happened.
PUNISHED = frozenset({"arrest", "detain", "jail", "sentence", "convict", "charge", "imprison", "prosecute", "punish",
                      "fine", "ago"})
