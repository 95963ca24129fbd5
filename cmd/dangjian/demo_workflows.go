package main

import (
	"context"
	"fmt"

	"dangjian/internal/app"
)

// The demo city's party-affairs workflows happen in the 财政局 general
// branch, away from the branches the browser tests count members in.
const (
	demoGeneralBranch = "清源市财政局机关党总支"
	demoBranch2       = "清源市财政局机关第二党支部"
	demoBranch3       = "清源市财政局机关第三党支部"
	demoBranch1       = "清源市财政局机关第一党支部"
)

// loadWorkflowDemo gives the demo city a year of organizational life in the
// 财政局 branches, applicants at every stage of 发展党员, transfers and a
// 流动党员, a 换届 finished and one planned, and a 两优一先 round under way.
func loadWorkflowDemo(ctx context.Context, a *app.App, rootID string) error {
	root, err := a.Orgs.Get(ctx, a.DB, rootID)
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, name := range []string{demoGeneralBranch, demoBranch1, demoBranch2, demoBranch3} {
		found, err := a.Orgs.Named(ctx, a.DB, root.Path, name)
		if err != nil {
			return err
		}
		if len(found) != 1 {
			return fmt.Errorf("demo: %d organizations named %s", len(found), name)
		}
		ids[name] = found[0].ID
	}
	branches := []string{ids[demoBranch1], ids[demoBranch2], ids[demoBranch3]}
	// A year of 三会一课 first: its meeting.* events feed points, the archive
	// and the year cards, and come before members are admitted or moved.
	if err := a.OrgLife.LoadDemo(ctx, branches); err != nil {
		return err
	}
	if err := a.Development.LoadDemo(ctx, branches); err != nil {
		return err
	}
	if err := a.Elections.LoadDemo(ctx, []string{ids[demoGeneralBranch], ids[demoBranch3]}); err != nil {
		return err
	}
	from, err := a.Orgs.Get(ctx, a.DB, ids[demoBranch2])
	if err != nil {
		return err
	}
	people, err := a.Members.PeopleIn(ctx, from.Path)
	if err != nil {
		return err
	}
	var memberIDs []string
	for _, p := range people {
		memberIDs = append(memberIDs, p.ID)
	}
	if err := a.Transfers.LoadDemo(ctx, ids[demoBranch2], ids[demoBranch3], memberIDs); err != nil {
		return err
	}
	// 两优一先 last, so its nominees are picked from the final membership.
	return a.Commendations.LoadDemo(ctx, ids[demoGeneralBranch], branches)
}
