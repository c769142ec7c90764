package knowledge

import "embed"

// bundled holds the example report shipped in the binary, so `reportbot ask`
// works from any folder with no files at hand.
//
//go:embed reports/*.txt
var bundled embed.FS

// BundledFS returns the embedded reports folder.
func BundledFS() embed.FS { return bundled }
