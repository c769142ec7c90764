package config

import (
	"strings"
	"testing"
)

func TestDigestAndStoreValidation(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.Digest.DefaultTime = "9:00" }, "digest.default_time"},
		{func(c *Config) { c.Digest.DefaultTime = "24:00" }, "digest.default_time"},
		{func(c *Config) { c.Digest.WhenNothingNew = "never" }, "when_nothing_new"},
		{func(c *Config) { c.Digest.Lease = 0 }, "digest.lease"},
		{func(c *Config) { c.Store.Driver = "mysql" }, "store.driver"},
		{func(c *Config) { c.Store.Driver = "postgres" }, "store.dsn"},
	} {
		c := Default()
		tc.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("want an error about %s, got %v", tc.want, err)
		}
	}
}

// The example file documents every default; for the store and digest
// sections it must say exactly what Default does.
func TestExampleStoreAndDigestAreDefaults(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	c, err := Load("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if c.Store != d.Store {
		t.Errorf("store: example %+v, default %+v", c.Store, d.Store)
	}
	if c.Digest.DefaultTime != d.Digest.DefaultTime || c.Digest.DefaultTimezone != d.Digest.DefaultTimezone ||
		c.Digest.WhenNothingNew != d.Digest.WhenNothingNew || len(c.Digest.BotAdmins) != 0 ||
		c.Digest.CheckInterval != d.Digest.CheckInterval || c.Digest.Lease != d.Digest.Lease || c.Digest.MaxAttempts != d.Digest.MaxAttempts {
		t.Errorf("digest: example %+v, default %+v", c.Digest, d.Digest)
	}
}
