package bot

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestCoreImportsNoServiceOrAdapter keeps the layering the folders show:
// the core (bot/, knowledge/) is imported by the adapters and the service,
// never the other way round. A core package that needs a service part
// declares a small interface that the service implements.
func TestCoreImportsNoServiceOrAdapter(t *testing.T) {
	const module = "github.com/reportbot/reportbot/"
	forbidden := []string{module + "internal", module + "adapters", module + "cmd"}
	checked := 0
	for _, root := range []string{".", filepath.Join("..", "knowledge")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				p := strings.Trim(imp.Path.Value, `"`)
				for _, bad := range forbidden {
					if p == bad || strings.HasPrefix(p, bad+"/") {
						t.Errorf("%s imports %s: the core must not depend on the service or the adapters", path, p)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked: did the core move?", checked)
	}
}
