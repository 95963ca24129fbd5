package orglife

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/timeline"
)

// Routes registers the organizational-life API.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/meetings", authz.OrgLifeRead, "组织生活会议列表", s.handleList)
	rt.Handle("POST /api/v1/meetings", authz.OrgLifeManage, "发起会议（三会一课、主题党日、组织生活会）", s.handleCreate)
	rt.Handle("POST /api/v1/meetings/attachments", authz.OrgLifeManage, "上传会议记录附件", s.handleUpload)
	rt.Handle("GET /api/v1/meetings/{id}", authz.OrgLifeRead, "会议详情", s.handleGet)
	rt.Handle("PATCH /api/v1/meetings/{id}", authz.OrgLifeManage, "修改会议", s.handleUpdate)
	rt.Handle("POST /api/v1/meetings/{id}/notify", authz.OrgLifeManage, "发送会议通知", s.handleNotify)
	rt.Handle("POST /api/v1/meetings/{id}/cancel", authz.OrgLifeManage, "取消会议", s.handleCancel)
	rt.Handle("GET /api/v1/meetings/{id}/history", authz.OrgLifeRead, "会议操作记录", s.handleHistory)
	rt.Handle("GET /api/v1/meetings/{id}/attendees", authz.OrgLifeRead, "参会人员与出席情况", s.handleAttendees)
	rt.Handle("POST /api/v1/meetings/{id}/attendees", authz.OrgLifeManage, "增加参会人员（领导干部、列席人员）", s.handleAddAttendee)
	rt.Handle("POST /api/v1/meetings/{id}/attendees/{member_id}/exclude", authz.OrgLifeManage, "设置是否计入应到人数", s.handleExclude)
	rt.Handle("POST /api/v1/meetings/{id}/leave/{member_id}", authz.OrgLifeManage, "审批请假", s.handleDecideLeave)
	rt.Handle("POST /api/v1/meetings/{id}/attendance", authz.OrgLifeManage, "标记出席情况（补录、线上参会、确认签到）", s.handleMark)
	rt.Handle("PUT /api/v1/meetings/{id}/minutes", authz.OrgLifeManage, "保存会议记录", s.handleMinutes)
	rt.Handle("GET /api/v1/meetings/{id}/attachments/{file_id}", authz.OrgLifeRead, "下载会议记录附件", s.handleDownload)
	rt.Handle("POST /api/v1/meetings/{id}/votes", authz.OrgLifeManage, "记录表决结果", s.handleVote)
	rt.Handle("POST /api/v1/meetings/{id}/finalize", authz.OrgLifeManage, "归档会议记录", s.handleFinalize)
	rt.Handle("POST /api/v1/meetings/{id}/corrections", authz.OrgLifeManage, "更正已归档的会议记录", s.handleCorrect)
	rt.Handle("GET /api/v1/orgs/{id}/orglife/settings", authz.OrgLifeRead, "组织生活设置（含来源）", s.settingsHTTP().Get)
	rt.Handle("PUT /api/v1/orgs/{id}/orglife/settings", authz.OrgLifeManage, "修改本组织及下级的组织生活设置", s.settingsHTTP().Put)
	rt.Handle("GET /api/v1/orgs/{id}/orglife/group-members", authz.OrgLifeRead, "党小组成员", s.handleGroupMembers)
	rt.Handle("PUT /api/v1/orgs/{id}/orglife/group-members", authz.OrgLifeManage, "设置党小组成员", s.handleSetGroupMembers)
	rt.Handle("GET /api/v1/orgs/{id}/orglife/compliance", authz.OrgLifeRead, "三会一课落实情况（红黄绿）", s.handleCompliance)
	rt.Handle("GET /api/v1/orgs/{id}/orglife/compliance/branches", authz.OrgLifeRead, "落实情况对应的支部名单", s.handleComplianceBranches)
	rt.Handle("GET /api/v1/orgs/{id}/orglife/plan", authz.OrgLifeRead, "年度组织生活计划", s.handlePlan)
	rt.Handle("PUT /api/v1/orgs/{id}/orglife/plan", authz.OrgLifeManage, "保存年度组织生活计划", s.handleSavePlan)
	s.myRoutes(rt)
	s.checkinRoutes(rt)
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	out, err := s.List(r.Context(), Filter{OrgID: q.Get("org_id"), Kind: q.Get("kind"), State: q.Get("state"),
		From: q.Get("from"), To: q.Get("to"), Text: q.Get("q")}, pg)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	var d Draft
	if err := httpx.DecodeJSON(r, &d); err != nil {
		return err
	}
	m, err := s.Create(r.Context(), d)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, m)
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.scoped(r.Context(), r.PathValue("id"), authz.OrgLifeRead); err != nil {
		return err
	}
	return s.writeMeeting(w, r)
}

// writeMeeting answers with the meeting of the path as it is now.
func (s *Service) writeMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.View(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}

// decodeThen decodes the body into v, runs fn and answers with the meeting.
func decodeThen[T any](s *Service, w http.ResponseWriter, r *http.Request, fn func(v T) error) error {
	var v T
	if err := httpx.DecodeJSON(r, &v); err != nil {
		return err
	}
	if err := fn(v); err != nil {
		return err
	}
	return s.writeMeeting(w, r)
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(d Draft) error { return s.Update(r.Context(), r.PathValue("id"), d) })
}

func (s *Service) handleNotify(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(b struct {
		SMS bool `json:"sms"`
	}) error {
		return s.Notify(r.Context(), r.PathValue("id"), b.SMS)
	})
}

type reasonBody struct {
	Reason string `json:"reason"`
}

func (s *Service) handleCancel(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(b reasonBody) error { return s.Cancel(r.Context(), r.PathValue("id"), b.Reason) })
}

func (s *Service) handleHistory(w http.ResponseWriter, r *http.Request) error {
	m, err := s.scoped(r.Context(), r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	items, err := timeline.Read(r.Context(), s.db, `SELECT id, kind, at, actor_name, detail FROM meeting_events
		WHERE meeting_id = ? ORDER BY at DESC, id DESC`, m.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	return s.files.Upload(w, r, files.MaxSize)
}

func (s *Service) handleDownload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.scoped(ctx, r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	list, err := attachmentIDs(ctx, s.db, m.ID)
	if err != nil {
		return err
	}
	for _, id := range list {
		if id == r.PathValue("file_id") {
			f, err := s.files.Get(ctx, id)
			if err != nil {
				return err
			}
			return files.Serve(w, f)
		}
	}
	return httpx.NotFound()
}
