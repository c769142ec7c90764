package knowledge

import (
	"strings"
	"testing"
	"time"
)

// A clause that follows a name after a comma is a role only when it is a
// noun phrase for a person. Verbs ending like agent nouns ("accelerate",
// "insist") and abstract nouns ("readiness", "progress") open a clause or
// a topic, and the place that ends such a clause is no person.
func TestClauseAfterANameIsNoRole(t *testing.T) {
	text := "The council met on Monday. Chair Ann Falk presided over the meeting. " +
		"We must follow the plan put forward by Director Ola Berg, insist on openness and accuracy, and build trust. " +
		"We must support the growth of Northvale, accelerate the renewal of the harbour of Northvale, and create jobs. " +
		"Members praised the readiness of Kim Dale, progress in the region and the work of the staff."
	r, err := Parse("clause", []byte(text), time.Date(2025, 1, 8, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.People {
		if p.Name == "Northvale" {
			t.Errorf("a place was taken for a person: %+v", p)
		}
		for _, role := range p.Roles {
			for _, bad := range []string{"insist", "accelerate", "progress"} {
				if strings.Contains(role.Text, bad) {
					t.Errorf("%s got the clause %q as a role", p.Name, role.Text)
				}
			}
		}
	}
	if findPerson(r, "Ola Berg") == nil {
		t.Errorf("Ola Berg not found: %+v", r.People)
	}
}

func findPerson(r *Report, name string) *Person {
	for i := range r.People {
		if r.People[i].Name == name {
			return &r.People[i]
		}
	}
	return nil
}
