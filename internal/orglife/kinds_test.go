package orglife

import "testing"

func TestKindsAndLabels(t *testing.T) {
	want := []Kind{"member_assembly", "committee", "group", "lecture", "theme_day", "life_meeting"}
	if len(Kinds) != len(want) {
		t.Fatalf("Kinds = %v", Kinds)
	}
	labels := map[string]bool{}
	for i, k := range Kinds {
		if k != want[i] || !k.Valid() || k.Label() == "" {
			t.Errorf("Kinds[%d] = %q (valid %v, label %q)", i, k, k.Valid(), k.Label())
		}
		labels[k.Label()] = true
	}
	if len(labels) != len(Kinds) {
		t.Errorf("labels are not distinct: %v", labels)
	}
	if KindCommittee.Label() != "支委会" || KindLifeMeeting.Label() != "组织生活会" {
		t.Errorf("labels: %q %q", KindCommittee.Label(), KindLifeMeeting.Label())
	}
	if Kind("party_day").Valid() || Kind("").Valid() || Kind("x").Label() != "" {
		t.Error("unknown kinds must be invalid and unlabelled")
	}
}

func TestKindFrequencies(t *testing.T) {
	for f, label := range map[Frequency]string{Monthly: "每月", Quarterly: "每季度", Yearly: "每年", Off: "不作要求"} {
		if !f.Valid() || f.Label() != label {
			t.Errorf("%q: valid %v label %q, want %q", f, f.Valid(), f.Label(), label)
		}
	}
	if Frequency("weekly").Valid() || Frequency("").Valid() {
		t.Error("unknown frequencies must be invalid")
	}
	// 支部条例 defaults, as listed in DOMAIN.md.
	for k, f := range map[Kind]Frequency{
		KindMemberAssembly: Quarterly, KindCommittee: Monthly, KindGroup: Monthly,
		KindLecture: Quarterly, KindThemeDay: Monthly, KindLifeMeeting: Yearly, "nope": Off,
	} {
		if got := DefaultFrequency(k); got != f {
			t.Errorf("DefaultFrequency(%q) = %q, want %q", k, got, f)
		}
	}
}
