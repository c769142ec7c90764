package corpus

// Small invented vocabularies. None of these comes from a real report; they
// only need to look like the names, bodies and titles meeting reports carry.

var givenNames = []string{
	"Amara", "Bogdan", "Celeste", "Dario", "Elif", "Farid", "Greta", "Hugo", "Ilse", "Jonas",
	"Kaveh", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Stellan", "Tamsin",
	"Ulrich", "Vera", "Wendell", "Ximena", "Yusuf", "Zofia", "Anselm", "Brigida", "Cosimo", "Delphine",
	"Emil", "Fiora", "Gideon", "Halima", "Ivo", "Jolanda", "Kasimir", "Liesel", "Marius", "Noor",
}

var surnames = []string{
	"Achterberg", "Bellweather", "Castellanos", "Drummond", "Eskildsen", "Fairbanks", "Galloway",
	"Hartigan", "Ingersoll", "Jaramillo", "Kettleby", "Lindqvist", "Marchetti", "Nakashima",
	"Oyelaran", "Pemberton", "Quarshie", "Rasmussen", "Szabo", "Thorncastle", "Umberfield",
	"Valderrama", "Whitlock", "Yardley", "Zeller", "Abernathy", "Brandvold", "Corrigan", "Dunmore",
	"Ellery", "Fenwick", "Gruber", "Holloway", "Ibarra", "Janssen", "Kowalczyk", "Lockhart",
	"Moreau", "Nieminen", "Okonkwo", "Prentiss", "Quimby", "Rourke", "Sandoval", "Tennant",
	"Underhill", "Vasquez", "Wexford", "Yilmaz", "Zamora", "Ashdown", "Blackwood", "Carver",
	"Delacroix", "Everly", "Falkner", "Grantham", "Hesketh", "Ivanova", "Jovanovic",
}

// Names no generated person has, for questions that must find nothing.
var strangerGiven = []string{"Bartholomew", "Clementine", "Leopold", "Ottilie", "Severin", "Wilhelmina"}
var strangerSurnames = []string{"Quist", "Farrowby", "Mendelsohn", "Pike-Harrow", "Tregarthen", "Vossberg"}

var places = []string{
	"Northmere", "Eastvale", "Redcliff", "Silverbay", "Highmoor", "Stonebridge", "Greywater",
	"Lakeshire", "Brightwood", "Oakhaven", "Westmarch", "Coldspring", "Fernhill", "Marrowdale", "Duncaster",
}

var orgKinds = []string{
	"Chamber of Shipping", "Teachers Union", "Growers Cooperative", "Civic Forum", "Artisans Guild",
	"Transit Council", "Rural Alliance", "Science Society", "Veterans League", "Merchants Association",
}

// Every organisation has one holder of each of these roles.
var orgRoles = []string{"chairman", "vice chairman", "secretary general", "treasurer"}

// Officials preside; their title goes before the name.
var officialTitles = []string{"Regional Governor", "Deputy Governor", "Mayor", "Commissioner", "Council Speaker"}

var events = []string{
	"symposium", "forum", "roundtable", "plenary session", "working conference", "briefing",
	"seminar", "consultation meeting", "assembly", "hearing",
}

var topics = []string{
	"coastal fisheries", "rail freight", "school meals", "flood defences", "rural broadband",
	"water pricing", "vocational training", "urban housing", "market regulation", "public libraries",
	"seed banks", "harbour safety", "forest fires", "river transport", "clean energy", "elder care",
	"road maintenance", "small workshops", "tourism seasons", "grain storage",
}

var months = []string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

var termNumbers = []string{"two", "three", "four", "five", "six", "seven", "eight", "nine"}
var termNouns = []string{"bridges", "harvests", "lanterns", "open doors", "clear waters", "steady hands",
	"green fields", "safe harbours", "bright windows", "strong roots", "shared tables", "quiet roads",
	"full granaries", "honest ledgers", "living rivers"}

// Plain English for the body of a report, to sit between invented words.
var verbs = []string{"strengthen", "improve", "promote", "study", "implement", "support", "deepen",
	"coordinate", "review", "expand", "protect", "advance", "consolidate", "encourage", "guide"}
var adjectives = []string{"steady", "practical", "long-term", "shared", "regional", "careful", "open",
	"local", "modern", "public", "common", "fair", "sound", "lasting", "broad"}
var nouns = []string{"work", "cooperation", "planning", "supervision", "services", "development",
	"consultation", "training", "research", "investment", "reform", "responsibility", "capacity",
	"participation", "budget", "network", "oversight", "strategy", "guidance", "outreach"}
var connectors = []string{"pointed out that", "stressed that", "noted that", "said that", "called on members to ensure that"}
var openers = []string{"It is necessary to", "We must", "Members should", "The meeting agreed to", "All sides will"}

// syllables build the invented words that give the body a realistic
// vocabulary: tens of thousands of distinct words with a long tail.
var onsets = []string{"b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
	"p", "pl", "r", "s", "sh", "st", "t", "tr", "v", "w", "z"}
var nuclei = []string{"a", "e", "i", "o", "u", "ai", "ea", "ou", "ie"}
var codas = []string{"", "", "", "n", "r", "l", "s", "t", "m", "nd", "rk", "st"}
