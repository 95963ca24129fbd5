package dues

import "dangjian/internal/platform/httpx"

// Routes registers the dues API.
func (s *Service) Routes(rt *httpx.Router) {
	s.baseRoutes(rt)
	s.ledgerRoutes(rt)
	s.collectionRoutes(rt)
}

// registerJobs registers the monthly posting and the arrears warnings.
func (s *Service) registerJobs() {
	s.registerPosting()
	s.registerArrears()
}
