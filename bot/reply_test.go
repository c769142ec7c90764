package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShortenTextCutsOnACharacterBoundary(t *testing.T) {
	s := strings.Repeat("“quoted”", 40)
	for n := 1; n < len(s); n += 7 {
		if got := shortenText(s, n); !utf8.ValidString(got) {
			t.Fatalf("shortenText(…, %d) = %q: broken bytes", n, got)
		}
	}
}

func TestOneSpeakerIsOnePerson(t *testing.T) {
	b := botFromText(t, "date 2024-05-02\nThe Riverside Guild held a seminar on river safety.\nGuild Chairman Omar Haddad spoke at the seminar.")
	text, r := ask(t, b, "/speakers")
	if !r.Found || !strings.Contains(text, "1 person spoke") || strings.Contains(text, "1 people") {
		t.Errorf("got:\n%s", text)
	}
}

// A name extraction did not keep still gets the role written beside it,
// and never another person of the sentence.
func TestWhoIsFromTheWordsBesideTheName(t *testing.T) {
	b := botFromText(t, `date 2024-05-02
The Riverside Guild held a seminar on river safety.
The harbour master of Eastbay, Ingrid Solheim, and the Guild's treasurer met the press afterwards.
Questions were taken by Paulo Mendes, a volunteer lifeguard from the north shore.`)
	for _, c := range []struct{ q, want, not string }{
		{"Who is Ingrid Solheim?", "harbour master of Eastbay", "Paulo Mendes"},
		{"who is paulo mendes", "volunteer lifeguard", "Ingrid"},
	} {
		text, r := ask(t, b, c.q)
		if !r.Found || !containsFold(answerPart(text), c.want) || containsFold(answerPart(text), c.not) {
			t.Errorf("%q: got:\n%s", c.q, text)
		}
	}
}

func TestDidYouMeanNeverOffersWhatWasTyped(t *testing.T) {
	b := botFromText(t, "date 2024-05-02\nThe Riverside Guild held a seminar on river safety.\nGuild Chairman Omar Haddad spoke at the seminar.")
	text, _ := ask(t, b, "What did Omar Haddad say about the price of gold?")
	if strings.Contains(text, "Did you mean: Omar Haddad") {
		t.Errorf("offers what was typed:\n%s", text)
	}
}
