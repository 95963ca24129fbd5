package orglife

import "math"

// earthRadiusM is the mean radius of the Earth in metres.
const earthRadiusM = 6_371_000

// distanceM is the great-circle (haversine) distance between two points in
// degrees, rounded to whole metres: enough for a geofence of tens of
// metres, and all the server keeps of a member's position.
func distanceM(lat1, lng1, lat2, lng2 float64) int {
	rad := func(deg float64) float64 { return deg * math.Pi / 180 }
	dLat, dLng := rad(lat2-lat1), rad(lng2-lng1)
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(rad(lat1))*math.Cos(rad(lat2))*math.Sin(dLng/2)*math.Sin(dLng/2)
	return int(math.Round(2 * earthRadiusM * math.Asin(math.Sqrt(min(h, 1)))))
}

// validPoint reports whether lat and lng are coordinates on Earth.
func validPoint(lat, lng float64) bool {
	return lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180
}
