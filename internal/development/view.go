package development

import (
	"context"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// FileSummary is a file in a list.
type FileSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	Stage        int    `json:"stage"`
	StageLabel   string `json:"stage_label"`
	LastStep     int    `json:"last_step"`
	LastStepName string `json:"last_step_name"`
	NextDue      string `json:"next_due"`
	NextDueWhat  string `json:"next_due_what"`
	Overdue      bool   `json:"overdue"`
	State        string `json:"state"`
	AppliedOn    string `json:"applied_on"`
}

// File is a file with its personal data masked, its steps, what may be
// done next and what its reader should know first.
type File struct {
	FileSummary
	Ethnicity       string     `json:"ethnicity"`
	BirthDate       string     `json:"birth_date"`
	IDNumber        string     `json:"id_number"`
	Phone           string     `json:"phone"`
	Education       string     `json:"education"`
	Category        string     `json:"category"`
	MemberID        string     `json:"member_id"`
	JoinedOn        string     `json:"joined_on"`
	ProbationEnd    string     `json:"probation_end"`
	ExtensionMonths int        `json:"extension_months"`
	ExtensionReason string     `json:"extension_reason"`
	StoppedOn       string     `json:"stopped_on"`
	StopReason      string     `json:"stop_reason"`
	Version         int        `json:"version"`
	Steps           []StepView `json:"steps"`
	Next            []NextView `json:"next"`
	Warnings        []string   `json:"warnings"`
}

// StepView is a recorded step.
type StepView struct {
	No         int         `json:"no"`
	Name       string      `json:"name"`
	Stage      int         `json:"stage"`
	On         string      `json:"on"`
	People     []personRef `json:"people"`
	Hours      int         `json:"hours"`
	Days       int         `json:"days"`
	FileIDs    []string    `json:"file_ids"`
	Note       string      `json:"note"`
	Publicity  *Publicity  `json:"publicity"`
	Extended   bool        `json:"extended"`
	Vote       *voteRecord `json:"vote"`
	Failed     bool        `json:"failed"`
	Superseded bool        `json:"superseded"`
	ActorName  string      `json:"actor_name"`
	At         string      `json:"at"`
}

// NextView is a step that may be recorded now.
type NextView struct {
	No      int      `json:"no"`
	Name    string   `json:"name"`
	Actor   string   `json:"actor"`
	Due     string   `json:"due"`
	DueWhat string   `json:"due_what"`
	Warning string   `json:"warning"`
	Needs   []string `json:"needs"` // as in the step catalogue
}

// summary is r as a list shows it, as of today.
func summary(r fileRow, orgName, today string) FileSummary {
	last, _ := rules.Lookup(r.LastStep)
	return FileSummary{ID: r.ID, Name: r.Name, Gender: r.Gender, OrgID: r.OrgID, OrgName: orgName, Stage: r.Stage,
		StageLabel: rules.StageLabel(r.Stage), LastStep: r.LastStep, LastStepName: last.Name, NextDue: r.NextDue,
		NextDueWhat: r.NextDueWhat, Overdue: r.NextDue != "" && r.NextDue < today, State: r.State, AppliedOn: r.AppliedOn}
}

// file reads a file for a caller who may read it there (404 otherwise).
func (s *Service) file(ctx context.Context, id string) (File, error) {
	r, err := getFile(ctx, s.db, id, "")
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.DevelopmentRead, r.OrgPath)) {
		return File{}, httpx.NotFound()
	}
	if err != nil {
		return File{}, err
	}
	steps, err := fileSteps(ctx, s.db, r.ID)
	if err != nil {
		return File{}, err
	}
	names, err := s.dir.Names(ctx, s.db, []string{r.OrgID})
	if err != nil {
		return File{}, err
	}
	return s.view(r, steps, names[r.OrgID]), nil
}

// view assembles the File of r.
func (s *Service) view(r fileRow, steps []stepRow, orgName string) File {
	today := clock.Today(s.clk)
	v := File{FileSummary: summary(r, orgName, format(today)), Ethnicity: r.Ethnicity, BirthDate: r.BirthDate,
		IDNumber: r.IDMasked, Phone: r.PhoneMasked, Education: r.Education, Category: r.Category, MemberID: r.MemberID,
		JoinedOn: r.JoinedOn, ProbationEnd: r.ProbationEnd, ExtensionMonths: r.ExtensionMonths,
		ExtensionReason: r.ExtensionReason, StoppedOn: r.StoppedOn, StopReason: r.StopReason, Version: r.Version,
		Steps: []StepView{}, Next: []NextView{}, Warnings: []string{}}
	for _, st := range steps {
		v.Steps = append(v.Steps, stepView(st))
	}
	if !inProgress(r.State) && r.State != StateFull {
		return v
	}
	f := rulesFile(steps, r.ExtensionMonths)
	for _, n := range f.Next(today) {
		v.Next = append(v.Next, NextView{No: n.No, Name: n.Name, Actor: n.Actor, Due: format(n.Due), DueWhat: n.What, Warning: n.Warning,
			Needs: needs(n.No)})
	}
	if inProgress(r.State) {
		v.Warnings = append(v.Warnings, f.Warnings(today)...)
	}
	return v
}

func stepView(st stepRow) StepView {
	step, _ := rules.Lookup(st.No)
	v := StepView{No: st.No, Name: step.Name, Stage: step.Stage, On: st.On, People: orEmpty(st.People), Hours: st.Hours,
		Days: st.Days, FileIDs: orEmpty(st.FileIDs), Note: st.Note, Extended: st.Extended, Vote: st.Vote,
		Failed: st.Failed, Superseded: st.Superseded, ActorName: st.ActorName, At: clock.Stamp(st.At)}
	if st.PublicityStart != "" {
		v.Publicity = &Publicity{Start: st.PublicityStart, End: st.PublicityEnd}
	}
	return v
}
