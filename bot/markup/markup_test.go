package markup

import "testing"

func TestPlainRendersEveryBlockKind(t *testing.T) {
	var d Doc
	d.Heading("Speakers").List([]Span{B("Ana Lima"), T(" — chair")}, []Span{T("Tom Berg")}).
		Para(T("Try "), C("/help"), T(".")).Quote("line one\nline two")
	want := "Speakers\n\n• Ana Lima — chair\n• Tom Berg\n\nTry /help.\n\n> line one\n> line two"
	if got := Plain(d); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	var empty Doc
	if !empty.Empty() || Plain(empty) != "" || !(&Doc{}).List().Empty() {
		t.Error("an empty doc renders as nothing")
	}
}
