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
