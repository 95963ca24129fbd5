// Package voting is the one implementation of the Party's vote rules: who has
// a vote, when a 党员大会 may vote, when a resolution passes, when an election
// meeting is valid, and the share of members that may be rated 优秀 in
// 民主评议. It is pure: no database, no HTTP, no clock. Organizational life
// records votes in the minutes with it (issue #4) and elections reuse it
// (issue #6).
//
// The rules and their sources (DOMAIN.md, "Voting at a 党员大会" and
// "Elections"):
//
//   - Who votes. Only full members (正式党员) have a vote. Probationary
//     members (预备党员) have none (党章 第七条), nor have members under
//     留党察看 (党章 第三十九条; 选举条例 第五条). See HasVote.
//   - Quorum (到会). A 支部党员大会 may vote only when more than half of the
//     members with a vote who should attend (应到会有表决权的党员) are
//     present (支部条例 第十一条). Exactly half is not enough. See Quorum.
//   - Passing. Yes votes must exceed half of the members with a vote who
//     should attend — not of those present (支部条例 第十一条; for admission
//     and 转正 also 发展细则). Exactly half fails. See Passes.
//   - Written opinions (书面意见). A member with a vote who should attend but
//     cannot come may formally hand the branch a written opinion before the
//     meeting; for admitting a probationary member (接收预备党员) and for
//     转正 it is counted in the votes (发展细则). It is not counted for other
//     resolutions, and is never counted toward the quorum. Whether an
//     opinion arrived before the meeting is the caller's to check: one
//     handed in afterwards is void and must not be passed to Decide.
//   - Who should attend. Which members are left out of 应到会 (abroad over
//     six months, too ill to express their will, ...) is decided by the
//     branch with the higher committee's consent and is configurable
//     (DOMAIN.md); the caller marks them with ShouldAttend=false. One left
//     out who nevertheless comes and votes counts as should-attend again, so
//     Decide treats every present member with a vote as expected.
//   - Elections (选举条例). An election meeting is valid only when more than
//     4/5 of the voters who should attend are present (exactly 4/5 fails);
//     see ElectionAttendanceValid. A candidate is elected with yes votes
//     exceeding half of the voters who should attend: the same test as
//     Passes. Committee candidates exceed the seats by at least 20%
//     (MinCandidates); a ballot marking more names than seats is invalid;
//     more ballots returned than issued voids the round; a tie across the
//     last seat goes to a revote among the tied. See election.go.
//   - 民主评议 优秀 cap. At most a share of the members rated may be graded
//     优秀: one third by default, configurable per subtree (DOMAIN.md). See
//     Share, ParseShare and DefaultExcellentShare.
//
// Rule violations are reported as *RuleError with a stable English code and
// a Chinese message that names the regulation, ready for the user.
package voting
