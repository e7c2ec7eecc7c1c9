package search

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"
)

func encode(s string) []byte { return []byte(base64.StdEncoding.EncodeToString([]byte(s))) }

// A reply is read as encoding/json reads it: escapes, space, keys in any
// order, keys and values dossier does not read; what is not JSON, or not
// a reply, is an error.
func TestDecodeReply(t *testing.T) {
	gz := base64.StdEncoding.EncodeToString([]byte("\x1f\x8b\x08\x00 fragment"))
	for _, tc := range []struct {
		json string
		id   int
		want reply
		err  bool
	}{
		{json: `{"message_id":1,"payload":{"type":"NewIndex","index_id":0}}`, id: 1, want: reply{Type: "NewIndex"}},
		{json: ` { "payload" : { "index_id" : 3 , "type" : "NewIndex" } , "message_id" : 12 } `, id: 12, want: reply{Type: "NewIndex", IndexID: 3}},
		{json: `{"message_id":7,"payload":{"type":"IndexedFile","page_word_count":4,"page_url":"/a/","page_meta":{"title":"A \"quoted\" \u00e9","kind":"Briefing"}}}`, id: 7, want: reply{Type: "IndexedFile"}},
		{json: `{"message_id":2,"payload":{"type":"Error","original_message":null,"message":"Unparseable \\ \"message\"\n"}}`, id: 2, want: reply{Type: "Error", Message: "Unparseable \\ \"message\"\n"}},
		{json: `{"message_id":9,"payload":{"type":"GetFiles","files":[{"path":"fragment/en_1.pf_fragment","content":"` + gz + `"},{"content":"","path":"a\/b\u0020c"}]}}`, id: 9,
			want: reply{Type: "GetFiles", Files: []syntheticFile{{Path: "fragment/en_1.pf_fragment", Content: []byte("\x1f\x8b\x08\x00 fragment")}, {Path: "a/b c", Content: []byte{}}}}},
		{json: `{"message_id":9,"payload":{"type":"GetFiles","files":[]}}`, id: 9, want: reply{Type: "GetFiles"}},
		{json: `{"message_id":null,"payload":{"type":"Error","message":"x"}}`, err: true},
		{json: `{"payload":{"type":"Error","message":"x"}}`, err: true},
		{json: `{"message_id":1,"payload":{"type":"NewIndex"}} x`, err: true},
		{json: `{"message_id":1,"payload":{"type":"NewIndex"}`, err: true},
		{json: `{"message_id":1,"payload":{"type":"GetFiles","files":[{"path":"a","content":"not base64!"}]}}`, err: true},
		{json: `{"message_id":1,"payload":{"type":"NewIndex","extra":nul}}`, err: true},
		{json: `{"message_id":1,"payload":{"type":"NewIndex","extra":[1,{"a":[]},"\""]}}`, id: 1, want: reply{Type: "NewIndex"}},
		{json: `{"message_id":"1"}`, err: true},
		{json: `["message_id",1]`, err: true},
		{json: `{"message_id":1,"payload":{"type":"NewIndex}}`, err: true},
	} {
		id, got, err := decodeReply(encode(tc.json))
		if (err != nil) != tc.err {
			t.Errorf("%s: error %v", tc.json, err)
			continue
		}
		if tc.err {
			continue
		}
		if id != tc.id || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %d %+v\nwant %d %+v", tc.json, id, got, tc.id, tc.want)
		}
	}
	if _, _, err := decodeReply([]byte("e30=x")); err == nil {
		t.Error("a message that is not base64 is read")
	}
}

// Whatever Pagefind's replies hold, as encoding/json writes them (as
// serde_json does: escapes of its own), they are read back as they were;
// and no input makes the decoder panic.
func FuzzDecodeReply(f *testing.F) {
	f.Add(3, "GetFiles", "", "fragment/en_1.pf_fragment", []byte("\x1f\x8b data"), []byte(`{"message_id":1}`))
	f.Add(0, "Error", "bad \"thing\"\n\u2028", "", []byte(nil), []byte(`{"message_id":1,"payload":{"files":[{"path":"\u00e9"}]}}`))
	f.Fuzz(func(t *testing.T, id int, typ, message, path string, content, raw []byte) {
		decodeReply(encode(string(raw)))
		if id < 0 {
			id = -id
		}
		in := map[string]any{"message_id": id, "payload": map[string]any{
			"type": typ, "message": message, "index_id": id % 7,
			"files": []map[string]any{{"path": path, "content": content}, {"content": content, "path": path + "/2"}},
		}}
		js, err := json.Marshal(in)
		if err != nil {
			t.Skip()
		}
		var want struct {
			ID      int   `json:"message_id"`
			Payload reply `json:"payload"`
		}
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatal(err)
		}
		gotID, got, err := decodeReply(encode(string(js)))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		for i := range got.Files {
			if !bytes.Equal(got.Files[i].Content, want.Payload.Files[i].Content) {
				t.Fatalf("content %q, want %q", got.Files[i].Content, want.Payload.Files[i].Content)
			}
			got.Files[i].Content, want.Payload.Files[i].Content = nil, nil
		}
		if gotID != want.ID || !reflect.DeepEqual(got, want.Payload) {
			t.Fatalf("%s:\n got %d %+v\nwant %d %+v", js, gotID, got, want.ID, want.Payload)
		}
	})
}
