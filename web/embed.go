// Package web holds the built UI, embedded into the binary.
package web

import "embed"

// Dist is the production build of the console and the mobile portal (web/dist).
//
//go:embed all:dist
var Dist embed.FS
