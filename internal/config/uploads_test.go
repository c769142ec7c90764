package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestUploadsAndScopes(t *testing.T) {
	c, ps := Check([]byte("uploads:\n  admins: [\"telegram:7\"]\n  max_size: 2048\nscopes:\n  \"slack:C1\": [finance, \"#ports\"]\n"), func(string) string { return "" })
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if c.Uploads.MaxSize != 2048 || !reflect.DeepEqual(c.Scopes["slack:C1"], []string{"finance", "#ports"}) {
		t.Errorf("read %+v %v", c.Uploads, c.Scopes)
	}
	for src, want := range map[string]string{
		"scopes:\n  C1: [finance]\n":             "platform:chatID",
		"scopes:\n  \"slack:C1\": []\n":          "at least one tag",
		"scopes:\n  \"slack:C1\": [\"a b/c\"]\n": "not a tag",
		"uploads:\n  max_size: 0\n":              "uploads.max_size",
		"uploads:\n  poll_interval: 1ms\n":       "uploads.poll_interval",
		"uploads:\n  admin: []\n":                "admin",
	} {
		_, ps := Check([]byte(src), func(string) string { return "" })
		if len(ps) == 0 || !strings.Contains(ps.Error(), want) {
			t.Errorf("%q: want a problem about %s, got %v", src, want, ps)
		}
	}
	// The example file's values are the defaults.
	ex, err := Load("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ex.Uploads.MaxSize != Default().Uploads.MaxSize || ex.Uploads.PollInterval != Default().Uploads.PollInterval || len(ex.Scopes) != 0 {
		t.Errorf("example: %+v %v", ex.Uploads, ex.Scopes)
	}
}
