package transfers

import (
	"context"
	"fmt"

	"dangjian/internal/platform/clock"
)

// LoadDemo gives the demo city one of each: memberIDs[0] waiting for the
// branch toBranchID to accept them, memberIDs[1] already accepted there,
// memberIDs[2] with a letter to an organization elsewhere awaiting its 回执,
// and memberIDs[3] away as a mobile member. All four must be members of
// fromBranchID. It takes the secretary's paths as the platform itself:
// the same validation and storage, without permission checks.
func (s *Service) LoadDemo(ctx context.Context, fromBranchID, toBranchID string, memberIDs []string) error {
	if len(memberIDs) < 4 {
		return fmt.Errorf("transfers demo: 4 members needed, got %d", len(memberIDs))
	}
	ctx = asSystem(ctx)
	today := clock.Today(s.clk)
	paid := today.Format("2006-01")
	if _, err := s.start(ctx, fromBranchID, StartRequest{MemberID: memberIDs[0], Kind: KindInternal,
		ToOrgID: toBranchID, Reason: "工作调动", DuesPaidUntil: paid}); err != nil {
		return err
	}
	moved, err := s.start(ctx, fromBranchID, StartRequest{MemberID: memberIDs[1], Kind: KindInternal,
		ToOrgID: toBranchID, Reason: "单位内部岗位调整", DuesPaidUntil: paid})
	if err != nil {
		return err
	}
	if _, err := s.decide(ctx, moved.ID, actAccept, Decision{}); err != nil {
		return err
	}
	if _, err := s.start(ctx, fromBranchID, StartRequest{MemberID: memberIDs[2], Kind: KindOutgoing,
		ToOrgName: "中共杭州市西湖区委员会组织部", Reason: "调往外省工作", DuesPaidUntil: paid}); err != nil {
		return err
	}
	_, err = s.registerMobile(ctx, fromBranchID, MobileRequest{MemberID: memberIDs[3], Whereabouts: "广东省深圳市",
		Reason: "外出务工", CertificateNo: "流动证 2026-017", LocalOrgName: "深圳市南山区流动党员党支部",
		Since: clock.AddMonths(today, -2).Format(clock.DateLayout), Until: clock.AddMonths(today, 4).Format(clock.DateLayout)})
	return err
}
