package auth

import (
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

// Routes registers the sign-in, self-service, account and token routes.
// What a caller must be able to do before a forced password change or TOTP
// enrolment is registered with authz.PasswordChange.
func (s *Service) Routes(rt *httpx.Router) {
	rt.Handle("POST /api/v1/auth/login", authz.Public, "登录", s.login)
	rt.Handle("POST /api/v1/auth/logout", authz.PasswordChange, "退出登录", s.logout)
	rt.Handle("POST /api/v1/auth/password", authz.PasswordChange, "修改本人密码", s.changePassword)
	rt.Handle("POST /api/v1/auth/totp/setup", authz.PasswordChange, "获取动态口令密钥", s.totpSetup)
	rt.Handle("POST /api/v1/auth/totp/enable", authz.PasswordChange, "启用动态口令", s.totpEnable)
	rt.Handle("GET /api/v1/me", authz.PasswordChange, "当前账号", s.getMe)
	rt.Handle("GET /api/v1/accounts", authz.AccountManage, "账号列表", s.listAccounts)
	rt.Handle("POST /api/v1/accounts", authz.AccountManage, "创建账号", s.createAccount)
	rt.Handle("PATCH /api/v1/accounts/{id}", authz.AccountManage, "修改账号（名称、停用）", s.patchAccount)
	rt.Handle("POST /api/v1/accounts/{id}/reset-password", authz.AccountManage, "重置账号密码", s.resetPassword)
	rt.Handle("POST /api/v1/accounts/{id}/roles", authz.AccountManage, "授予角色", s.grantRole)
	rt.Handle("DELETE /api/v1/role-grants/{id}", authz.AccountManage, "撤销角色", s.revokeRole)
	rt.Handle("GET /api/v1/tokens", authz.SignedIn, "本人的接口令牌", s.listTokens)
	rt.Handle("POST /api/v1/tokens", authz.SignedIn, "创建接口令牌", s.createToken)
	rt.Handle("DELETE /api/v1/tokens/{id}", authz.SignedIn, "吊销接口令牌", s.revokeToken)
}
