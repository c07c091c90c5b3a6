// Command backend serves the Lantern status API: a small demonstration
// service for the vouch example product.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/google/uuid"
	"golang.org/x/text/language"
)

type status struct {
	RequestID string `json:"request_id"`
	Language  string `json:"language"`
	Healthy   bool   `json:"healthy"`
}

func handleStatus(w http.ResponseWriter, r *http.Request) {
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	lang := "en"
	if len(tags) > 0 {
		lang = tags[0].String()
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(status{uuid.NewString(), lang, true})
}

func main() {
	http.HandleFunc("/api/status", handleStatus)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))
}
