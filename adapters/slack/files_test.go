package slack

import (
	"testing"
)

// A file shared in a DM arrives as a message of subtype file_share: it is
// a new message with files, not an ignored subtype; other subtypes stay
// ignored, and a mention carries its files too.
func TestDecodeFiles(t *testing.T) {
	share := `{"type":"event_callback","event_id":"Ev1","event":{"type":"message","subtype":"file_share","channel_type":"im","channel":"D1","user":"U1","text":"/add ports","ts":"1.1",
"files":[{"id":"F1","name":"m.pdf","mimetype":"application/pdf","size":42,"url_private":"https://files.slack.com/files-pri/T-F1/m.pdf","url_private_download":"https://files.slack.com/files-pri/T-F1/download/m.pdf"}]}}`
	env, err := decodeEvent([]byte(share))
	if err != nil {
		t.Fatal(err)
	}
	e := env.Event
	if e == nil || e.SubType != "" || e.User != "U1" || e.Text != "/add ports" || len(e.Files) != 1 || e.Files[0].Size != 42 || e.Files[0].URLPrivateDownload == "" {
		t.Fatalf("file_share decoded as %+v", e)
	}
	a := &Adapter{botUserID: "UBOT"}
	d, ok := a.eventDelivery(env)
	if !ok || len(d.files) != 1 || d.msg.Text != "/add ports" {
		t.Fatalf("delivery %+v %v", d, ok)
	}
	// file_share without files (never sent by Slack) stays ignored, as do
	// other subtypes.
	for _, body := range []string{
		`{"type":"event_callback","event_id":"Ev2","event":{"type":"message","subtype":"file_share","channel_type":"im","channel":"D1","user":"U1","text":"x","ts":"1.2"}}`,
		`{"type":"event_callback","event_id":"Ev3","event":{"type":"message","subtype":"message_changed","channel_type":"im","channel":"D1","ts":"1.3","files":[{"id":"F1"}]}}`,
	} {
		env, err := decodeEvent([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := a.eventDelivery(env); ok {
			t.Errorf("delivered %s", body)
		}
	}
	mention := `{"type":"event_callback","event_id":"Ev4","event":{"type":"app_mention","channel":"C1","user":"U1","text":"<@UBOT> here","ts":"1.4","files":[{"id":"F2","name":"n.docx","size":7}]}}`
	env, err = decodeEvent([]byte(mention))
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := a.eventDelivery(env); !ok || len(d.files) != 1 || !d.msg.Mentioned {
		t.Errorf("mention with a file: %+v %v", d, ok)
	}
}
