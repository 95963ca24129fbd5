package httpx

import (
	"net/http"
	"net/url"
	"path"
)

// XLSX is the media type of the spreadsheets the platform sends.
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Download sets the headers of a file download. The Chinese name goes in
// filename* (RFC 6266); older clients get an ASCII name with its extension.
func Download(w http.ResponseWriter, contentType, name string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="download`+path.Ext(name)+
		`"; filename*=UTF-8''`+url.PathEscape(name))
}
