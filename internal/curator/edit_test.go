package curator

import (
	"strings"
	"testing"

	"github.com/reportbot/reportbot/knowledge"
)

func TestEditsOnFilesOfEveryShape(t *testing.T) {
	for _, tc := range []struct {
		name, in string
	}{
		{"empty", ""},
		{"only a comment", "# nothing yet\n"},
		{"a null document", "~\n"},
		{"empty sections", "roles:\naliases:\n"},
		{"flow style", "aliases: {Maria Ortiz: [M. Ortiz]}\nroles: {}\n"},
		{"other letter case", "roles:\n  MARIA ORTIZ: Chair\naliases:\n  maria ortiz: [M. Ortiz]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.in)
			var err error
			for _, e := range []edit{
				setEntry("roles", "Maria Ortiz", "Mayor"),
				addToList("aliases", "Maria Ortiz", "Chair Ortiz"),
				addToList("not_people", "", "Lakeside Water Board"),
				addQA("when?", "In May."),
			} {
				if data, err = applyEdit(data, e); err != nil {
					t.Fatalf("edit: %v", err)
				}
			}
			cur, err := knowledge.ParseCuration(data)
			if err != nil {
				t.Fatalf("result does not load: %v\n%s", err, data)
			}
			if len(cur.Roles) != 1 || !strings.EqualFold(firstKey(cur.Roles), "Maria Ortiz") || firstValue(cur.Roles) != "Mayor" {
				t.Errorf("roles %v, want one entry for the person: Mayor\n%s", cur.Roles, data)
			}
			if len(cur.Aliases) != 1 {
				t.Errorf("aliases %v, want one person's\n%s", cur.Aliases, data)
			}
			for _, as := range cur.Aliases {
				if !contains(as, "Chair Ortiz") {
					t.Errorf("aliases %v lack the new one", as)
				}
			}
			if len(cur.NotPeople) != 1 || len(cur.QA) != 1 {
				t.Errorf("not_people %v, qa %v\n%s", cur.NotPeople, cur.QA, data)
			}
			if strings.HasPrefix(tc.in, "#") && !strings.HasPrefix(string(data), "# nothing yet") {
				t.Errorf("comment lost:\n%s", data)
			}
		})
	}
}

func TestEditsRefuseAFileOfTheWrongShape(t *testing.T) {
	for _, in := range []string{"- a list\n", "roles: [a, b]\n", "roles: [\n"} {
		if _, err := applyEdit([]byte(in), setEntry("roles", "A", "B")); err == nil {
			t.Errorf("%q: edited without an error", in)
		}
	}
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}

func firstValue(m map[string]string) string {
	for _, v := range m {
		return v
	}
	return ""
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
