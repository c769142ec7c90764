package config

import (
	"strings"
	"testing"
	"time"
)

func TestDigestAndStoreValidation(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("defaults must be valid: %v", err)
	}
	// Answers are kept a while by default, and 0 keeps them forever.
	if d := Default().Store.Retention.Answers; d < 30*24*time.Hour {
		t.Errorf("default answer retention %v: votes need their answers for a while", d)
	}
	c := Default()
	c.Store.Retention.Answers = 0
	if err := c.Validate(); err != nil {
		t.Errorf("store.retention.answers 0 must mean forever: %v", err)
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
		{func(c *Config) { c.Store.Retention.Answers = time.Hour }, "store.retention.answers"},
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
