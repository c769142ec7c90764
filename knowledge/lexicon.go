package knowledge

import (
	"sort"
	"strings"
)

// General English vocabulary for reading reports about meetings. Nothing
// here is taken from a particular report: these are the ordinary words for
// titles, organisations and what people do at meetings.

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// titleWords name positions people hold.
var titleWords = wordSet(`chairman chairwoman chairperson chair chairmen president secretary minister director
governor mayor premier member members representative representatives head leader deputy vice chief
commissioner ambassador spokesman spokeswoman spokesperson professor dean principal manager officer
executive editor chancellor senator congressman congresswoman councillor councilor councilman delegate
envoy general justice judge founder cofounder co-founder partner treasurer coordinator superintendent
inspector commander captain lieutenant colonel sergeant prosecutor attorney adviser advisor consultant
analyst researcher scientist economist reporter correspondent comrade mr mrs ms dr prof sir madam
lord lady king queen prince princess pope bishop archbishop cardinal rabbi imam pastor ceo cfo cto coo
chairmanship secretary-general director-general vice-chairman vice-chairwoman vice-president vice-chair
vice-governor vice-mayor vice-premier vice-minister deputy-director speaker mp vp cochair co-chair
president-elect convener convenor moderator mk mep emperor empress tsar czar sultan emir sheikh host organizer organiser trustee fellow lecturer teacher
owner administrator supervisor commissar marshal admiral nominee candidate spokespeople`)

// titleModifiers may stand before a title word and belong to the title.
var titleModifiers = wordSet(`vice deputy executive general honorary former acting chief senior first
associate assistant managing permanent interim joint co lead principal second third`)

// orgWords are words that mark a capitalised phrase as an organisation or
// place rather than a person's name.
var orgWords = wordSet(`committee committees party parties society league federation department ministry
association council congress commission bureau office university college school company corporation
corp group union bank institute academy government assembly court agency authority board foundation
organization organisation center centre club alliance coalition front army police hospital fund trust
network press news times chamber senate house parliament cabinet administration province provincial
city municipal municipality county state national central federal republic standing united
international world global district region regional township village town division branch section
team unit forum conference symposium summit meeting session plenary affairs inc ltd llc plc`)

// nonNameWords start sentences or clauses and are capitalised for that
// reason only.
var nonNameWords = wordSet(`the a an at on in of for to by with from and or but as this that these those
it its he she they we our their his her there here when where while after before during since until
on upon according however meanwhile also also, then thus therefore moreover furthermore january february
march april may june july august september october november december monday tuesday wednesday thursday
friday saturday sunday yesterday today tomorrow last next new all both each every some many most
mr mrs ms dr comrade`)

// nameParticles may stand lower-case inside a person's name.
var nameParticles = wordSet(`de da di du van von der den la le bin bint al ibn dos das del`)

// Action patterns, matched on lower-case text at the start of a predicate.
var actionPhrases = []struct {
	kind    ActionKind
	phrases []string
}{
	{Presided, []string{"presided", "chaired", "hosted", "moderated", "officiated", "was in the chair", "co-chaired", "co-hosted"}},
	{Spoke, []string{"delivered a speech", "delivered speeches", "delivered a keynote", "delivered remarks", "delivered an address",
		"made a speech", "made speeches", "made remarks", "made a report", "gave a speech", "gave speeches", "gave a talk",
		"gave remarks", "gave an address", "spoke", "speak", "addressed", "delivered a report", "took the floor", "made a statement",
		"made statements", "delivered a statement", "gave a report", "made keynote", "made a keynote", "briefed",
		"will speak", "will discuss", "will talk", "will present", "will address", "will be a guest"}},
	{Attended, []string{"attended", "present", "in attendance", "in the audience", "among the audience", "was present", "were present", "was also present", "were also present", "participated", "took part", "joined the meeting", "sat in", "was in attendance", "were in attendance",
		"met with", "met", "visited", "toured", "accompanied", "arrived", "traveled", "travelled", "paid a visit", "paid a courtesy visit", "paid a courtesy call",
		"led a delegation", "led the delegation", "had talks", "held talks", "had discussions", "held discussions", "had a meeting", "held a meeting with",
		"enjoyed attending", "was among", "were among", "joined", "came to", "went to", "inspected", "watched", "observed the",
		"discussions with", "talks with", "a meeting with", "a conversation with", "a courtesy visit", "made the rounds",
		"will attend", "will participate", "will take part", "will be present", "will join"}},
	{Quoted, []string{"said", "says", "pointed out", "emphasized", "emphasised", "stressed", "noted", "added", "stated", "remarked",
		"urged", "called for", "called on", "expressed", "argued", "explained", "warned", "announced", "insisted", "declared",
		"underlined", "underscored", "highlighted", "hoped", "asked", "told", "commented", "observed", "proposed", "suggested", "reiterated", "affirmed",
		"admitted", "revealed", "recalled", "replied", "answered", "concluded", "continued", "described", "claimed", "protested", "criticized",
		"criticised", "praised", "thanked", "welcomed", "congratulated", "shared", "promised", "pledged", "assured", "acknowledged", "confirmed",
		"agreed", "stated", "mentioned", "recommended", "spoke of", "talked about", "burst out", "exclaimed", "joked", "laughed", "complained"}},
}

// predicateFillers may stand between a subject and its verb: "X, … , etc.
// made speeches successively", "X also attended".
var predicateFillers = wordSet(`etc etc. also then later successively respectively jointly each all both
together first briefly separately subsequently had has have were was then, once again nevertheless`)

// eventVerbs introduce the event sentence: "<organiser> held <event>".
var eventVerbs = []string{" held ", " convened ", " organized ", " organised ", " hosted ", " opened ", " launched ", " staged ", " called "}

// eventNouns are the usual names for the gathering a report is about.
var eventNouns = wordSet(`meeting meetings symposium conference session summit forum seminar gathering
assembly congress event talks hearing briefing ceremony rally convention workshop plenary panel
roundtable round-table dialogue consultation colloquium retreat launch celebration reception
exhibition festival council caucus debate lecture parade race games tournament championship
competition contest carnival fair expo visit tour trip delegation premiere opening unveiling
commemoration memorial funeral wedding banquet dinner concert`)

// isTitleWord reports whether a lower-case token (possibly hyphenated) names
// a position.
func isTitleWord(w string) bool {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	if titleWords[w] {
		return true
	}
	// Plurals: "directors", "chairmen", "deputies".
	switch {
	case strings.HasSuffix(w, "men") && titleWords[w[:len(w)-3]+"man"],
		strings.HasSuffix(w, "ies") && titleWords[w[:len(w)-3]+"y"],
		strings.HasSuffix(w, "s") && titleWords[w[:len(w)-1]]:
		return true
	}
	if strings.Contains(w, "-") {
		for _, p := range strings.Split(w, "-") {
			if titleWords[p] {
				return true
			}
		}
	}
	return false
}

// IsTitleWord reports whether a word names a position ("chairman",
// "vice-president"); the bot uses it to read role questions.
func IsTitleWord(w string) bool { return isTitleWord(w) }

// IsEventNoun reports whether a word names a gathering ("meeting").
func IsEventNoun(w string) bool { return eventNouns[w] || eventNouns[strings.TrimSuffix(w, "s")] }

// IsOrgWord reports whether a word is an ordinary organisation word
// ("committee", "league"), as opposed to a proper name.
func IsOrgWord(w string) bool { return orgWords[strings.ToLower(w)] }

// TitleWords lists the words for positions, for spelling correction.
func TitleWords() []string { return keys(titleWords) }

// EventNouns lists the words for gatherings, for spelling correction.
func EventNouns() []string { return keys(eventNouns) }

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
