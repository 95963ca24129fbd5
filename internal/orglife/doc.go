// Package orglife is organizational life (组织生活): 三会一课 (支部党员大会,
// 支委会, 党小组会, 党课), 主题党日 and 组织生活会. A branch plans its year,
// calls meetings whose expected attendees follow from the kind, notifies
// them through the message center, approves leave, checks people in (a
// rotating QR code, an optional geofence, an optional photo with separate
// consent, a secretary's manual mark, remote attendance), records minutes
// and votes under the vote rules of package voting, and finalizes the
// record, after which corrections are only appended. Compliance — required
// against held meetings per kind and period — is kept as per-period counts
// written when a meeting is finalized, so an upper organization's view of
// tens of thousands of branches reads one small row per branch and period.
//
// There is no daily clock-in anywhere: check-in exists only for a meeting,
// in a window around its start.
package orglife
